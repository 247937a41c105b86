"""Load benchmark of the REST API: throughput and latency under 1, 8 and 32 concurrent clients.

Starts `uvicorn api.app:app` on a free loopback port (subprocess) and, per request size, scores segments
in-process with `Auditor.score_segments` for the baseline, then drives the server from a separate client
process for a bounded time per concurrency (requests still running `--drain` s after the end are cut and
counted apart). Prints throughput, latency percentiles, errors, mean micro-batch size and HTTP/in-process
throughput.

Texts: JSONL(.gz) files with `source`/`src`, `mt` and optionally `reference`/`ref`/`post_edit` (`--with-ref`)
and `lp` ("ru-en"); by default the ru-en and ro-en direct-assessment sets in ../shared/data/da (read at run
time, never copied), else the project's demo corpus. Each configuration reads its own slice of the pool, so the
encoders' per-text caches do not make later runs look faster.

    python bench/load_bench.py                       # 10 s per configuration
    python bench/load_bench.py --duration 5 --clients 1,8 --sizes 1
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = ROOT.parent / "shared" / "data" / "da"


# --- data -----------------------------------------------------------------------------------------------------------


DEFAULT_PAIRS = ("ru-en", "ro-en")  # source languages with wordfreq lists (the checks use them)


def default_data() -> list[Path]:
    if DEFAULT_DATA_DIR.is_dir():
        return sorted(p for lp in DEFAULT_PAIRS for p in DEFAULT_DATA_DIR.glob(f"{lp}.*.jsonl.gz"))
    return []


def _open(path: Path) -> Iterator[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as stream:
        yield from stream


def load_pool(paths: Sequence[Path], with_ref: bool) -> list[dict[str, str]]:
    """Segments as API dicts (`src`, `mt`, optional `ref`, languages from `lp`)."""
    if not paths:
        return demo_pool(with_ref)
    pool = []
    for path in paths:
        for line in _open(path):
            row = json.loads(line)
            src, mt = row.get("src") or row.get("source"), row.get("mt")
            if not (isinstance(src, str) and isinstance(mt, str) and src.strip() and mt.strip()):
                continue
            seg = {"src": src, "mt": mt}
            ref = row.get("ref") or row.get("reference") or row.get("post_edit")
            if with_ref and isinstance(ref, str) and ref.strip():
                seg["ref"] = ref
            if isinstance(row.get("lp"), str) and "-" in row["lp"]:
                seg["src_lang"], seg["tgt_lang"] = row["lp"].split("-")[:2]
            pool.append(seg)
    random.Random(0).shuffle(pool)  # every run gets the same mix of languages and lengths
    return pool


def demo_pool(with_ref: bool) -> list[dict[str, str]]:
    """The demo article, sentence by sentence (MT and source align 1-1); small, so encoder caches will hit."""
    from auditor.splitting import split_sentences

    demo = ROOT / "corpora" / "demo"
    src = [s.text for s in split_sentences((demo / "it.txt").read_text(encoding="utf-8"), "it")]
    mt = [s.text for s in split_sentences((demo / "mt.en.txt").read_text(encoding="utf-8"), "en")]
    return [{"src": s, "mt": m, "src_lang": "it", "tgt_lang": "en"} for s, m in zip(src, mt, strict=False)]


class Slice:
    """Cycles through `pool[start:start + size]`, counting wrap-arounds."""

    def __init__(self, pool: Sequence[dict[str, str]], start: int, size: int) -> None:
        self.items = list(pool[start : start + size]) or list(pool)
        self.next = 0
        self.wraps = 0

    def take(self, n: int) -> list[dict[str, str]]:
        out = []
        for _ in range(n):
            if self.next == len(self.items):
                self.next, self.wraps = 0, self.wraps + 1
            out.append(self.items[self.next])
            self.next += 1
        return out


# --- server -----------------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, env: dict[str, str], log_path: Path, timeout: float = 300) -> subprocess.Popen[bytes]:
    import httpx

    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "api.app:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited ({process.returncode}); see {log_path}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    process.kill()
    raise SystemExit(f"the server was not ready after {timeout} s; see {log_path}")


def batch_stats(url: str) -> tuple[float, float]:
    """(sum, count) of the server's micro-batch size histogram."""
    import httpx

    text = httpx.get(f"{url}/metrics", timeout=10).text
    total = re.search(r"^auditor_score_batch_segments_sum (\S+)$", text, re.M)
    count = re.search(r"^auditor_score_batch_segments_count (\S+)$", text, re.M)
    return (float(total.group(1)) if total else 0.0, float(count.group(1)) if count else 0.0)


def wait_idle(url: str, timeout: float = 120) -> None:
    """Wait until the server has no queued segments (cut requests from the last run are dropped)."""
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = httpx.get(f"{url}/metrics", timeout=10).text
        queued = re.search(r"^auditor_score_queue_segments (\S+)$", text, re.M)
        if not queued or float(queued.group(1)) == 0:
            time.sleep(1.0)  # the batch in progress
            return
        time.sleep(0.5)


# --- client (runs in its own process) -------------------------------------------------------------------------------


async def drive(url: str, pool: Slice, clients: int, size: int, duration: float, drain: float) -> dict[str, Any]:
    """`clients` loops posting `size`-segment requests for `duration` s; requests still running `drain` s later
    are cut (closed), and counted apart from errors."""
    import httpx

    latencies: list[float] = []
    errors: dict[str, int] = {}
    segments = 0
    in_flight = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=duration + drain + 60, limits=limits) as client:
        started = time.perf_counter()
        stop = started + duration

        async def worker() -> None:
            nonlocal segments, in_flight
            while time.perf_counter() < stop:
                body = {"segments": pool.take(size)}
                t0 = time.perf_counter()
                in_flight += 1
                try:
                    response = await client.post("/v1/score", json=body)
                    status = str(response.status_code)
                except httpx.HTTPError as error:
                    status = type(error).__name__
                finally:
                    in_flight -= 1
                elapsed = time.perf_counter() - t0
                if status == "200":
                    latencies.append(elapsed)
                    segments += size
                else:
                    errors[status] = errors.get(status, 0) + 1

        tasks = [asyncio.ensure_future(worker()) for _ in range(clients)]
        _, pending = await asyncio.wait(tasks, timeout=duration + drain)
        cut = in_flight
        wall = time.perf_counter() - started
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    return {
        "latencies": latencies,
        "errors": errors,
        "segments": segments,
        "wall": wall,
        "wraps": pool.wraps,
        "cut": cut,
    }


def client_main(args: argparse.Namespace) -> None:
    pool = load_pool([Path(p) for p in args.data], args.with_ref)
    slice_ = Slice(pool, args.offset, args.count)
    result = asyncio.run(drive(args.url, slice_, args.clients, args.size, args.duration, args.drain))
    print(json.dumps(result))


# --- in-process baseline --------------------------------------------------------------------------------------------


def in_process(pool: Slice, size: int, duration: float) -> dict[str, Any]:
    from api.settings import Settings
    from auditor.pipeline import Auditor
    from auditor.readers import parse_segment_obj

    auditor = _AUDITOR.get("a")
    if auditor is None:
        auditor = _AUDITOR["a"] = Auditor(Settings(_env_file=None).auditor_config())  # type: ignore[call-arg]
        auditor.warm_up(["en"])
        auditor.score_segments([parse_segment_obj(obj, i + 1) for i, obj in enumerate(pool.take(50))])
    latencies = []
    segments = 0
    started = time.perf_counter()
    while time.perf_counter() - started < duration:
        batch = [parse_segment_obj(obj, i + 1) for i, obj in enumerate(pool.take(size))]
        t0 = time.perf_counter()
        auditor.score_segments(batch)
        latencies.append(time.perf_counter() - t0)
        segments += size
    return {
        "latencies": latencies,
        "errors": {},
        "segments": segments,
        "wall": time.perf_counter() - started,
        "wraps": pool.wraps,
    }


_AUDITOR: dict[str, Any] = {}


# --- report ---------------------------------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def row(label: str, size: int, clients: str, r: dict[str, Any], ratio: str = "", batch: str = "") -> str:
    lat = [x * 1000 for x in r["latencies"]]
    errors = sum(r["errors"].values())
    cut = r.get("cut", 0)
    n = len(lat)
    return (
        f"| {label:<10} | {size:>4} | {clients:>7} | {n:>6} | {errors:>6} | {cut:>4} | {n / r['wall']:>7.1f} | "
        f"{r['segments'] / r['wall']:>7.1f} | {statistics.median(lat) if lat else float('nan'):>7.0f} | "
        f"{percentile(lat, 95):>7.0f} | {percentile(lat, 99):>7.0f} | {batch:>6} | {ratio:>8} |"
    )


HEADER = (
    "| mode       | segs | clients | reqs   | errors | cut  | req/s   | seg/s   | p50 ms  | p95 ms  | p99 ms  | batch  "
    "| vs in-proc |\n"
    "|------------|------|---------|--------|--------|------|---------|---------|---------|---------|---------|--------"
    "|------------|"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--data", nargs="*", default=None, help="JSONL(.gz) files (default: ../shared/data/da/{ru,ro}-en)"
    )
    parser.add_argument("--with-ref", action="store_true", help="send post-edits/references as `ref` too")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per configuration")
    parser.add_argument("--drain", type=float, default=None, help="seconds to let requests finish (default: duration)")
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--sizes", default="1,50", help="segments per request")
    parser.add_argument("--server-env", nargs="*", default=[], help="extra AUDITOR_*=value settings for the server")
    # internal: the client process
    parser.add_argument("--_client", dest="client", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--offset", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--concurrency", dest="client_count", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.data is None:
        args.data = [str(p) for p in default_data()]
    if args.drain is None:
        args.drain = args.duration
    if args.client:
        args.clients = args.client_count
        client_main(args)
        return

    sys.path.insert(0, str(ROOT))
    clients = [int(c) for c in args.clients.split(",")]
    sizes = [int(s) for s in args.sizes.split(",")]
    pool = load_pool([Path(p) for p in args.data], args.with_ref)
    phases = len(sizes) * (len(clients) + 1)
    share = max(1, (len(pool) - 200) // phases)
    print(
        f"pool: {len(pool)} segments from {len(args.data) or 'the demo corpus'} file(s); {share} per run; "
        f"{args.duration:g} s per run; {os.cpu_count()} CPUs",
        flush=True,
    )

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for item in args.server_env:
        key, _, value = item.partition("=")
        env[key] = value
    log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"auditor-load-bench-{port}.log"
    t0 = time.perf_counter()
    server = start_server(port, env, log_path)
    print(f"server ready in {time.perf_counter() - t0:.1f} s (log: {log_path})", flush=True)

    # untimed warm-up: first use of each language's resources (word lists, tokenizers) is slow
    warm = Slice(pool, len(pool) - 200, 200)
    import httpx

    for size in sizes:
        httpx.post(f"{url}/v1/score", json={"segments": warm.take(size)}, timeout=300).raise_for_status()

    results: list[tuple[int, int, dict[str, Any], str]] = []
    baselines: dict[int, dict[str, Any]] = {}
    phase = 0
    try:
        for size in sizes:
            # in-process first, while the server idles, so both see the same machine load
            baselines[size] = in_process(Slice(pool, phase * share, share), size, args.duration)
            phase += 1
            print(f"  done: {size} segments in-process", flush=True)
            for c in clients:
                wait_idle(url)
                before = batch_stats(url)
                command = [sys.executable, __file__, "--_client", "--url", url, "--concurrency", str(c)]
                command += ["--size", str(size), "--duration", str(args.duration), "--drain", str(args.drain)]
                command += ["--offset", str(phase * share), "--count", str(share), "--data", *args.data]
                if args.with_ref:
                    command.append("--with-ref")
                out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
                result = json.loads(out.stdout.strip().splitlines()[-1])
                after = batch_stats(url)
                count = after[1] - before[1]
                batch = f"{(after[0] - before[0]) / count:.1f}" if count else "-"
                results.append((size, c, result, batch))
                phase += 1
                print(f"  done: {size} segments x {c} clients", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)

    print()
    print(HEADER)
    for size in sizes:
        base = baselines[size]
        base_rate = base["segments"] / base["wall"]
        print(row("in-process", size, "1", base))
        for s, c, result, batch in results:
            if s == size:
                ratio = f"{(result['segments'] / result['wall']) / base_rate:.0%}" if base_rate else "-"
                print(row("HTTP", s, str(c), result, ratio, batch))
    wraps = sum(r["wraps"] for *_, r, _ in results)
    if wraps:
        print(f"\nnote: texts were reused {wraps} time(s) (pool too small): encoder caches made those runs faster")
    cut = sum(r.get("cut", 0) for *_, r, _ in results)
    if cut:
        print(f"note: {cut} request(s) still running {args.drain:g} s after the end of their run were cut")
    errors = {k: v for *_, r, _ in results for k, v in r["errors"].items()}
    if errors:
        print(f"errors by status: {errors}")


if __name__ == "__main__":
    main()

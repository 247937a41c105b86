"""Throughput of `auditor score` next to sacrebleu's sentence-level scoring, on the same segments in one run.

Two inputs from ../shared/data: MQM en-de news (German targets) and DEMETR X->English translations, good and
perturbed, each once (English targets), both with USE multilingual on the source and reference sides (the
defaults). Prints, per input, wall time, segments per second and the ratio to sacrebleu, plus the auditor's peak
resident memory (the main process and its feature process summed). `auditor score` runs with its default second
process for encodings and surface metrics, and again with `--no-feature-process` (everything in one process) for
comparison. The English input has sentences whose word order is scrambled (a DEMETR perturbation), on which
sacrebleu's TER search is about ten times slower than on the others.

    python bench/throughput_bench.py --data ../shared/data --n 2000
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from auditor.scoring.datasets import DEMETR_LANGS


def load_demetr(data: Path, n: int) -> list[dict[str, str]]:
    """`n` distinct DEMETR translations X->English with source and reference: each good translation once, then the
    perturbed versions of it (several MTs of one source, as in the MQM input; 800 sources), from the perturbation
    files in order. No segment comes twice (the files repeat the good translations, which a cache would serve)."""
    rows: list[dict[str, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for path in sorted((data / "demetr").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                rec = json.loads(line)
                lang = DEMETR_LANGS.get(rec["source_lang"])
                if not lang or not rec.get("reference"):
                    continue
                # the base files' perturbations are no translation of the source (empty, another sentence's, the
                # reference itself): their good translations count, the perturbed ones do not
                perturbed = None if path.name.startswith("base_") else rec.get("mt_perturbed")
                for mt in (rec.get("mt_good"), perturbed):
                    key = (mt or "", rec["source"], rec["reference"])
                    if not (mt or "").strip() or key in seen:
                        continue
                    seen.add(key)
                    rows.append(
                        {
                            "id": f"{path.stem}:{rec['id']}:{len(rows)}",
                            "src": rec["source"],
                            "mt": mt or "",
                            "ref": rec["reference"],
                            "src_lang": lang,
                            "tgt_lang": "en",
                        }
                    )
                    if len(rows) >= n:
                        return rows
    return rows


def load_segments(data: Path, n: int) -> list[dict[str, str]]:
    """The first `n` MQM news records that have a reference, as auditor score input rows."""
    rows: list[dict[str, str]] = []
    with gzip.open(data / "mqm" / "newstest2021.en-de.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            rec = json.loads(line)
            if rec.get("reference") and rec.get("mt"):
                rows.append(
                    {
                        "id": f"{rec['doc_id']}:{rec['seg_id']}:{rec['system']}",
                        "src": rec["source"],
                        "mt": rec["mt"],
                        "ref": rec["reference"],
                        "src_lang": "en",
                        "tgt_lang": "de",
                    }
                )
                if len(rows) >= n:
                    break
    return rows


def time_command(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak resident memory (MiB) of a child process and its own children, summed."""
    # standard error goes to a file: a pipe nobody reads while polling could fill up and stall the child
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errors)
        peak = 0
        tree = psutil.Process(proc.pid)
        while proc.poll() is None:
            with contextlib.suppress(psutil.Error):  # a process ended between listing and reading
                peak = max(peak, sum(p.memory_info().rss for p in [tree, *tree.children(recursive=True)]))
            time.sleep(0.05)
        elapsed = time.perf_counter() - start
        errors.seek(0)
        stderr = errors.read()
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{stderr[-2000:]}")
    return elapsed, peak // (1024 * 1024)


def run_one(name: str, rows: list[dict[str, str]], bindir: Path, extra: list[str]) -> None:
    """Time sacrebleu's three metrics and `auditor score` on the same rows; print one table."""
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        source = tmpdir / "in.jsonl"
        source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        (tmpdir / "mt.txt").write_text("".join(r["mt"].replace("\n", " ") + "\n" for r in rows), encoding="utf-8")
        (tmpdir / "ref.txt").write_text("".join(r["ref"].replace("\n", " ") + "\n" for r in rows), encoding="utf-8")
        sacre = [str(bindir / "sacrebleu"), str(tmpdir / "ref.txt"), "-i", str(tmpdir / "mt.txt")]
        auditor = [str(bindir / "auditor"), "score", *extra]
        runs = {
            "sacrebleu chrF (sentence-level)": [*sacre, "-m", "chrf", "--sentence-level"],
            "sacrebleu BLEU (sentence-level)": [*sacre, "-m", "bleu", "--sentence-level"],
            "sacrebleu TER (sentence-level)": [*sacre, "-m", "ter", "--sentence-level"],
            "auditor score (src+ref, all checks)": [*auditor, "--input", str(source), "-o", str(tmpdir / "out.jsonl")],
            "auditor score --no-feature-process": [
                *auditor,
                "--no-feature-process",
                "--input",
                str(source),
                "-o",
                str(tmpdir / "out1.jsonl"),
            ],
        }
        # Model start-up, measured on 1 segment, is subtracted to give the steady-state rate.
        one = tmpdir / "one.jsonl"
        one.write_text(json.dumps(rows[0], ensure_ascii=False) + "\n", encoding="utf-8")
        startup, _ = time_command([*auditor, "--input", str(one), "-o", str(tmpdir / "o1")])
        startup_one, _ = time_command([*auditor, "--no-feature-process", "--input", str(one), "-o", str(tmpdir / "o2")])
        results: dict[str, tuple[float, int]] = {label: time_command(cmd) for label, cmd in runs.items()}
        out_lines = (tmpdir / "out.jsonl").read_text(encoding="utf-8").count("\n")
    if out_lines != len(rows):
        raise SystemExit(f"auditor wrote {out_lines} lines for {len(rows)} segments")
    base = sum(results[f"sacrebleu {m} (sentence-level)"][0] for m in ("chrF", "BLEU", "TER"))
    wall, peak = results["auditor score (src+ref, all checks)"]
    wall_one, peak_one = results["auditor score --no-feature-process"]
    rows_out = [(label, w) for label, (w, _) in results.items()]
    rows_out.append(("sacrebleu chrF + BLEU + TER (sum)", base))
    rows_out.append(("auditor score, steady state (minus start-up)", wall - startup))
    rows_out.append(("--no-feature-process, steady state", wall_one - startup_one))
    print(
        f"\n{name}: {len(rows)} segments (source + MT + reference); "
        f"auditor start-up {startup:.1f} s ({startup_one:.1f} s in one process)"
    )
    print(f"| {'run':<46} | {'wall s':>7} | {'seg/s':>8} | {'time vs sacrebleu':>17} |")
    print(f"|{'-' * 48}|{'-' * 9}|{'-' * 10}|{'-' * 19}|")
    for label, w in rows_out:
        print(f"| {label:<46} | {w:>7.2f} | {len(rows) / max(w, 1e-9):>8.1f} | {w / base:>16.2f}x |")
    print(f"auditor peak RSS (both processes): {peak} MiB; with --no-feature-process: {peak_one} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--n", type=int, default=2000, help="segments per input")
    parser.add_argument("--src-encoder", default=None, help="passed to `auditor score` (e.g. e5-small)")
    parser.add_argument("--token-encoder", default=None, help="passed to `auditor score` (e.g. e5-small)")
    args = parser.parse_args()
    extra = ["--src-encoder", args.src_encoder] if args.src_encoder else []
    extra += ["--token-encoder", args.token_encoder] if args.token_encoder else []
    bindir = Path(sys.executable).parent
    threads = os.environ.get("AUDITOR_ENCODER_THREADS", "1")
    print(f"cores: {os.cpu_count()}; encoder threads: {threads}; auditor score options: {' '.join(extra) or '-'}")
    run_one("MQM newstest2021 en-de (German targets)", load_segments(args.data, args.n), bindir, extra)
    run_one("DEMETR translations X->en, each once (English targets)", load_demetr(args.data, args.n), bindir, extra)


if __name__ == "__main__":
    main()

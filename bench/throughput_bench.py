"""Throughput of `auditor score` next to sacrebleu's sentence-level scoring, on the same segments in one run.

Segments (source, MT, reference) come from the MQM en-de news set in ../shared/data. Prints a table of wall time,
segments per second and the ratio to sacrebleu, plus the auditor's peak resident memory.

    python bench/throughput_bench.py --data ../shared/data --n 2000
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


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
    """Wall seconds and peak RSS (MiB) of a child process."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--n", type=int, default=2000, help="number of segments")
    args = parser.parse_args()
    rows = load_segments(args.data, args.n)
    bindir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        source = tmpdir / "in.jsonl"
        source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        (tmpdir / "mt.txt").write_text("".join(r["mt"].replace("\n", " ") + "\n" for r in rows), encoding="utf-8")
        (tmpdir / "ref.txt").write_text("".join(r["ref"].replace("\n", " ") + "\n" for r in rows), encoding="utf-8")
        sacre = [str(bindir / "sacrebleu"), str(tmpdir / "ref.txt"), "-i", str(tmpdir / "mt.txt")]
        runs = {
            "sacrebleu chrF (sentence-level)": [*sacre, "-m", "chrf", "--sentence-level"],
            "sacrebleu BLEU (sentence-level)": [*sacre, "-m", "bleu", "--sentence-level"],
            "sacrebleu TER (sentence-level)": [*sacre, "-m", "ter", "--sentence-level"],
            "auditor score (src+ref, models loaded)": [
                str(bindir / "auditor"),
                "score",
                "--input",
                str(source),
                "-o",
                str(tmpdir / "out.jsonl"),
            ],
        }
        # Model start-up, measured on 1 segment, is subtracted to give the steady-state rate.
        one = tmpdir / "one.jsonl"
        one.write_text(json.dumps(rows[0], ensure_ascii=False) + "\n", encoding="utf-8")
        startup, _ = time_command([str(bindir / "auditor"), "score", "--input", str(one), "-o", str(tmpdir / "o1")])
        results: dict[str, tuple[float, int]] = {name: time_command(cmd) for name, cmd in runs.items()}
        out_lines = (tmpdir / "out.jsonl").read_text(encoding="utf-8").count("\n")
    if out_lines != len(rows):
        raise SystemExit(f"auditor wrote {out_lines} lines for {len(rows)} segments")
    base = sum(results[f"sacrebleu {m} (sentence-level)"][0] for m in ("chrF", "BLEU", "TER"))
    results["sacrebleu chrF + BLEU + TER (sum of the three)"] = (base, 0)
    print(f"segments: {len(rows)} (MQM newstest2021 en-de, source + MT + reference); cores: {os.cpu_count()}")
    print(f"auditor start-up (1 segment, models loaded): {startup:.1f} s")
    print()
    print(f"| {'run':<44} | {'wall s':>7} | {'seg/s':>8} | {'vs sacrebleu 3 metrics':>22} |")
    print(f"|{'-' * 46}|{'-' * 9}|{'-' * 10}|{'-' * 24}|")
    for name, (wall, _) in results.items():
        print(f"| {name:<44} | {wall:>7.2f} | {len(rows) / wall:>8.1f} | {wall / base:>21.1f}x |")
    wall = results["auditor score (src+ref, models loaded)"][0]
    steady = len(rows) / max(1e-9, wall - startup)
    print(
        f"| {'auditor score, steady state (minus start-up)':<44} | {wall - startup:>7.2f} | {steady:>8.1f} |"
        f" {(wall - startup) / base:>21.1f}x |"
    )
    print(f"\nauditor peak RSS (largest child so far): {results['auditor score (src+ref, models loaded)'][1]} MiB")


if __name__ == "__main__":
    main()

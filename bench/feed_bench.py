"""Feed-check benchmark: a cold `auditor check` with a cache, then a warm one with a single item changed.

Generates a feed of N (default 10,000) Italian->English news items from project-written templates with
variations (cities, numbers, days; a few planted number changes and untranslated items), runs
`auditor check FEED --cache CACHE` in a fresh process, changes one item and runs it again. Each run is a
separate process (imports and model loading included), timed from the parent; peak memory is the child's
`resource.getrusage(RUSAGE_SELF).ru_maxrss` (and, with --tracemalloc, the peak of Python allocations).

Both runs start with the package's bytecode compiled, as after `pip install` (`compileall` runs first, since
PYTHONDONTWRITEBYTECODE may be set), and with the derived-resource cache of `auditor.diskcache` (word tables,
the USE model) in place, as on a CI runner that restores `~/.cache/auditor`; the first run ever on a machine
builds that cache, which is timed separately and printed.

Usage: python bench/feed_bench.py [--items 10000] [--workdir DIR] [--tracemalloc]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CITIES = [
    ("Torino", "Turin"),
    ("Milano", "Milan"),
    ("Napoli", "Naples"),
    ("Firenze", "Florence"),
    ("Genova", "Genoa"),
    ("Venezia", "Venice"),
    ("Roma", "Rome"),
    ("Padova", "Padua"),
    ("Bari", "Bari"),
    ("Verona", "Verona"),
]
DAYS = [
    ("lunedì", "Monday"),
    ("martedì", "Tuesday"),
    ("mercoledì", "Wednesday"),
    ("giovedì", "Thursday"),
    ("venerdì", "Friday"),
    ("sabato", "Saturday"),
    ("domenica", "Sunday"),
]
MONTHS = [("gennaio", "January"), ("marzo", "March"), ("maggio", "May"), ("luglio", "July"), ("ottobre", "October")]
TOPICS = [
    ("Rinascimento", "the Renaissance"),
    ("design industriale", "industrial design"),
    ("fotografia di guerra", "war photography"),
    ("cinema muto", "silent film"),
]
TEMPLATES = [
    (
        "A {city_it} il consiglio comunale ha approvato {n} nuovi progetti {day_it}.",
        "In {city_en} the city council approved {n} new projects on {day_en}.",
    ),
    (
        "Il treno regionale per {city_it} partirà con {n} minuti di ritardo.",
        "The regional train to {city_en} will leave {n} minutes late.",
    ),
    (
        "Secondo la polizia, {n} persone sono state fermate {day_it} a {city_it}.",
        "According to police, {n} people were stopped in {city_en} on {day_en}.",
    ),
    (
        "La mostra sul {topic_it} resterà aperta fino al {n} {month_it}.",
        "The exhibition on {topic_en} will stay open until {n} {month_en}.",
    ),
    (
        "Il prezzo del biglietto dell'autobus salirà a {n} euro da {month_it}.",
        "The bus ticket price will rise to {n} euros from {month_en}.",
    ),
    (
        "Le scuole di {city_it} resteranno chiuse {day_it} per lo sciopero dei trasporti.",
        "Schools in {city_en} will stay closed on {day_en} because of the transport strike.",
    ),
]


def make_items(count: int, seed: int = 13) -> list[dict[str, Any]]:
    """`count` feed items; about 3% carry a changed number and 1% are left untranslated."""
    rng = random.Random(seed)
    items = []
    for i in range(count):
        src_t, mt_t = TEMPLATES[i % len(TEMPLATES)]
        city, day, month, topic = rng.choice(CITIES), rng.choice(DAYS), rng.choice(MONTHS), rng.choice(TOPICS)
        n = rng.randint(2, 95)
        values = {
            "city_it": city[0],
            "city_en": city[1],
            "day_it": day[0],
            "day_en": day[1],
            "month_it": month[0],
            "month_en": month[1],
            "topic_it": topic[0],
            "topic_en": topic[1],
            "n": n,
        }
        src = src_t.format(**values)
        roll = rng.random()
        mt = mt_t.format(**{**values, "n": n + 10}) if roll < 0.03 else src if roll < 0.04 else mt_t.format(**values)
        items.append({"id": f"item-{i:05d}", "src": src, "mt": mt, "src_lang": "it", "tgt_lang": "en"})
    return items


def write_feed(path: Path, items: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(it, ensure_ascii=False) + "\n" for it in items), encoding="utf-8")


def worker(feed: str, cache: str, out: str, use_tracemalloc: bool) -> None:
    """Run `auditor check` in this process and print its statistics as JSON."""
    import resource
    import tracemalloc

    if use_tracemalloc:
        tracemalloc.start()
    from auditor.cli import main

    code = main(["check", feed, "--cache", cache, "--json", out, "-q"], standalone_mode=False)
    summary = json.loads(Path(out).read_text())["summary"]
    stats: dict[str, Any] = {
        "exit": code,
        "scored": summary.get("scored"),
        "cached": summary.get("cached"),
        "items": summary["items"],
        "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    if use_tracemalloc:
        stats["tracemalloc_peak_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
    print("BENCH " + json.dumps(stats))


def run_once(feed: Path, cache: Path, out: Path, use_tracemalloc: bool) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", str(feed), str(cache), str(out)]
    if use_tracemalloc:
        cmd.append("--tracemalloc")
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - started
    line = next((x for x in proc.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise SystemExit(f"the check failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return {**json.loads(line[6:]), "wall_s": wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--workdir", help="Where the feed, cache and reports go (default: a temporary folder).")
    parser.add_argument("--tracemalloc", action="store_true", help="Also report the peak of Python allocations.")
    parser.add_argument("--worker", nargs=3, metavar=("FEED", "CACHE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker, args.tracemalloc)
        return
    import compileall

    import auditor

    compileall.compile_dir(str(Path(auditor.__file__).parent), quiet=1)
    started = time.perf_counter()
    warm_resources = subprocess.run(
        [sys.executable, "-c", "from auditor.pipeline import Auditor; Auditor().warm_up()"], capture_output=True
    )
    if warm_resources.returncode:
        raise SystemExit(f"could not load the models:\n{warm_resources.stderr.decode()[-3000:]}")
    print(f"models and word tables loaded (and cached when new) in {time.perf_counter() - started:.1f} s")
    work = Path(args.workdir or tempfile.mkdtemp(prefix="feed-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    feed, cache = work / "feed.jsonl", work / "cache.sqlite"
    cache.unlink(missing_ok=True)
    items = make_items(args.items)
    write_feed(feed, items)
    cold = run_once(feed, cache, work / "cold.json", args.tracemalloc)
    changed = items[len(items) // 2]
    changed["mt"] = changed["mt"].rstrip(".") + ", the agency reported."
    write_feed(feed, items)
    warm = run_once(feed, cache, work / "warm.json", args.tracemalloc)

    extra = " | python peak MiB" if args.tracemalloc else ""
    print(f"\nfeed: {args.items} items ({feed}), cache: {cache} ({cache.stat().st_size / 2**20:.1f} MiB)\n")
    print(f"| run | items | scored | cached | exit | wall s | peak RSS MiB{extra} |")
    print("|---|---:|---:|---:|---:|---:|---:|" + ("---:|" if extra else ""))
    for name, r in (("cold (empty cache)", cold), ("warm (1 item changed)", warm)):
        mem = f" | {r['tracemalloc_peak_mib']:.0f}" if args.tracemalloc else ""
        print(
            f"| {name} | {r['items']} | {r['scored']} | {r['cached']} | {r['exit']} | {r['wall_s']:.1f} "
            f"| {r['maxrss_mib']:.0f}{mem} |"
        )
    ratio = cold["wall_s"] / warm["wall_s"] if warm["wall_s"] else float("inf")
    print(f"\nspeed-up (cold / warm wall time): {ratio:.1f}x (target >= 20x)")


if __name__ == "__main__":
    main()

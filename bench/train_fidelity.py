"""Retrain the shipped scoring weights: `python bench/train_fidelity.py --data ../shared/data`.

Deterministic (fixed seed, sorted data); writes auditor/models/scoring_v1.json. Feature rows are cached in
--cache so that a second run does not re-encode.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from auditor.embeddings import _LOADED, CachedEncoder, UseEncoder
from auditor.scoring.train import default_output, train


def main() -> None:
    """Parse arguments, train, print the summary."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--out", type=Path, default=default_output())
    ap.add_argument("--cache", type=Path, default=Path("/tmp/auditor-train-features.pkl"))
    ap.add_argument("--per-type", type=int, default=150, help="DEMETR train pairs per perturbation type")
    ap.add_argument("--per-lp", type=int, default=1000, help="DA train rows per language pair")
    ap.add_argument("--threads", type=int, default=1, help="encoder threads (1 is fastest on a busy 2-core box)")
    args = ap.parse_args()
    import torch

    torch.set_num_threads(args.threads)
    _LOADED["use-m3"] = CachedEncoder(UseEncoder(threads=args.threads))
    print(json.dumps(train(args.data, args.out, args.cache, args.per_type, args.per_lp), indent=1))


if __name__ == "__main__":
    main()

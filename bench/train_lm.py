"""Retrain the `lm` fluency weights: `python bench/train_lm.py --data ../shared/data`.

Needs the language model (`make setup-lm`). Deterministic (fixed seed, sorted data); writes
auditor/models/lm_v1.json. Surprisal features are cached in --cache so that a second run does not rescore.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from auditor.scoring.train_lm import default_lm_output, default_surprisal_cache, train_lm_weights


def main() -> None:
    """Parse arguments, train, print the summary."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--out", type=Path, default=default_lm_output())
    ap.add_argument("--cache", type=Path, default=default_surprisal_cache(), help="surprisal cache (pickle)")
    ap.add_argument("--per-type", type=int, default=150, help="DEMETR train pairs per perturbation type")
    ap.add_argument("--threads", type=int, default=1, help="torch threads (1 is fastest on a busy 2-core box)")
    args = ap.parse_args()
    if args.per_type < 1:
        ap.error("--per-type needs at least 1 pair per type")
    import torch

    torch.set_num_threads(args.threads)
    print(json.dumps(train_lm_weights(args.data, args.out, args.cache, args.per_type), indent=1))


if __name__ == "__main__":
    main()

"""Retrain the shipped scoring weights: `python bench/train_fidelity.py --data ../shared/data`.

Deterministic (fixed seed, sorted data); writes auditor/models/scoring_v1.json. Feature rows are cached in
--cache (by default one file per encoder pair) so that a second run does not re-encode.

For other encoders (any sentence-transformers name or path), train weights of their own and point the auditor at
them:

    python bench/train_fidelity.py --data ../shared/data --src-encoder NAME --ref-encoder NAME --out my-weights.json

`--token-encoder e5-small` adds the token-match features (MT and reference tokens matched on multilingual-e5-small
vectors) and writes auditor/models/scoring_v1-tokens.json.
    auditor score --input segs.jsonl --src-encoder NAME --ref-encoder NAME --weights my-weights.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from auditor.config import TOKEN_ENCODERS, AuditorConfig
from auditor.embeddings import _LOADED, CachedEncoder, UseEncoder
from auditor.scoring.train import DA_SHARE, default_feature_cache, default_output, train


def main() -> None:
    """Parse arguments, train, print the summary."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--out", type=Path, default=None, help="weights file (default: the shipped file for the encoders)")
    ap.add_argument("--cache", type=Path, default=None, help="feature cache (default: one per encoder pair in /tmp)")
    ap.add_argument("--src-encoder", default=AuditorConfig.src_encoder)
    ap.add_argument("--ref-encoder", default=AuditorConfig.ref_encoder)
    ap.add_argument(
        "--token-encoder",
        default=AuditorConfig.token_encoder,
        choices=TOKEN_ENCODERS,
        help="token vectors for the token-match features (e5-small: writes scoring_v1-tokens.json)",
    )
    ap.add_argument("--per-type", type=int, default=150, help="DEMETR train pairs per perturbation type")
    ap.add_argument(
        "--per-lp",
        type=int,
        default=1000,
        help="DA train rows per language pair for the linear models (the rest fit the quality heads)",
    )
    ap.add_argument(
        "--head-per-lp",
        type=int,
        default=None,
        help="DA train rows per language pair for the quality heads (default: all the linear models do not use)",
    )
    ap.add_argument(
        "--da-share",
        type=float,
        default=DA_SHARE,
        help="weight of the DA pairs in the reference-free model's loss (the e5-small and token weights: 1.0)",
    )
    ap.add_argument("--threads", type=int, default=1, help="encoder threads (1 is fastest on a busy 2-core box)")
    args = ap.parse_args()
    if args.head_per_lp is not None and args.head_per_lp < 2:
        ap.error("--head-per-lp needs at least 2 rows per language pair (or leave it out to use them all)")
    import torch

    torch.set_num_threads(args.threads)
    _LOADED["use-m3"] = CachedEncoder(UseEncoder(threads=args.threads))
    config = AuditorConfig(src_encoder=args.src_encoder, ref_encoder=args.ref_encoder, token_encoder=args.token_encoder)
    cache = args.cache or default_feature_cache(config)
    out = args.out or default_output(config)
    summary = train(args.data, out, cache, args.per_type, args.per_lp, config, args.head_per_lp, args.da_share)
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()

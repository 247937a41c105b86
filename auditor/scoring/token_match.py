"""Token-level agreement of MT and reference from contextual token vectors (greedy matching, as in BERTScore).

Every MT token is matched to its most similar reference token and vice versa; precision is the mean best
similarity of the MT tokens, recall that of the reference tokens, F their harmonic mean. A dropped clause lowers
recall, an added one precision, a mistranslated word both, while a paraphrase keeps them high because the
vectors carry context. The features are on only with a token encoder (`AuditorConfig.token_encoder`), which costs
two transformer passes a segment; the weights trained with them are `scoring_v1-tokens.json`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from ..config import TOKEN_ENCODERS
from ..errors import ConfigError
from ..types import Segment

TOKEN_FEATURES = ("ref_tok_precision", "ref_tok_recall", "ref_tok_f")


def check_token_encoder(name: str) -> None:
    """Raise ConfigError for an unknown token encoder name."""
    if name not in TOKEN_ENCODERS:
        raise ConfigError(f"unknown token encoder {name!r}", fix="use one of: " + ", ".join(TOKEN_ENCODERS))


def greedy_match(mt: NDArray[np.float32], ref: NDArray[np.float32]) -> tuple[float, float, float]:
    """(precision, recall, F) of two texts' L2-normalised token vectors; zeros when either has no tokens."""
    if len(mt) == 0 or len(ref) == 0:
        return 0.0, 0.0, 0.0
    sims = mt @ ref.T
    precision = float(sims.max(axis=1).mean())
    recall = float(sims.max(axis=0).mean())
    total = precision + recall
    return precision, recall, (2.0 * precision * recall / total if total > 0 else 0.0)


def token_features(segments: Sequence[Segment], encoder_name: str) -> dict[int, dict[str, float]]:
    """TOKEN_FEATURES of every segment with a non-empty MT and reference, by segment index."""
    check_token_encoder(encoder_name)
    idx = [i for i, s in enumerate(segments) if s.ref and s.ref.strip() and s.mt.strip()]
    if encoder_name == "none" or not idx:
        return {}
    from ..token_encoder import token_encoder

    texts = sorted({segments[i].mt for i in idx} | {segments[i].ref or "" for i in idx})
    vectors = dict(zip(texts, (t.vectors for t in token_encoder().encode_tokens(texts)), strict=True))
    out: dict[int, dict[str, float]] = {}
    for i in idx:
        p, r, f = greedy_match(vectors[segments[i].mt], vectors[segments[i].ref or ""])
        out[i] = dict(zip(TOKEN_FEATURES, (p, r, f), strict=True))
    return out

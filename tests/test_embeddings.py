"""The built-in USE encoder: the disk-cached model gives the same vectors as a fresh one, and its word-cached
tokenizer the same ids as the package's."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from auditor.embeddings import CachedEncoder, UseEncoder, WordCachedTokenizer, cosine_rows

TEXTS = ["Almeno sette persone sono morte nel sud-est.", "At least seven people died in the south-east.", ""]


def test_cached_model_matches_a_fresh_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITOR_CACHE_DIR", "off")
    fresh = UseEncoder().encode(TEXTS)
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    first = UseEncoder().encode(TEXTS)  # builds and stores the model
    assert [p.suffix for p in tmp_path.iterdir()] == [".pickle"]
    second = UseEncoder().encode(TEXTS)  # loads it
    assert np.array_equal(fresh, first) and np.array_equal(fresh, second)
    assert fresh.shape == (3, 512)
    assert float(cosine_rows(fresh[:1], fresh[1:2])[0]) > 0.7  # a translation pair stays close


TOKENIZER_TEXTS = [
    *TEXTS,
    "  Leading,   inner\tand trailing   whitespace  ",
    "Der Bürgermeister trat zurück – „überraschend“, sagte sie.",
    "王毅说，中国愿意合作。東京で会議が開かれた。",
    "Москва: «Нет».  नई दिल्ली में बैठक हुई।",
    "ｆｕｌｌ　ｗｉｄｔｈ and a\u00a0no-break space, \u200bzero width",
    "www wwww ???!!! hhh ''''",
    "\u2581 a\u2581b \u2581\u2581",
    "word " * 50,
]


def test_the_word_cached_tokenizer_gives_the_package_ids() -> None:
    tokenizer = UseEncoder()._model._model.sp
    assert isinstance(tokenizer, WordCachedTokenizer)
    for text in TOKENIZER_TEXTS * 2:  # the second round reads the word cache
        for bos, eos in ((True, True), (False, False)):
            expected = tokenizer.inner.encode(text, add_bos=bos, add_eos=eos)
            assert tokenizer.encode(text, add_bos=bos, add_eos=eos) == expected, text
    assert tokenizer.encode(TEXTS[1], out_type=str) == tokenizer.inner.encode(TEXTS[1], out_type=str)


def test_prefetched_texts_are_not_encoded_again() -> None:
    calls: list[list[str]] = []

    class Counting:
        name = "counting"

        def encode(self, texts: list[str]) -> np.ndarray:
            calls.append(list(texts))
            return np.eye(4, dtype=np.float32)[[len(t) % 4 for t in texts]]

    encoder = CachedEncoder(Counting())
    encoder.prefetch(["a", "bb", "a"])
    vectors = encoder.encode(["bb", "a"])
    assert calls == [["a", "bb"]]
    assert vectors.shape == (2, 4) and vectors[0, 2] == 1.0 and vectors[1, 1] == 1.0

"""Surface metrics: sanity values, tokenizers per target language, signatures."""

from __future__ import annotations

import pytest

from auditor.langid import base_lang
from auditor.metrics import bleu_tokenizer, metrics_signature, surface_metrics


def test_identical_is_perfect() -> None:
    m = surface_metrics(
        "The mayor opened the new bridge on Monday.", "The mayor opened the new bridge on Monday.", "en"
    )
    assert m["bleu"] == pytest.approx(100.0)
    assert m["chrf"] == pytest.approx(100.0)
    assert m["chrf++"] == pytest.approx(100.0)
    assert m["ter"] == pytest.approx(0.0)


def test_sanity_table_orders_candidates() -> None:
    ref = "The council approved the budget after a long debate."
    close = "The council approved the budget after a lengthy debate."
    far = "Yesterday it rained in the mountains."
    m_close, m_far = surface_metrics(close, ref, "en"), surface_metrics(far, ref, "en")
    for key in ("bleu", "chrf", "chrf++"):
        assert m_close[key] > m_far[key]
    assert m_close["ter"] < m_far["ter"]


def test_empty_mt() -> None:
    m = surface_metrics("", "Der Zug fährt um acht Uhr ab.", "de")
    assert m["bleu"] == 0.0 and m["chrf"] == 0.0
    assert m["ter"] == pytest.approx(100.0)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh", "zh"), ("zh-Hans", "zh"), ("en", "13a"), (None, "13a"), ("de_DE", "13a")],
)
def test_tokenizer_choice(lang: str | None, expected: str) -> None:
    assert bleu_tokenizer(lang) == expected


def test_japanese_korean_tokenizer_is_mecab_or_char() -> None:
    assert bleu_tokenizer("ja") in ("ja-mecab", "char")
    assert bleu_tokenizer("ko") in ("ko-mecab", "char")


def test_chinese_bleu_is_not_zero_without_spaces() -> None:
    m = surface_metrics("我们明天早上去北京开会。", "我们明天上午去北京开会。", "zh")
    assert 20.0 < m["bleu"] < 100.0
    assert 0.0 < m["ter"] < 100.0


def test_signature_names_tokenizer() -> None:
    assert "tok:zh" in metrics_signature("zh")["bleu"]
    assert "tok:13a" in metrics_signature("en")["bleu"]
    assert set(metrics_signature("de")) == {"bleu", "chrf", "chrf++", "ter"}


def test_base_lang() -> None:
    assert base_lang("pt-BR") == "pt"
    assert base_lang(None) == ""


@pytest.mark.parametrize(
    ("mt", "ref"),
    [
        ("The minister resigned on Tuesday.", "The minister stepped down on Tuesday."),
        ("", "Nothing was translated."),
        ("Ein völlig anderer Satz.", "Der Zug fährt um acht Uhr ab."),
    ],
)
def test_chrf_from_one_pass_equals_sacrebleu(mt: str, ref: str) -> None:
    from sacrebleu.metrics import CHRF

    m = surface_metrics(mt, ref, "en")
    assert m["chrf"] == pytest.approx(CHRF().sentence_score(mt, [ref]).score, abs=1e-9)
    assert m["chrf++"] == pytest.approx(CHRF(word_order=2).sentence_score(mt, [ref]).score, abs=1e-9)
    assert "ter" in m and "ter" not in surface_metrics(mt, ref, "en", ter=False)

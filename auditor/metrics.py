"""Sentence-level surface metrics (BLEU, chrF, chrF++, TER) through sacrebleu, with the right tokenizer per target.

Metric objects are built once per tokenizer and reused. Chinese targets use sacrebleu's `zh` tokenizer, Japanese
`ja-mecab`, Korean `ko-mecab` (falling back to `char` when MeCab is missing); TER uses its Asian support for these.
"""

from __future__ import annotations

import threading
from typing import Any

from sacrebleu.metrics import BLEU, CHRF, TER

from .langid import base_lang

_CJK_TOKENIZERS = {"zh": "zh", "ja": "ja-mecab", "ko": "ko-mecab"}
_LOCK = threading.Lock()
_METRICS: dict[str, tuple[BLEU, CHRF, CHRF, TER]] = {}


def bleu_tokenizer(tgt_lang: str | None) -> str:
    """The sacrebleu tokenizer for a target language: zh, ja-mecab, ko-mecab (or char without MeCab), else 13a."""
    tok = _CJK_TOKENIZERS.get(base_lang(tgt_lang), "13a")
    if tok.endswith("mecab"):
        try:
            BLEU(tokenize=tok, effective_order=True).sentence_score("テスト", ["テスト"])
        except Exception:
            return "char"
    return tok


def _metrics(tgt_lang: str | None) -> tuple[BLEU, CHRF, CHRF, TER]:
    key = base_lang(tgt_lang) if base_lang(tgt_lang) in _CJK_TOKENIZERS else ""
    with _LOCK:
        if key not in _METRICS:
            asian = key != ""
            metrics = (
                BLEU(tokenize=bleu_tokenizer(tgt_lang), effective_order=True),
                CHRF(),
                CHRF(word_order=2),
                TER(normalized=asian, asian_support=asian),
            )
            for metric in metrics:  # sacrebleu knows a signature only after one evaluation
                metric.sentence_score("a b", ["a b"])
            _METRICS[key] = metrics
        return _METRICS[key]


def surface_metrics(mt: str, ref: str, tgt_lang: str | None, *, ter: bool = True) -> dict[str, float]:
    """Sentence `chrf`, `chrf++`, `bleu` (0-100, higher better) and, with `ter`, `ter` (0-100+, lower better).

    chrF and chrF++ come from one pass: chrF's statistics are the character-order part of chrF++'s (equal to
    sacrebleu's own chrF to the last digit). TER is the slowest metric by far (about 4 ms a sentence).
    """
    bleu, chrf, chrfpp, ter_metric = _metrics(tgt_lang)
    refs = [ref]
    stats = chrfpp._extract_corpus_statistics([mt], [refs])[0]
    scores = {
        "chrf": float(chrf._compute_f_score(stats[: 3 * chrf.char_order])),
        "chrf++": float(chrfpp._compute_f_score(stats)),
        "bleu": float(bleu.sentence_score(mt, refs).score),
    }
    if ter:
        scores["ter"] = float(ter_metric.sentence_score(mt, refs).score)
    return scores


def metrics_signature(tgt_lang: str | None) -> dict[str, Any]:
    """sacrebleu signatures of the four metrics used for this target language."""
    bleu, chrf, chrfpp, ter = _metrics(tgt_lang)
    with _LOCK:
        return {
            "bleu": bleu.get_signature().format(),
            "chrf": chrf.get_signature().format(),
            "chrf++": chrfpp.get_signature().format(),
            "ter": ter.get_signature().format(),
        }

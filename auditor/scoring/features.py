"""Cheap text features for the scorers: numbers, negation, questions, names, tense and aspect, length ratio, word
overlap, fluency.

Every function is pure and fast (regular expressions and wordfreq look-ups); none uses raw MT length.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

from ..checks.tense import verb_form_profile
from ..langid import base_lang
from ..vocab import has_vocabulary, wordfreq_zipf

_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_TOKEN = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SPACE_BEFORE_PUNCT = re.compile(r"\s[,.;:!?)](?:\s|$)")
_DOUBLE_PUNCT = re.compile(r"([,;:!?])\1|(?<!\.)\.\.(?!\.)")
_FINAL_PUNCT = tuple(".!?。！？…\"”»’')]:;")


def _cues(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Negation cues per language: whole words for spaced scripts, substrings for CJK.
_NEG_WORDS: dict[str, frozenset[str]] = {
    "en": _cues("not no never none nobody nothing neither nor cannot without"),
    "de": _cues("nicht kein keine keinen keinem keiner keines nie niemals nichts niemand weder ohne"),
    "fr": _cues("ne pas jamais aucun aucune rien sans ni"),
    "es": _cues("no nunca jamás ningún ninguna ninguno nada nadie sin ni tampoco"),
    "it": _cues("non mai nessuno nessuna niente nulla senza né"),
    "pt": _cues("não nunca nenhum nenhuma nada ninguém sem nem"),
    "nl": _cues("niet geen nooit niets niemand zonder"),
    "ru": _cues("не нет ни никогда ничего никто без"),
    "pl": _cues("nie nigdy nic nikt bez ani żaden żadna żadne"),
    "cs": _cues("ne nikdy nic nikdo bez ani žádný žádná žádné"),
}
_NEG_SUBSTRINGS: dict[str, tuple[str, ...]] = {
    "zh": ("不", "没", "未", "无", "非", "别", "勿"),
    "ja": ("ない", "ません", "なかった", "ず、", "無", "未"),
    "ko": ("않", "안 ", "못", "없"),
}


def script_of(ch: str) -> str:
    """Coarse script class of a letter: latin, cyrillic, greek, cjk, arabic, devanagari, other."""
    if _CJK.match(ch):
        return "cjk"
    name = unicodedata.name(ch, "")
    for script in ("LATIN", "CYRILLIC", "GREEK", "ARABIC", "DEVANAGARI", "HEBREW", "THAI", "SINHALA"):
        if name.startswith(script):
            return script.lower()
    return "other"


def length_units(text: str) -> float:
    """Length in comparable units: non-space characters, counting each CJK/kana/hangul character as 3."""
    cjk = len(_CJK.findall(text))
    other = sum(1 for ch in text if not ch.isspace()) - cjk
    return float(other + 3 * cjk)


def log_length_ratio(mt: str, other: str) -> float:
    """log((1 + units(mt)) / (1 + units(other))), clipped to [-3, 3]."""
    return max(-3.0, min(3.0, math.log((1.0 + length_units(mt)) / (1.0 + length_units(other)))))


def numbers(text: str) -> Counter[str]:
    """Digit strings of the numbers in a text, separators removed (`1,000` and `1.000` both give `1000`), in ASCII
    digits whatever the script (Devanagari `२०१९`, Arabic-Indic `٢٠١٩` and `2019` are one number)."""
    norm = unicodedata.normalize("NFKC", text)
    return Counter(_ascii_digits(m.group()) for m in _NUMBER.finditer(norm))


def _ascii_digits(number: str) -> str:
    """The decimal digits of `number`, each as its ASCII digit; separators dropped."""
    return "".join(str(d) for d in (unicodedata.decimal(ch, None) for ch in number) if d is not None)


def multiset_mismatch(a: Counter[str], b: Counter[str]) -> float:
    """1 - Dice overlap of two multisets; 0 when both are empty."""
    total = sum(a.values()) + sum(b.values())
    if total == 0:
        return 0.0
    return 1.0 - 2.0 * sum((a & b).values()) / total


def negation_count(text: str, lang: str | None) -> float | None:
    """Number of negation cues in a text, or None when the language has no cue list."""
    code = base_lang(lang)
    if code in _NEG_SUBSTRINGS:
        return float(sum(text.count(s) for s in _NEG_SUBSTRINGS[code]))
    cues = _NEG_WORDS.get(code)
    if cues is None:
        return None
    low = text.lower()
    count = sum(1 for w in _WORD.findall(low) if w in cues)
    if code == "en":
        count += low.count("n't") + low.count("n’t")
    return float(count)


def negation_mismatch(mt: str, mt_lang: str | None, other: str, other_lang: str | None) -> float:
    """|negations(mt) - negations(other)| clipped to 2; 0 when either language has no cue list."""
    a, b = negation_count(mt, mt_lang), negation_count(other, other_lang)
    if a is None or b is None:
        return 0.0
    return min(2.0, abs(a - b))


def is_question(text: str) -> bool:
    """Whether the text asks something (a question mark in any script)."""
    return any(q in text for q in ("?", "？", "¿", "؟"))


def _names(text: str) -> set[str]:
    """Capitalised or digit-bearing tokens that do not start a sentence (Latin/Cyrillic/Greek scripts)."""
    out: set[str] = set()
    prev_end = True
    for tok in text.split():
        core = tok.strip("\"'“”‘’«»()[]{},.;:!?")
        if core and not prev_end and (core[0].isupper() or any(c.isdigit() for c in core)) and len(core) > 1:
            out.add(core)
        prev_end = tok.endswith((".", "!", "?", ":"))
    return out


def name_recall(mt: str, other: str) -> float:
    """Share of the other text's mid-sentence capitalised tokens found verbatim in the MT; 1 when it has none."""
    names = _names(other)
    if not names:
        return 1.0
    return sum(1 for n in names if n in mt) / len(names)


def _tokens(text: str) -> list[str]:
    """Lowercased word tokens; CJK characters count one token each."""
    out: list[str] = []
    for tok in _TOKEN.findall(text.lower()):
        if _CJK.search(tok):
            out.extend(tok)
        else:
            out.append(tok)
    return out


def word_precision_recall(mt: str, ref: str) -> tuple[float, float]:
    """Unigram precision and recall of the MT against the reference (multiset, lowercased)."""
    a, b = Counter(_tokens(mt)), Counter(_tokens(ref))
    common = sum((a & b).values())
    na, nb = sum(a.values()), sum(b.values())
    return (common / na if na else 0.0, common / nb if nb else 0.0)


def copy_rate(mt: str, src: str) -> float:
    """Share of MT words of 4+ letters found in the source, lowercased (untranslated text); 0 for no words."""
    words = [w for w in _WORD.findall(mt.lower()) if len(w) >= 4]
    if not words:
        return 0.0
    src_words = set(_WORD.findall(src.lower()))
    return sum(1 for w in words if w in src_words) / len(words)


FLUENCY_FEATURES = (
    "oov_rate",
    "rare_rate",
    "mean_zipf",
    "repeat_rate",
    "lower_start",
    "all_lower",
    "no_final_punct",
    "space_before_punct",
    "double_punct",
    "foreign_script",
)


def fluency_features(mt: str, tgt_lang: str | None) -> dict[str, float]:
    """MT-only evidence of disfluency: rare/unknown words, repetition, casing, punctuation, mixed scripts."""
    words = _WORD.findall(mt)
    lang = base_lang(tgt_lang)
    feats = dict.fromkeys(FLUENCY_FEATURES, 0.0)
    if has_vocabulary(lang) and words:
        if lang in ("zh", "ja"):
            from wordfreq import tokenize

            toks = [t for t in tokenize(mt, lang) if not any(c.isdigit() for c in t)]
        else:
            toks = [w for i, w in enumerate(words) if i == 0 or not w[0].isupper()]  # names are often rare
        if toks:
            zipfs = [wordfreq_zipf(t, lang) for t in toks]
            feats["oov_rate"] = sum(1 for z in zipfs if z == 0.0) / len(zipfs)
            feats["rare_rate"] = sum(1 for z in zipfs if 0.0 < z < 2.5) / len(zipfs)
            feats["mean_zipf"] = (sum(zipfs) / len(zipfs) - 4.5) / 2.0
    lowered = [w.lower() for w in words]
    if len(lowered) > 1:  # a word or a word pair said twice in a row ("the the", "in the in the")
        repeats = sum(1 for i in range(1, len(lowered)) if lowered[i] == lowered[i - 1])
        repeats += sum(1 for i in range(3, len(lowered)) if lowered[i - 1 : i + 1] == lowered[i - 3 : i - 1])
        feats["repeat_rate"] = min(1.0, repeats / len(lowered))
    letters = [c for c in mt if c.isalpha()]
    cased = [c for c in letters if c.lower() != c.upper()]
    if cased and len(cased) >= len(letters) / 2:
        feats["lower_start"] = float(cased[0].islower())
        feats["all_lower"] = float(len(words) >= 4 and not any(c.isupper() for c in cased))
    stripped = mt.rstrip()
    if stripped and len(words) >= 4:
        feats["no_final_punct"] = float(not stripped.endswith(_FINAL_PUNCT))
    feats["space_before_punct"] = min(1.0, len(_SPACE_BEFORE_PUNCT.findall(mt)) / 2.0)
    feats["double_punct"] = min(1.0, float(len(_DOUBLE_PUNCT.findall(mt))))
    if letters:
        scripts = Counter(script_of(c) for c in letters)
        feats["foreign_script"] = 1.0 - scripts.most_common(1)[0][1] / len(letters)
    return feats


REF_FEATURES = (
    "ref_chrf",
    "ref_chrfpp",
    "ref_bleu",
    "sim_ref",
    "ref_len_abs",
    "ref_num_mismatch",
    "ref_neg_mismatch",
    "ref_question_mismatch",
    "ref_word_precision",
    "ref_word_recall",
    "ref_name_recall",
    "ref_soft_recall",  # content words matched by stem or word embedding (coverage.py), added by the scorer
    "ref_gap_rate",  # content words dropped with nothing in their place (coverage.py), added by the scorer
    "ref_verb_form_mismatch",
)
# Reference features that take a few microseconds from the texts alone: the training cache computes them again on
# every call instead of storing them, so a change to them needs no re-encoding.
REF_FORM_FEATURES = ("ref_verb_form_mismatch",)
SRC_FEATURES = (
    "sim_src",
    "src_len_abs",
    "src_num_mismatch",
    "src_neg_mismatch",
    "src_question_mismatch",
    "src_name_recall",
    "src_copy_rate",
    "src_qe",  # the quality head's estimate from source and MT vectors (qe_head.py), added by the scorer
)


def ref_features(
    mt: str, ref: str, tgt_lang: str | None, surface: dict[str, float], sim_ref: float
) -> dict[str, float]:
    """Features of the MT against the reference (same language)."""
    ratio = log_length_ratio(mt, ref)
    precision, recall = word_precision_recall(mt, ref)
    return {
        "ref_chrf": surface["chrf"] / 100.0,
        "ref_chrfpp": surface["chrf++"] / 100.0,
        "ref_bleu": surface["bleu"] / 100.0,
        "sim_ref": sim_ref,
        "ref_len_abs": abs(ratio),
        "ref_num_mismatch": multiset_mismatch(numbers(mt), numbers(ref)),
        "ref_neg_mismatch": negation_mismatch(mt, tgt_lang, ref, tgt_lang),
        "ref_question_mismatch": float(is_question(mt) != is_question(ref)),
        "ref_word_precision": precision,
        "ref_word_recall": recall,
        "ref_name_recall": name_recall(mt, ref),
        **ref_form_features(mt, ref, tgt_lang),
    }


def ref_form_features(mt: str, ref: str, tgt_lang: str | None) -> dict[str, float]:
    """`REF_FORM_FEATURES` of the MT against the reference."""
    return {"ref_verb_form_mismatch": verb_form_mismatch(mt, ref, tgt_lang)}


def verb_form_mismatch(mt: str, ref: str, lang: str | None) -> float:
    """Tense and aspect forms that the MT and the reference do not share ("was revealing" for "revealed", "will
    receive" for "received"): the distance between their counts of past, present, future, progressive and perfect
    forms, clipped to 4; 0 in a language without tense forms in its data file."""
    code = base_lang(lang)
    if not code:
        return 0.0
    a, b = verb_form_profile(mt, code), verb_form_profile(ref, code)
    return float(min(4, sum(abs(a[k] - b[k]) for k in a.keys() | b.keys())))


def src_features(mt: str, src: str, src_lang: str | None, tgt_lang: str | None, sim_src: float) -> dict[str, float]:
    """Features of the MT against the source (cross-lingual)."""
    ratio = log_length_ratio(mt, src)
    same_lang = base_lang(src_lang) == base_lang(tgt_lang) and bool(base_lang(src_lang))
    return {
        "sim_src": sim_src,
        "src_len_abs": abs(ratio),
        "src_num_mismatch": multiset_mismatch(numbers(mt), numbers(src)),
        "src_neg_mismatch": negation_mismatch(mt, tgt_lang, src, src_lang),
        "src_question_mismatch": float(is_question(mt) != is_question(src)),
        "src_name_recall": name_recall(mt, src),
        "src_copy_rate": 0.0 if same_lang else copy_rate(mt, src),
    }

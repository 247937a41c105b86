"""Language codes and language identification.

`normalise_lang` maps tags such as "en-US", "EN", "zh-Hans", "pt_BR" or "deu" to lowercase ISO 639-1 codes.
`detect_language` runs langdetect with a fixed seed (reproducible results) on a detector factory that is built
once, under a lock, so it is safe to call from several threads.
"""

from __future__ import annotations

import threading
from typing import Any

from .errors import LanguageError

# The languages langdetect can detect (its 55 profiles; zh-cn and zh-tw are both "zh").
_DETECTABLE = (
    "af ar bg bn ca cs cy da de el en es et fa fi fr gu he hi hr hu id it ja kn ko lt lv mk ml mr ne nl no pa pl "
    "pt ro ru sk sl so sq sv sw ta te th tl tr uk ur vi zh"
)
DETECTABLE_LANGS: frozenset[str] = frozenset(_DETECTABLE.split())

# Every ISO 639-1 code (nb and nn are folded into "no", as langdetect reports Norwegian).
_KNOWN = (
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee "
    "el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is "
    "it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms "
    "mt my na nd ne ng nl no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm "
    "sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za "
    "zh zu"
)
KNOWN_LANGS: frozenset[str] = frozenset(_KNOWN.split())

# Deprecated, macrolanguage and common ISO 639-2/3 codes.
_ALIASES: dict[str, str] = {
    "iw": "he",
    "in": "id",
    "ji": "yi",
    "jw": "jv",
    "mo": "ro",
    "nb": "no",
    "nn": "no",
    "nob": "no",
    "nno": "no",
    "nor": "no",
    "fil": "tl",
    "tgl": "tl",
    "cmn": "zh",
    "yue": "zh",
    "zho": "zh",
    "chi": "zh",
    "eng": "en",
    "deu": "de",
    "ger": "de",
    "fra": "fr",
    "fre": "fr",
    "ita": "it",
    "spa": "es",
    "por": "pt",
    "nld": "nl",
    "dut": "nl",
    "rus": "ru",
    "pol": "pl",
    "ces": "cs",
    "cze": "cs",
    "jpn": "ja",
    "kor": "ko",
    "ara": "ar",
    "tur": "tr",
    "ukr": "uk",
    "swe": "sv",
    "dan": "da",
    "fin": "fi",
    "ell": "el",
    "gre": "el",
    "heb": "he",
    "hin": "hi",
    "ron": "ro",
    "rum": "ro",
    "hun": "hu",
    "est": "et",
}

MIN_LETTERS = 3
_FACTORY: Any = None
_LOCK = threading.Lock()


def base_lang(lang: str | None) -> str:
    """The primary subtag, lower-cased, without validation: 'en-GB' / 'pt_BR' -> 'en' / 'pt'; None -> ''."""
    return (lang or "").replace("_", "-").split("-")[0].lower()


def normalise_lang(code: str) -> str:
    """Lowercase ISO 639-1 code of a language tag ("en-US" -> "en", "zh-Hans" -> "zh", "pt_BR" -> "pt")."""
    tag = code.strip().lower().replace("_", "-") if isinstance(code, str) else ""
    primary = tag.split("-")[0]
    lang = _ALIASES.get(primary, primary)
    if lang not in KNOWN_LANGS:
        raise LanguageError(
            f"unknown language code {code!r}",
            fix="use a 2-letter ISO 639-1 code such as en, it, de, fr, es, pt, nl, zh, ja "
            "(region or script suffixes such as en-US or zh-Hans are accepted)",
        )
    return lang


def _factory() -> Any:
    """The shared langdetect factory, loaded once (seeded so that results are reproducible)."""
    global _FACTORY
    with _LOCK:
        if _FACTORY is None:
            from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

            DetectorFactory.seed = 0
            factory = DetectorFactory()
            factory.load_profile(PROFILES_DIRECTORY)
            factory.seed = 0
            _FACTORY = factory
        return _FACTORY


def detect_language_scored(text: str) -> tuple[str, float]:
    """The most probable language of `text` (normalised code) and its probability (0-1)."""
    letters = sum(c.isalpha() for c in text[:10_000])
    if letters < MIN_LETTERS:
        raise LanguageError(
            f"text too short to detect its language ({letters} letters)",
            fix="give the language code explicitly (e.g. --src-lang/--tgt-lang)",
        )
    by_script = _script_guess(text[:10_000])
    if by_script is not None:
        return by_script
    from langdetect.lang_detect_exception import LangDetectException

    detector = _factory().create()
    detector.append(text)
    try:
        probabilities = detector.get_probabilities()
    except LangDetectException as e:
        raise LanguageError(
            f"cannot detect the language of the text ({e})",
            fix="give the language code explicitly (e.g. --src-lang/--tgt-lang)",
        ) from None
    totals: dict[str, float] = {}
    for item in probabilities:
        code = _ALIASES.get(item.lang.split("-")[0], item.lang.split("-")[0])
        totals[code] = totals.get(code, 0.0) + float(item.prob)
    if not totals:
        raise LanguageError(
            "cannot detect the language of the text", fix="give the language code explicitly (e.g. --src-lang)"
        )
    best = max(totals, key=lambda k: totals[k])
    return best, min(1.0, totals[best])


def _script_guess(text: str) -> tuple[str, float] | None:
    """zh, ja or ko from the share of Han, kana and Hangul letters (langdetect confuses short CJK texts)."""
    han = kana = hangul = letters = 0
    for c in text:
        if not c.isalpha():
            continue
        letters += 1
        o = ord(c)
        if 0x3040 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF or 0xFF66 <= o <= 0xFF9D:
            kana += 1
        elif 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
            hangul += 1
        elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FFFF:
            han += 1
    cjk = han + kana + hangul
    if letters == 0 or cjk < 0.5 * letters:
        return None
    if hangul >= 0.3 * cjk:
        return "ko", hangul / letters
    if kana >= 0.05 * cjk:
        return "ja", cjk / letters
    return "zh", han / letters


def detect_language(text: str) -> str:
    """The most probable language of `text` as a normalised ISO 639-1 code (langdetect, seeded)."""
    return detect_language_scored(text)[0]

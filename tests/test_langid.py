"""Language codes and language detection."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from auditor.errors import LanguageError
from auditor.langid import (
    DETECTABLE_LANGS,
    KNOWN_LANGS,
    detect_language,
    detect_language_scored,
    normalise_lang,
)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "en"),
        ("EN", "en"),
        ("en-US", "en"),
        (" en_gb ", "en"),
        ("zh-Hans", "zh"),
        ("zh-TW", "zh"),
        ("zh_Hant_HK", "zh"),
        ("pt_BR", "pt"),
        ("sr-Latn-RS", "sr"),
        ("deu", "de"),
        ("fre", "fr"),
        ("iw", "he"),
        ("in", "id"),
        ("nb", "no"),
        ("fil", "tl"),
        ("eu", "eu"),
    ],
)
def test_normalise_lang(code: str, expected: str) -> None:
    assert normalise_lang(code) == expected


@pytest.mark.parametrize("code", ["", "  ", "xx", "english", "e", "123", "-en", "und", "zz-ZZ"])
def test_normalise_lang_rejects(code: str) -> None:
    with pytest.raises(LanguageError) as info:
        normalise_lang(code)
    assert "ISO 639-1" in str(info.value)
    assert info.value.fix and "en, it, de" in info.value.fix


def test_known_langs() -> None:
    assert len(DETECTABLE_LANGS) == 54  # langdetect's 55 profiles, zh-cn and zh-tw folded into zh
    assert DETECTABLE_LANGS <= KNOWN_LANGS
    assert all(normalise_lang(code) == code for code in KNOWN_LANGS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The city council approved the new budget on Tuesday after a long debate.", "en"),
        ("Il consiglio comunale ha approvato ieri il nuovo bilancio dopo un lungo dibattito.", "it"),
        ("Der Stadtrat hat am Dienstag nach langer Debatte den neuen Haushalt beschlossen.", "de"),
        ("Le conseil municipal a approuvé mardi le nouveau budget après un long débat.", "fr"),
        ("El ayuntamiento aprobó el martes el nuevo presupuesto tras un largo debate.", "es"),
        ("市议会周二经过长时间辩论后批准了新预算。", "zh"),
        ("市議会は火曜日、長い議論の末に新しい予算を承認した。", "ja"),
        ("시의회는 화요일 긴 토론 끝에 새 예산을 승인했다.", "ko"),
        ("Городской совет во вторник утвердил новый бюджет после долгих дебатов.", "ru"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected
    lang, prob = detect_language_scored(text)
    assert lang == expected
    assert 0.5 <= prob <= 1.0


def test_detection_is_reproducible_and_thread_safe() -> None:
    text = "La ministra ha detto che il governo presenterà la riforma entro la fine del mese."
    first = detect_language_scored(text)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(detect_language_scored, [text] * 16))
    assert all(r == first for r in results)


@pytest.mark.parametrize("text", ["", "   ", "12345 678", "!!! ??? ...", "a1", "東京"])
def test_detect_language_rejects(text: str) -> None:
    with pytest.raises(LanguageError) as info:
        detect_language(text)
    assert info.value.fix and "language code" in info.value.fix

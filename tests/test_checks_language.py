"""Language checks: untranslated and wrong-language segments, copied source spans, code-mixing."""

from __future__ import annotations

import time

import pytest

from auditor.checks import language
from auditor.checks.base import CHECKS, CheckContext
from auditor.types import Category, Segment, Severity

LANGUAGE_CHECKS = ["untranslated-segment", "wrong-language", "copied-source-span", "code-mixing", "untranslated-name"]


def findings(name: str, mt: str, src: str | None, src_lang: str | None, tgt: str | None = "en", ref: str | None = None):
    seg = Segment("t", mt, src, ref, src_lang, tgt)
    check = CHECKS[name]()
    if not check.needs.satisfied_by(seg):
        return []
    out = list(check.check_segment(CheckContext(seg)))
    for f in out:
        assert f.span.text == mt[f.span.start : f.span.end]
    return out


IT_SRC = "Il governo ha approvato ieri sera la nuova legge sul lavoro dopo un lungo dibattito."
EN_OK = "The government approved the new labour law last night after a long debate."

CASES = [
    # (check, mt, src, src_lang, tgt, expected span texts)
    ("untranslated-segment", IT_SRC, IT_SRC, "it", "en", [IT_SRC]),
    (
        "untranslated-segment",
        "Il governo ha approvato la legge dopo una lunga discussione.",
        IT_SRC,
        "it",
        "en",
        ["Il governo ha approvato la legge dopo una lunga discussione."],
    ),
    ("untranslated-segment", EN_OK, IT_SRC, "it", "en", []),
    ("untranslated-segment", "Juventus - Inter 2-1", "Juventus - Inter 2-1", "it", "en", []),
    (
        "untranslated-segment",
        "政府昨晚在长时间辩论后通过了新的劳动法。",
        "政府昨晚在长时间辩论后通过了新的劳动法。",
        "zh",
        "en",
        ["政府昨晚在长时间辩论后通过了新的劳动法。"],
    ),
    (
        "untranslated-segment",
        "The government approved the law after a debate.",
        "The government approved the law.",
        "en",
        "ja",
        ["The government approved the law after a debate."],
    ),
    (
        "wrong-language",
        "Die Regierung hat gestern Abend nach langer Debatte das neue Arbeitsgesetz verabschiedet.",
        IT_SRC,
        "it",
        "en",
        ["Die Regierung hat gestern Abend nach langer Debatte das neue Arbeitsgesetz verabschiedet."],
    ),
    (
        "wrong-language",
        "Правительство вчера вечером одобрило новый закон о труде.",
        IT_SRC,
        "it",
        "en",
        ["Правительство вчера вечером одобрило новый закон о труде."],
    ),
    ("wrong-language", EN_OK, IT_SRC, "it", "en", []),
    ("wrong-language", IT_SRC, IT_SRC, "it", "en", []),
    (
        "copied-source-span",
        "The minister said that il governo cadrà soon.",
        "Il ministro ha detto che il governo cadrà presto.",
        "it",
        "en",
        ["il governo cadrà"],
    ),
    (
        "copied-source-span",
        "Prices rose. Riproduzione riservata",
        "I prezzi sono saliti. Riproduzione riservata",
        "it",
        "en",
        ["Riproduzione riservata"],
    ),
    (
        "copied-source-span",
        "Hossein Amir-Abdollahian met Giorgia Meloni in Rome.",
        "Hossein Amir-Abdollahian ha incontrato Giorgia Meloni a Roma.",
        "it",
        "en",
        [],
    ),
    (
        "copied-source-span",
        "The Juventus Stadium hosted 40,000 fans in Turin.",
        "Lo Juventus Stadium ha ospitato 40.000 tifosi.",
        "it",
        "en",
        [],
    ),
    (
        "code-mixing",
        "The company went into upadłość last year.",
        "Firma ogłosiła upadłość w zeszłym roku.",
        "pl",
        "en",
        ["upadłość"],
    ),
    (
        "code-mixing",
        "Cyanuric acid and 三聚氰胺 were found in the samples.",
        "样品中发现了三聚氰胺。",
        "zh",
        "en",
        ["三聚氰胺"],
    ),
    (
        "code-mixing",
        "The match was played nicht in the stadium.",
        "Das Spiel wurde nicht im Stadion gespielt.",
        "de",
        "en",
        ["nicht"],
    ),
    (
        "code-mixing",
        "The Präsident spoke to the press on Monday.",
        "Der Präsident sprach am Montag.",
        "de",
        "en",
        ["Präsident"],
    ),
    # ... but a street keeps its German name
    (
        "code-mixing",
        "A witness heard shots on Hauptstrasse at night.",
        "Ein Zeuge hörte nachts Schüsse in der Hauptstraße.",
        "de",
        "en",
        [],
    ),
    (
        "code-mixing",
        "The Ausgangssperre starts at ten tonight.",
        "Die Ausgangssperre beginnt heute um zehn.",
        "de",
        "en",
        ["Ausgangssperre"],
    ),
    (
        "code-mixing",
        "The results were also published in Warsaw on Monday.",
        "Wyniki opublikowano w poniedziałek.",
        "pl",
        "en",
        [],
    ),
    (
        "code-mixing",
        "Małgorzata Kowalska met the mayor of Kraków.",
        "Małgorzata Kowalska spotkała burmistrza Krakowa.",
        "pl",
        "en",
        [],
    ),
    ("code-mixing", "She ordered a café au lait in Montréal.", "Zamówiła kawę w Montrealu.", "pl", "en", []),
    # institution names left in English inside a German or Italian translation
    (
        "untranslated-name",
        "Das Department of Homeland Security teilte am Montag mit, der Cornwall Council tage.",
        "The Department of Homeland Security said on Monday that Cornwall Council would meet.",
        "en",
        "de",
        ["Department of Homeland Security", "Cornwall Council"],
    ),
    (
        "untranslated-name",
        "Il Riverside Police ha chiuso la strada.",
        "Riverside Police closed the road.",
        "en",
        "it",
        ["Riverside Police"],
    ),
    # a head word the target uses itself, a translated name, a name the source does not have, one word alone
    (
        "untranslated-name",
        "Manchester United gewann die Premier League.",
        "Manchester United won the Premier League.",
        "en",
        "de",
        [],
    ),
    (
        "untranslated-name",
        "Das Heimatschutzministerium teilte mit.",
        "The Department of Homeland Security said.",
        "en",
        "de",
        [],
    ),
    ("untranslated-name", "Der Kent County Council tagte.", "The council of Kent met.", "en", "de", []),
    ("untranslated-name", "Der Council tagte.", "The Council met.", "en", "de", []),
    # English targets and sources without a list of name heads are left alone
    ("untranslated-name", "The Cornwall Council met.", "The Cornwall Council met.", "en", "en", []),
    ("untranslated-name", "Die Rada Miasta tagte.", "Rada Miasta obradowała.", "pl", "de", []),
]


@pytest.mark.parametrize(("name", "mt", "src", "src_lang", "tgt", "expected"), CASES)
def test_language_cases(name: str, mt: str, src: str, src_lang: str, tgt: str, expected: list[str]) -> None:
    assert [f.span.text for f in findings(name, mt, src, src_lang, tgt)] == expected


def test_categories_and_severities() -> None:
    untranslated = findings("untranslated-segment", IT_SRC, IT_SRC, "it")
    assert untranslated[0].category is Category.UNTRANSLATED and untranslated[0].severity is Severity.CRITICAL
    assert untranslated[0].evidence == IT_SRC
    wrong = findings("wrong-language", "Правительство вчера вечером одобрило новый закон о труде.", IT_SRC, "it")
    assert wrong[0].category is Category.NON_TRANSLATION and wrong[0].severity is Severity.CRITICAL
    mixed = findings("code-mixing", "The company went into upadłość last year.", "Firma ogłosiła upadłość.", "pl")
    assert mixed[0].severity is Severity.MAJOR and mixed[0].evidence == "upadłość"


def test_whole_segment_is_reported_once() -> None:
    for name in ("copied-source-span", "code-mixing"):
        assert findings(name, IT_SRC, IT_SRC, "it") == []


def test_no_target_language_means_no_findings() -> None:
    assert findings("untranslated-segment", IT_SRC, IT_SRC, "it", tgt=None) == []


def test_name_in_reference_is_not_code_mixing() -> None:
    mt = "The Präsident spoke."
    assert findings("code-mixing", mt, "Der Präsident sprach.", "de", ref="The Präsident spoke on Monday.") == []


def test_fast_on_average() -> None:
    segs = [Segment(str(i), f"{EN_OK} Number {i} was given.", IT_SRC, None, "it", "en") for i in range(200)]
    checks = [CHECKS[n]() for n in LANGUAGE_CHECKS]
    for c in checks:  # warm the caches and tables
        list(c.check_segment(CheckContext(segs[0])))
    start = time.perf_counter()
    for seg in segs:
        for c in checks:
            list(c.check_segment(CheckContext(seg)))
    assert (time.perf_counter() - start) / len(segs) < 0.01  # generous: well under 1 ms on an idle machine


@pytest.mark.parametrize("name", LANGUAGE_CHECKS)
def test_language_checks_are_documented(name: str) -> None:
    cls = CHECKS[name]
    assert cls.__module__ == language.__name__
    doc = cls.__doc__ or ""
    assert "Example:" in doc and "-> finding on" in doc

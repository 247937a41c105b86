"""Form checks: table-driven positive and negative cases, plus the demo corpus artifacts."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.checks import form
from auditor.checks.base import CHECKS, CheckContext
from auditor.splitting import split_sentences
from auditor.types import Category, Segment, Severity

FORM_CHECKS = [
    "glued-words",
    "split-words",
    "space-before-punctuation",
    "tokenised-text",
    "stray-punctuation",
    "final-punctuation",
    "repeated-words",
    "unbalanced-brackets",
    "case-errors",
    "leftover-markup",
    "leaked-metadata",
]


def spans(name: str, mt: str, src: str | None = None, ref: str | None = None, tgt: str = "en") -> list[str]:
    seg = Segment("t", mt, src, ref, "it", tgt)
    findings = list(CHECKS[name]().check_segment(CheckContext(seg)))
    for f in findings:
        assert f.span.text == mt[f.span.start : f.span.end]
        assert f.check == name and f.message
    return [f.span.text for f in findings]


CASES = [
    # (check, mt, src, ref, tgt, expected span texts)
    ("glued-words", "Seven people died in Iranwhere the army was.", None, None, "en", ["Iranwhere"]),
    ("glued-words", "The minister spoke.Then he left withThe others.", None, None, "en", ["withThe"]),
    ("glued-words", "The company sold its iPhone and YouTube shares.", None, None, "en", []),
    ("glued-words", "The nanoparticles were analysed.", None, None, "en", []),
    ("glued-words", "Die Regierungdie Opposition stritten.", None, None, "de", ["Regierungdie"]),
    ("glued-words", "Wir würden auf das Loch zustürzen, mit fühlendem Herzen.", None, None, "de", []),
    ("split-words", "The inter national community reacted.", None, None, "en", ["inter national"]),
    ("split-words", "He did it any way he could.", None, None, "en", []),
    ("space-before-punctuation", "The minister said , adding more.", None, None, "en", ["said ,"]),
    ("space-before-punctuation", "It happened in Iran .", None, None, "en", ["Iran ."]),
    ("space-before-punctuation", "Pourquoi ? Il a dit : non.", None, None, "fr", []),
    ("space-before-punctuation", "Pourquoi , dit-il.", None, None, "fr", ["Pourquoi ,"]),
    ("space-before-punctuation", "Prices rose by 5 % in May.", None, None, "en", ["5 %"]),
    ("space-before-punctuation", "No spaces here, none at all.", None, None, "en", []),
    ("tokenised-text", "He did n't say ( yet ) .", None, None, "en", [" n't", "( ", "yet )", ") ."]),
    ("tokenised-text", "The mayor 's office agreed.", None, None, "en", [" 's"]),
    ("tokenised-text", 'He said " no " , firmly .', None, None, "en", ['" ', ' "', '" ,', "firmly ."]),
    ("tokenised-text", "He said it was fine, and left.", None, None, "en", []),
    ("stray-punctuation", "The composition^ of these crystals matched.", None, None, "en", ["^"]),
    ("stray-punctuation", "They found the? answer late.", None, None, "en", ["?"]),
    ("stray-punctuation", "She said;, it was over.", None, None, "en", [";,"]),
    ("stray-punctuation", "The rise in prices of- food continued.", None, None, "en", ["-"]),
    ("stray-punctuation", "Pre- and post-war years differed.", None, None, "en", []),
    ("stray-punctuation", "He asked: why? Nobody answered.", None, None, "en", []),
    ("stray-punctuation", "Dr. Brown met Mr. Smith at 5 p.m. today.", None, None, "en", []),
    ("stray-punctuation", "The players' union met the owners.", None, None, "en", []),
    ("stray-punctuation", "Ha aspettato un po' di tempo, poi è partito.", None, None, "it", []),
    ("stray-punctuation", "He said it was as' simple as that.", None, None, "en", ["'"]),
    # marks between two words the reference writes with only a space between them
    (
        "stray-punctuation",
        "When you call abroad, satellites, are used.",
        None,
        "When you call abroad satellites are used in the courtyard of Independence Hall.",
        "en",
        [","],
    ),
    (
        "stray-punctuation",
        "It stands in the courtyard of Independence, Hall.",
        None,
        "When you call abroad satellites are used in the courtyard of Independence Hall.",
        "en",
        [","],
    ),
    (
        "stray-punctuation",
        "He helped create. The Simpsons in 1989.",
        None,
        "He helped create The Simpsons.",
        "en",
        ["."],
    ),
    ("stray-punctuation", "We make great progress' in planning.", None, "We make great progress in it.", "en", ["'"]),
    # ... but not the commas and stops that translations commonly differ in
    ("stray-punctuation", "Last month, the council met.", None, "Last month the council met.", "en", []),
    ("stray-punctuation", "Samsung, Huawei, and HTC agreed.", None, "Samsung, Huawei and HTC agreed.", "en", []),
    ("stray-punctuation", "Er sagte, dass er kommt.", None, "Er sagte dass er kommt.", "de", []),
    # marks next to other marks, hanging hyphens before a number or bracket, symbols after a bracket
    ("stray-punctuation", "Goats, horses,- cows and dogs arrived.", None, None, "en", [",-"]),
    ("stray-punctuation", "Common formats (e.g.,! APS formats) exist.", None, None, "en", [",!"]),
    ("stray-punctuation", "The separatists'! plans failed.", None, None, "en", ["'!"]),
    ("stray-punctuation", "A deposit of- 3.5 million was paid.", None, None, "en", ["-"]),
    ("stray-punctuation", "Asahi Tex- (Bizen City) won.", None, None, "en", ["-"]),
    ("stray-punctuation", "It lies 40 miles (65 km)_ south of Butte.", None, None, "en", ["_"]),
    # a suspended hyphen needs its hyphenated second part in English, not in German
    ("stray-punctuation", "They tried to see how big it was- and how it hurt.", None, None, "en", ["-"]),
    ("stray-punctuation", "First- and second-degree burns.", None, None, "en", []),
    ("stray-punctuation", "Der Ein- und Ausgang war gesperrt.", None, None, "de", []),
    # a possessive apostrophe before a function word; a "!" after a word that cannot end a sentence
    ("stray-punctuation", "Only germline cells' can be passed on.", None, None, "en", ["'"]),
    ("stray-punctuation", "The workers' and farmers' party won.", None, None, "en", []),
    ("stray-punctuation", "He spoke in an interview with! Reuters on Monday.", None, None, "en", ["!"]),
    ("stray-punctuation", "It worked! The crowd cheered.", None, None, "en", []),
    # a comma between a preposition and its object, or between an opening subject and its verb
    ("stray-punctuation", "The tournament takes place in, December every year.", None, None, "en", [","]),
    ("stray-punctuation", "It fell by more than, 1.4 million.", None, None, "en", [","]),
    ("stray-punctuation", "Later on, the crowd left and it rained in, say, May.", None, None, "en", []),
    ("stray-punctuation", "Morsi thinks the Egyptians, will vote for him.", None, None, "en", [","]),
    ("stray-punctuation", "Mr Smith, 45, will appeal.", None, None, "en", []),
    ("stray-punctuation", "I have to ask, has it happened before?", None, None, "en", []),
    (
        "stray-punctuation",
        'Paris said France "soon": would have patrol satellites.',
        None,
        "Paris said France would soon have satellites.",
        "en",
        [":"],
    ),
    (
        "stray-punctuation",
        "Mr. Chen said so in injury time, Jesse scored.",
        None,
        "Mr Chen said so in injury time Jesse scored.",
        "en",
        [],
    ),
    ("final-punctuation", "Prices rose again", None, "Prices went up again.", "en", ["again"]),
    ("final-punctuation", "Prices rose again?", None, "Prices went up again.", "en", ["?"]),
    ("final-punctuation", "Prices rose again.", None, "Prices went up again.", "en", []),
    ("final-punctuation", "Prices rose again", None, "Prices went up again", "en", []),
    ("repeated-words", "The pets died after eating the the food.", None, None, "en", [" the"]),
    ("repeated-words", "The pets died after eating food food food.", None, None, "en", [" food food"]),
    ("repeated-words", "It happened in 2016 2016.", None, None, "en", [" 2016"]),
    ("repeated-words", "The talks in the city in the city failed.", None, None, "en", [" in the city"]),
    ("repeated-words", "He said that that plan had had its day.", None, None, "en", []),
    ("repeated-words", "Danke Danke.", "Thank you. Thank you.", None, "de", []),
    ("repeated-words", "Danke Danke.", "Thank you very much.", None, "de", [" Danke"]),
    ("repeated-words", "Sie sagte, dass die die Regeln kennen, gehen.", None, None, "de", []),
    ("unbalanced-brackets", "He said (in Rome that it was over.", None, None, "en", ["("]),
    ("unbalanced-brackets", "He said “it was over.", None, "He said “it was over”.", "en", ["“"]),
    ("unbalanced-brackets", "He said „es ist vorbei“ gestern.", None, None, "de", []),
    ("unbalanced-brackets", "Er sagte: «Es ist vorbei».", None, None, "de", []),
    ("unbalanced-brackets", "He said “it was over.", None, "He said “it was over.", "en", []),
    ("case-errors", "the minister resigned.", None, None, "en", ["the"]),
    ("case-errors", "The minister resigned. then he left.", None, None, "en", ["then"]),
    ("case-errors", "tHe minister resigned.", None, None, "en", ["tHe"]),
    ("case-errors", "The PRESIDENT OF THE REPUBLIC resigned.", None, None, "en", ["PRESIDENT OF THE REPUBLIC"]),
    ("case-errors", "The NATO and UN envoys met in the U.S. capital.", None, None, "en", []),
    ("case-errors", "iPhone sales rose, e.g. in Asia.", None, None, "en", []),
    ("leftover-markup", "Prices rose &amp; fell <b>sharply</b>.", None, None, "en", ["&amp;", "<b>", "</b>"]),
    ("leftover-markup", "Hello {0}, see [[Rome]] and \\n more.", None, None, "en", ["{0}", "[[Rome]]", "\\n"]),
    ("leftover-markup", "Hello {0}, welcome.", "Ciao {0}, benvenuto.", None, "en", []),
    ("leftover-markup", "Profits rose 5% in a year & more.", None, None, "en", []),
    ("leaked-metadata", "ROME, Jan 18 (ANSA) - Prices rose.", None, "Prices rose.", "en", ["ROME, Jan 18 (ANSA) -"]),
    ("leaked-metadata", "(AGI) - Prices rose.", "(AGI) - I prezzi sono saliti.", "Prices rose.", "en", ["(AGI) -"]),
    ("leaked-metadata", "ROME, Jan 18 (ANSA) - Prices rose.", None, "ROME, Jan 18 (ANSA) - Prices went up.", "en", []),
    ("leaked-metadata", "date 2024-01-18 Prices rose.", None, "Prices rose.", "en", ["date 2024-01-18"]),
    ("leaked-metadata", "By John Smith", "di Mario Rossi", "Prices rose.", "en", ["By John Smith"]),
    ("leaked-metadata", "Prices were set by John Smith and others.", None, "Prices rose.", "en", []),
    ("leaked-metadata", "Prices rose. Riproduzione riservata", None, None, "en", ["Riproduzione riservata"]),
    ("leaked-metadata", "Prices rose. © RIPRODUZIONE RISERVATA", None, None, "en", ["© RIPRODUZIONE RISERVATA"]),
    ("leaked-metadata", "Leggi anche: the floods", None, None, "en", ["Leggi anche"]),
    ("leaked-metadata", "Prices rose sharply in Rome.", None, "Prices rose.", "en", []),
]


@pytest.mark.parametrize(("name", "mt", "src", "ref", "tgt", "expected"), CASES)
def test_form_cases(name: str, mt: str, src: str | None, ref: str | None, tgt: str, expected: list[str]) -> None:
    assert spans(name, mt, src, ref, tgt) == expected


def test_tokenised_and_space_checks_do_not_double_report() -> None:
    mt = "He did n't say ( yet ) ."
    assert spans("space-before-punctuation", mt) == []
    single = "It happened in Iran ."
    assert spans("tokenised-text", single) == []


def test_a_statement_made_a_question_is_a_major_mistranslation() -> None:
    seg = Segment("t", "Did prices rise again?", "I prezzi sono saliti di nuovo.", "Prices went up again.", "it", "en")
    (finding,) = CHECKS["final-punctuation"]().check_segment(CheckContext(seg))
    assert (finding.span.text, finding.category, finding.severity) == ("?", Category.MISTRANSLATION, Severity.MAJOR)
    missing = Segment("t", "Prices rose again", None, "Prices went up again.", None, "en")
    (finding,) = CHECKS["final-punctuation"]().check_segment(CheckContext(missing))
    assert (finding.category, finding.severity) == (Category.PUNCTUATION, Severity.MINOR)


@pytest.mark.parametrize("name", FORM_CHECKS)
def test_form_checks_are_documented(name: str) -> None:
    cls = CHECKS[name]
    assert cls.__module__ == form.__name__
    doc = cls.__doc__ or ""
    assert "Example:" in doc and "-> finding on" in doc
    assert cls.severity is Severity.MINOR
    assert isinstance(cls.category, Category)


DEMO = Path(__file__).resolve().parent.parent / "corpora" / "demo"


@pytest.mark.skipif(not (DEMO / "mt.en.txt").exists(), reason="demo corpus missing")
def test_demo_corpus_artifacts_found_with_exact_spans() -> None:
    mt = (DEMO / "mt.en.txt").read_text(encoding="utf-8")
    ref = (DEMO / "ref.en.txt").read_text(encoding="utf-8")
    refs = split_sentences(ref, "en")
    found: set[tuple[str, int, int]] = set()
    for sent in split_sentences(mt, "en"):
        ref_par = " ".join(r.text for r in refs if r.paragraph == sent.paragraph) or None
        seg = Segment("demo", sent.text, None, ref_par, "it", "en")
        for name in FORM_CHECKS:
            for f in CHECKS[name]().check_segment(CheckContext(seg)):
                found.add((name, sent.start + f.span.start, sent.start + f.span.end))
    assert ("glued-words", 216, 225) in found
    assert ("space-before-punctuation", 311, 323) in found
    assert ("leaked-metadata", 55, 70) in found
    assert ("leaked-metadata", 71, 106) in found
    assert ("leaked-metadata", 788, 810) in found
    assert mt[216:225] == "Iranwhere"

"""Spurious first/second person: table of MT / reference / source cases (sentences written for these tests)."""

from __future__ import annotations

import pytest

from auditor.checks.base import CheckContext
from auditor.checks.person import SpuriousPersonCheck, has_person
from auditor.types import Category, Segment, Severity

CASES = [
    # (mt, ref, src, src_lang, expected span texts)
    (
        "Storms hit the coast, where I am at least four people died.",
        "Storms hit the coast, where at least four people died.",
        None,
        None,
        ["I am"],
    ),
    (
        "Storms hit the coast, where I am at least four people died.",
        None,
        "Tempeste sulla costa, dove sono morte almeno quattro persone.",
        "it",
        ["I am"],
    ),
    ("Our schools will reopen on Monday.", "Schools will reopen on Monday.", None, None, ["Our"]),
    ("You can see the damage from the road.", "The damage is visible from the road.", None, None, ["You can"]),
    ("To read the map, you need a key.", "To read the map, a key is needed.", None, None, ["you"]),
    # negatives: quotes, reference support, source support, numerals
    # Russian verb endings of the first and second person (pro-drop)
    ("We urge everyone to reprint the texts.", None, "Призываем всех перепечатывать тексты.", "ru", []),
    ("What do you think?", None, "Что думаете?", "ru", []),
    ("I read the report last night.", None, "Вчера вечером отчёт прочитал Иванов.", "ru", ["I"]),
    # first-person present and future forms in -у ("живу", "буду"), Polish ones in -ę and -am ("mogę", "mieszkam")
    ("I live in Yakutsk and will answer all questions.", None, "Живу в Якутске, на все вопросы отвечу.", "ru", []),
    ("I live in Gdańsk and can answer all questions.", None, "Mieszkam w Gdańsku i mogę odpowiedzieć.", "pl", []),
    # a generic person in the reference or source: "one", German "man"
    ("To read the map, you need a key.", "To read the map, one needs a key.", None, None, []),
    (
        "If you cross the lake in winter, check the ice.",
        None,
        "Wenn man im Winter den See überquert, prüfe das Eis.",
        "de",
        [],
    ),
    (
        "To understand the order, we need to know its past.",
        "To understand the order one must know its past.",
        None,
        None,
        [],
    ),
    ('"I am ready," the mayor said.', '"I am ready," the mayor said.', None, None, []),
    ("“We will rebuild,” she said.", "She promised that they would rebuild.", None, None, []),
    ("We will rebuild the bridge, the mayor said.", "We will rebuild the bridge, the mayor said.", None, None, []),
    (
        "We will rebuild the bridge, the mayor said.",
        None,
        "Ricostruiremo il ponte, ha detto il sindaco. Noi ci siamo.",
        "it",
        [],
    ),
    ("We will rebuild, the mayor said.", None, "Wir bauen wieder auf, sagte der Bürgermeister.", "de", []),
    ("You must leave now, the officer said.", None, "Sie müssen jetzt gehen, sagte der Beamte.", "de", []),
    ("You must leave now, the officer said.", None, "Er muss jetzt gehen, sagte der Beamte.", "de", ["You must"]),
    # impersonal forms of Polish, Russian, Czech and Portuguese sources ("aby" + infinitive, "можно", "lze",
    # "pode-se") speak of anyone: a generic "you" renders them; a source without one does not support it
    (
        "Doctors advise that you drink water so that you have to get up at night.",
        None,
        "Lekarze zalecają picie wody, aby musieć wstawać w nocy.",
        "pl",
        [],
    ),
    ("Doctors say you should drink water.", None, "Lekarze mówią, że pije wodę.", "pl", ["you should"]),
    ("It is a good way to share what you have learned.", None, "Это хороший способ поделиться знаниями.", "ru", []),
    ("From the tower you can see the whole city.", None, "С башни можно увидеть весь город.", "ru", []),
    ("From the tower you can see the whole city.", None, "С башни он увидел весь город.", "ru", ["you can"]),
    ("From the tower you can see the whole city.", None, "Z věže lze vidět celé město.", "cs", []),
    ("From the tower you can see the whole city.", None, "Da torre pode-se ver toda a cidade.", "pt", []),
    # without a reference, a generic "you" in a condition is not reported; with one, the reference decides
    ("If you cross the border, you need a passport.", None, "Przekraczając granicę, trzeba mieć paszport.", "pl", []),
    (
        "If you cross the border, you need a passport.",
        "Crossing the border requires a passport.",
        None,
        None,
        ["you", "you"],
    ),
    # a reference that gives instructions speaks to the reader: a generic "you" renders it
    (
        "If you are crossing the pass in winter, you should check the weather first.",
        "If crossing the pass in winter, check the weather first.",
        None,
        None,
        [],
    ),
    (
        "Park rangers say you must stay 100 metres from the bears.",
        "According to park rangers, stay 100 metres from the bears.",
        None,
        None,
        [],
    ),
    # ... not an instruction inside a quotation, after a finite verb, or a first person
    (
        "Residents were told you must stay indoors, turn off fans.",
        "Residents were told to stay indoors, turn off fans.",
        None,
        None,
        ["you must"],
    ),
    (
        "You should stay calm, the mayor said.",
        'The mayor said: "Stay calm."',
        None,
        None,
        ["You should"],
    ),
    ("We checked the weather first.", "Check the weather first.", None, None, ["We"]),
    ("Veterans of World War I gathered in the US.", "Veterans of World War I gathered in the US.", None, None, []),
    # a Roman numeral before a comma is no pronoun either; the pronoun before a comma-free verb still is
    (
        "After World War I, the nations wanted peace.",
        None,
        "Po I wojnie światowej narody chciały pokoju.",
        "pl",
        [],
    ),
    ("After the war I wanted peace.", None, "Po wojnie narody chciały pokoju.", "pl", ["I"]),
    ("Aid reached us late.", "Aid reached the US late.", None, None, ["us"]),
    # a Japanese source leaves subjects out: a "we" or generic "you" is the translator's reading, an "I" is judged
    (
        "For the campaign, we also prepared new drawings.",
        None,
        "キャンペーン用に、新しいイラストも用意した。",
        "ja",
        [],
    ),
    ("You must keep 100 metres from bears.", None, "熊からは100メートルの距離を保たなければいけません。", "ja", []),
    (
        "For the campaign, I also prepared new drawings.",
        None,
        "キャンペーン用に、新しいイラストも用意した。",
        "ja",
        ["I"],
    ),
    # Czech verb forms of the plural persons stand for their pronoun ("nemůžete": you cannot)
    ("On icy roads you cannot drive as fast.", None, "Na ledových vozovkách nemůžete řídit tak rychle.", "cs", []),
    ("On icy roads we cannot drive as fast.", None, "Na ledových vozovkách nemůžeme řídit tak rychle.", "cs", []),
    ("On icy roads we cannot drive as fast.", None, "Na ledových vozovkách se nedá řídit tak rychle.", "cs", ["we"]),
]


@pytest.mark.parametrize(("mt", "ref", "src", "src_lang", "expected"), CASES)
def test_spurious_person(mt: str, ref: str | None, src: str | None, src_lang: str | None, expected: list[str]) -> None:
    seg = Segment("t", mt, src, ref, src_lang, "en")
    findings = list(SpuriousPersonCheck().check_segment(CheckContext(seg)))
    assert [f.span.text for f in findings] == expected
    for f in findings:
        assert mt[f.span.start : f.span.end] == f.span.text
        assert f.category is Category.MISTRANSLATION and f.severity is Severity.MAJOR


@pytest.mark.parametrize(
    ("mt", "expected"),
    [
        ("For the campaign, we also prepared new drawings.", Severity.MINOR),
        ("I also prepared new drawings.", Severity.MAJOR),
    ],
)
def test_a_reference_without_the_person_of_a_source_that_leaves_subjects_out(mt: str, expected: Severity) -> None:
    """With a reference, a Japanese source's "we" is reported, but minor: the source does not say who; an "I" stays
    major."""
    ref = "New drawings were also prepared for the campaign."
    seg = Segment("t", mt, "キャンペーン用に、新しいイラストも用意した。", ref, "ja", "en")
    (finding,) = SpuriousPersonCheck().check_segment(CheckContext(seg))
    assert finding.severity is expected


@pytest.mark.parametrize(
    ("text", "lang", "person", "expected"),
    [
        ("dove sono morte almeno sette persone", "it", "first", False),  # 'sono' is also 3rd plural
        ("io sono qui", "it", "first", True),
        ("abbiamo deciso", "it", "first", True),
        ("Llegamos tarde", "es", "first", True),
        ("sie kommt morgen", "de", "second", False),
        ("Kommen Sie morgen", "de", "second", True),
        ("我们明天出发", "zh", "first", True),
        ("j'ai vu", "fr", "first", True),
        ("il a vu", "fr", "first", False),
    ],
)
def test_source_markers(text: str, lang: str, person: str, expected: bool) -> None:
    assert has_person(text, lang, person) is expected


def test_demo_corpus_spurious_first_person(demo_dir) -> None:  # type: ignore[no-untyped-def]
    mt_path = demo_dir / "mt.en.txt"
    if not mt_path.exists():
        pytest.skip("demo corpus not present")
    mt = mt_path.read_text(encoding="utf-8").split("\n")
    ref = (demo_dir / "ref.en.txt").read_text(encoding="utf-8").split("\n")
    src = (demo_dir / "it.txt").read_text(encoding="utf-8").split("\n")
    found = []
    for i, line in enumerate(mt):
        for r, s in ((ref[i] if i < len(ref) else None, None), (None, src[i] if i < len(src) else None)):
            if line.strip() and (r or s):
                seg = Segment(str(i), line, s, r, "it", "en")
                found += [(i, f.span.text) for f in SpuriousPersonCheck().check_segment(CheckContext(seg))]
    assert set(found) == {(2, "I am")}

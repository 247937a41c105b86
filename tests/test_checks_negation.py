"""Negation flips: tables of MT / reference / source cases written for these tests."""

from __future__ import annotations

import pytest

from auditor.checks.base import CheckContext
from auditor.checks.negation import AntonymCheck, NegationCheck, antonym_swaps, opposites, polarity
from auditor.types import Segment, Severity, Side

CASES = [
    # (mt, ref, src, src_lang, [(span text, side)])
    ("The council did not approve the plan.", "The council approved the plan.", None, None, [("not", Side.MT)]),
    ("The council approved the plan.", "The council didn't approve the plan.", None, None, [("didn't", Side.REF)]),
    ("Rescuers never found the boat.", "Rescuers found the boat.", None, None, [("never", Side.MT)]),
    ("The council approved the plan.", None, "Il consiglio non ha approvato il piano.", "it", [("non", Side.SRC)]),
    ("The council did not approve the plan.", None, "Der Rat hat den Plan gebilligt.", "de", [("not", Side.MT)]),
    ("The council did not approve the plan.", None, "委员会批准了该计划。", "zh", [("not", Side.MT)]),
    ("The council approved the plan.", None, "委员会没有批准该计划。", "zh", []),  # CJK: only added negation
    # negatives
    ("The council did not approve the plan.", "The council didn't approve the plan.", None, None, []),
    ("The council failed to approve the plan.", "The council did not approve the plan.", None, None, []),
    ("Not only the council but also the mayor approved.", "The council and the mayor approved.", None, None, []),
    ("The council did not approve the plan.", "The council refused the plan.", None, None, []),
    (
        "The council did not approve the plan.",
        "The council turned the plan down.",
        "Il consiglio non ha approvato il piano.",
        "it",
        [],
    ),
    ("The council approved the plan.", None, "委员会非常满意并批准了该计划。", "zh", []),
    ("Talks continue regardless.", None, "无论如何，谈判仍在继续。", "zh", []),
    ("He left without a word.", "He left without saying anything.", None, None, []),
    # a CJK source vouches for an MT without negation, not for one with it: its negators hide in compounds (无症状)
    (
        "There were not any new cases in the city.",
        "There were 12 new cases in the city.",
        "该市新增12例无症状感染者。",
        "zh",
        [("not", Side.MT)],
    ),
    (
        "The mayor left shortly after the vote.",
        "The mayor left not long after the vote.",
        "市长在投票后很快离开。",
        "zh",
        [],
    ),
    # negators inside set phrases and names: "тем не менее" (nevertheless), "Médicos Sin Fronteras"
    ("Nevertheless, prices rose in March.", None, "Тем не менее, в марте цены выросли.", "ru", []),
    (
        "Médecins Sans Frontières opened a clinic in the town.",
        None,
        "Médicos Sin Fronteras abrió una clínica en la ciudad.",
        "es",
        [],
    ),
    # "nor" after a negator carries it on: "not ... or" says the same
    (
        "The village had no school, clinic or road.",
        "The village had no school, nor a clinic, nor a road.",
        None,
        None,
        [],
    ),
    ("The mayor and the council did not reply.", "Neither the mayor nor the council replied.", None, None, []),
    # ... but a "nor" that opens its sentence negates
    (
        "The mayor was silent. The council replied.",
        "The mayor was silent. Nor did the council reply.",
        None,
        None,
        [("Nor", Side.REF)],
    ),
    (
        "The mayor did not reply. The council replied.",
        "The mayor did not reply. Nor did the council.",
        None,
        None,
        [("Nor", Side.REF)],
    ),
]


@pytest.mark.parametrize(("mt", "ref", "src", "src_lang", "expected"), CASES)
def test_negation(mt: str, ref: str | None, src: str | None, src_lang: str | None, expected: list[tuple]) -> None:
    seg = Segment("t", mt, src, ref, src_lang, "en")
    findings = list(NegationCheck().check_segment(CheckContext(seg)))
    assert [(f.span.text, f.side) for f in findings] == expected
    for f in findings:
        assert f.severity is Severity.CRITICAL
        text = {Side.MT: mt, Side.REF: ref, Side.SRC: src}[f.side]
        assert text is not None and text[f.span.start : f.span.end] == f.span.text


@pytest.mark.parametrize(
    ("text", "lang", "count"),
    [
        ("Il n'a rien dit.", "fr", 2),
        ("Er hat keine Zeit und kommt nicht.", "de", 2),
        ("No es nada.", "es", 2),
        ("It is not only cheap but good.", "en", 0),
        ("They can't and won't.", "en", 2),
        ("Is it funny or not?", "en", 0),  # the negator inside a non-negating phrase
        ("Never mind the rain.", "en", 0),
        ("I dont know why he cant come.", "en", 2),  # contractions written without the apostrophe
        ("Il n'a ni faim ni soif.", "fr", 1),  # "ni" after a negator continues it
        ("Не менее 20 человек пострадали.", "ru", 0),  # "no fewer than"
        # "no more than", "or not" read as in English; Russian negative pronouns of "не-" ("нечего": nothing to)
        ("Опрос займёт не более 15 минут.", "ru", 0),
        ("Вам нравится или нет?", "ru", 0),
        ("Encuesta de no más de 15 minutos, ¿le gusta o no?", "es", 0),
        ("Die Umfrage dauert nicht mehr als 15 Minuten.", "de", 0),
        ("Ankieta zajmie nie więcej niż 15 minut.", "pl", 0),
        ("Когда кабану нечего делать, он спит.", "ru", 1),
        ("Ему некого винить и негде жить.", "ru", 2),
        # Russian "не X ли" asks whether, "бы ... ни" makes "-ever", and idioms that negate nothing
        ("Он спросил, не нужна ли помощь.", "ru", 0),
        ("Кто бы ни пришёл, дверь не откроют.", "ru", 1),
        ("Что-то пошло не так, но новый год не за горами.", "ru", 0),
        ("Помощь не нужна.", "ru", 1),
        ("Ni lui ni elle.", "fr", 1),
        ("No tiene casa ni coche.", "es", 1),
        ("Neither he nor she came. Nor did we.", "en", 2),
        # Czech negates with a verb prefix: "ne" on a known word, the negated forms of "být"; not "nej-" superlatives
        ("Nemůže přijít, protože nebyl doma.", "cs", 2),
        ("Pokud nejste zvyklí na jízdu, buďte obezřetní.", "cs", 1),
        ("Nejlepší hráč sezony podepsal smlouvu.", "cs", 0),
        ("Vláda plán schválila.", "cs", 0),
    ],
)
def test_polarity_counts(text: str, lang: str, count: int) -> None:
    assert len(polarity(text, lang).negators) == count


def test_unspaced_negators_are_found_in_tokenised_text() -> None:
    text = "私 は この 話 を 聞 い た こと が あ り ま せ ん ."
    (neg,) = polarity(text, "ja").negators
    assert neg.text == "ま せ ん" and text[neg.start : neg.end] == neg.text


@pytest.mark.parametrize(
    ("mt", "src", "tgt", "expected"),
    [
        # a negation of the source that a Japanese MT keeps in tokenised text ("あ り ま せ ん")
        ("私 は この 話 を 聞 い た こと が あ り ま せ ん .", "I have never heard this story.", "ja", []),
        ("私 は この 話 を 聞 き ま し た .", "I have never heard this story.", "ja", [("never", Side.SRC)]),
        # Czech negates with a verb prefix (ne-) that word counts miss: no source-only comparison into Czech
        ("Neuvědomil jste si to?", "Haven't you realized it?", "cs", []),
        # a CJK translation's negator may sit in a compound: an added one is not reported against a source alone
        # (WMT21 CED en-zh dev: 13 of 77 such flags were critical errors, about the base rate), a dropped one is
        ("委员会没有批准该计划。", "The council approved the plan.", "zh", []),
        ("委员会批准了该计划。", "The council did not approve the plan.", "zh", [("not", Side.SRC)]),
    ],
)
def test_negation_into_other_languages(mt: str, src: str, tgt: str, expected: list[tuple]) -> None:
    seg = Segment("t", mt, src, None, "en", tgt)
    findings = list(NegationCheck().check_segment(CheckContext(seg)))
    assert [(f.span.text, f.side) for f in findings] == expected


@pytest.mark.parametrize(
    ("mt", "src", "expected"),
    [
        # from a Czech source: a negation the MT added is reported ...
        ("The government did not approve the plan.", "Vláda plán schválila.", [("not", Side.MT)]),
        ("The government approved the plan.", "Vláda plán schválila.", []),
        ("He cannot come because he was not at home.", "Nemůže přijít, protože nebyl doma.", []),
        # ... a dropped one is not: "nezávislý" (independent) counts as a negator too
        ("The player is independent of the club.", "Hráč je nezávislý na klubu.", []),
    ],
)
def test_negation_from_a_czech_source(mt: str, src: str, expected: list[tuple]) -> None:
    seg = Segment("t", mt, src, None, "cs", "en")
    findings = list(NegationCheck().check_segment(CheckContext(seg)))
    assert [(f.span.text, f.side) for f in findings] == expected


@pytest.mark.parametrize(
    ("mt", "src", "src_lang", "expected"),
    [
        # more negators than the source: one was added somewhere (which one is a guess: the last is reported)
        (
            "No rain is expected, and the sky will not be cloudy.",
            "Осадков не ожидается, будет малооблачно.",
            "ru",
            ["not"],
        ),
        ("It is not expected that the sky will not clear.", "Man erwartet nicht, dass es aufklart.", "de", ["not"]),
        ("He did not say he would not come.", "他没有说他会来。", "zh", ["not"]),  # a CJK source's count may be high
        # as many, or fewer where the MT is still negated: cross-lingual counts are rough
        ("No rain is expected and it will be sunny.", "Осадков не ожидается, будет малооблачно.", "ru", []),
        ("He never said it.", "Er hat es nie und nimmer gesagt.", "de", []),
        # a weak negative word on one side explains a negator on the other ("мало": little; "defy")
        ("Those who know much do not believe much.", "Кто много знает, мало верит.", "ru", []),
        ("The evidence is not enough to bring charges.", "Улик недостаточно, чтобы возбуждать дела.", "ru", []),
        ("Tell stories that defy any explanation.", "Расскажите истории, которые не поддаются объяснению.", "ru", []),
    ],
)
def test_negation_counts_against_a_source(mt: str, src: str, src_lang: str, expected: list[str]) -> None:
    seg = Segment("t", mt, src, None, src_lang, "en")
    findings = list(NegationCheck().check_segment(CheckContext(seg)))
    assert [f.span.text for f in findings] == expected
    assert all("negations, the source" in f.message for f in findings)


ANTONYM_CASES = [
    # (mt, ref, [span text])
    ("Prices rose less than expected.", "Prices rose more than expected.", ["less"]),
    ("The vote came after the strike.", "The vote came before the strike.", ["after"]),
    ("The court rejected the appeal.", "The court accepted the appeal.", ["rejected"]),
    ("“The largest flood,” he said.", "“The smallest flood,” he said.", ["largest"]),  # curly quotes
    # opposites derived from WordNet (bench/build_antonyms.py), inflected in step
    ("Exports decreased in May.", "Exports increased in May.", ["decreased"]),
    ("The minister acted irresponsibly.", "The minister acted responsibly.", ["irresponsibly"]),
    ("The results were inconclusive.", "The results were conclusive.", ["inconclusive"]),
    # word counts: one of two "more" became "less"
    ("More than 40 were hurt and less than 10 died.", "More than 40 were hurt and more than 10 died.", ["less"]),
    # in the place of the reference's word, whatever the counts: the MT has more "more" than the reference
    (
        "It sent less than 200 staff to check more than 90 bridges and more than 17 tunnels.",
        "It sent more than 200 staff, checked over 90 bridges and 17 tunnels.",
        ["less"],
    ),
    ("Three people were unharmed in the shooting.", "Three people were injured in the shooting.", ["unharmed"]),
    # negatives
    ("Prices rose more than expected.", "Prices rose more than expected.", []),
    ("No one came, all stayed home.", "Some came, all stayed home.", []),  # quantifiers are left to negation
    ("It is not possible to say.", "It is impossible to say.", []),  # a negation next to the word cancels it
    ("It is impossible to say.", "It is not possible to say.", []),
    ("More or less everyone came.", "More or less everyone came.", []),  # both words in both texts
    ("The vote came after the strike, not before it.", "The vote came before the strike.", []),  # the MT has both
    # a contrast in other words: both opposites of the MT are extra ("refused" / "took", "accepted" / "declined")
    (
        "Two courts refused to hear the case, but the high court accepted the appeal.",
        "Two courts declined to hear the case, but the high court took up the appeal.",
        [],
    ),
    ("Two courts refused to hear the case.", "Two courts accepted the case.", ["refused"]),
    ("Prices rose less than expected.", None, []),  # no reference
    ("", "Prices rose more than expected.", []),
]


@pytest.mark.parametrize(("mt", "ref", "expected"), ANTONYM_CASES)
def test_antonym(mt: str, ref: str | None, expected: list[str]) -> None:
    seg = Segment("t", mt, None, ref, "de", "en")
    findings = list(AntonymCheck().check_segment(CheckContext(seg)))
    assert [f.span.text for f in findings] == expected
    for f in findings:
        assert mt[f.span.start : f.span.end] == f.span.text and f.severity is Severity.CRITICAL


def test_antonyms_need_a_word_list() -> None:
    assert antonym_swaps("Цены выросли больше.", "Цены выросли меньше.", "ru") == []  # no Russian list
    assert "less" in opposites("en")["more"]


def test_derived_opposites_are_inflected_in_step() -> None:
    table = opposites("en")
    assert {"decrease", "decreases", "decreased", "decreasing"} <= set().union(
        *(table.get(w, frozenset()) for w in ("increase", "increases", "increased", "increasing"))
    )
    assert "decreased" in table["increased"] and "decreases" not in table["increased"]
    assert "smaller" in table["larger"] and "small" not in table["larger"]
    assert not {"no", "all", "some"} & set(table)  # function words stay out of the derived list

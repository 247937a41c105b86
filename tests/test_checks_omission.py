"""Omission/addition checks: unaligned sentences, missing content, length, loops, holes (own sentences)."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from auditor.checks._text import Token
from auditor.checks.base import CheckContext
from auditor.checks.omission import (
    DroppedWord,
    LengthOutlier,
    MissingContent,
    RepeatedLoop,
    UnalignedSentence,
    _lexically_missing,
    content_tokens,
    words_match,
)
from auditor.checks.spelling import hunspell_dictionary
from auditor.types import Category, Segment, Severity, Side


def test_empty_translation_is_an_omission_on_the_reference() -> None:
    seg = Segment("t", "", None, "The minister resigned on Monday. ", None, "en")
    (f,) = UnalignedSentence().check_segment(CheckContext(seg))
    assert (f.side, f.span.text, f.category, f.severity) == (
        Side.REF,
        "The minister resigned on Monday.",
        Category.OMISSION,
        Severity.MAJOR,
    )


def test_sentence_without_counterpart_is_an_addition() -> None:
    doc = [Segment("1", "A storm hit.", ref="A storm hit."), Segment("2", "All rights reserved.", ref="")]
    (f,) = UnalignedSentence().check_segment(CheckContext(doc[1], doc, 1))
    assert (f.side, f.span.text, f.category) == (Side.MT, "All rights reserved.", Category.ADDITION)


@pytest.mark.parametrize(
    "seg",
    [
        Segment("t", "A storm hit.", ref="A storm hit."),
        Segment("t", "A storm hit.", src="Una tempesta.", ref=None),
        Segment("t", "", None, None),
    ],
)
def test_unaligned_negatives(seg: Segment) -> None:
    assert list(UnalignedSentence().check_segment(CheckContext(seg, (seg,), 0))) == []


LENGTH = [
    (
        "Police arrested two men",
        "Police arrested two men on Friday after a long chase through the old city centre.",
        None,
        None,
        Category.OMISSION,
    ),
    ("Police arrested two men on Friday. " * 5, "Police arrested two men on Friday.", None, None, Category.ADDITION),
    (
        "Police arrested two men.",
        None,
        "La polizia ha arrestato due uomini venerdì dopo un lungo inseguimento nel centro "
        "storico della città, dove i due erano fuggiti a piedi.",
        "it",
        Category.OMISSION,
    ),
]


@pytest.mark.parametrize(("mt", "ref", "src", "src_lang", "category"), LENGTH)
def test_length_outlier(mt: str, ref: str | None, src: str | None, src_lang: str | None, category: Category) -> None:
    (f,) = LengthOutlier().check_segment(CheckContext(Segment("t", mt, src, ref, src_lang, "en")))
    assert f.category is category
    text = {Side.MT: mt, Side.REF: ref, Side.SRC: src}[f.side]
    assert text is not None and text[f.span.start : f.span.end] == f.span.text


@pytest.mark.parametrize(
    ("mt", "ref", "src", "src_lang"),
    [
        ("Police arrested two men on Friday.", "On Friday, police detained two men.", None, None),
        ("Police arrested two men on Friday.", None, "警方周五逮捕了两名男子。", "zh"),
        ("Police arrested two men on Friday.", None, "La polizia ha arrestato due uomini venerdì.", "it"),
        (  # Chinese packs about 3.3 English characters into one
            "On Friday police arrested two men after a chase through the city centre and took them in for questioning.",
            None,
            "警方周五在市中心经过一场追逐后逮捕了两名男子，随后将他们带回警局接受审讯。",
            "zh",
        ),
    ],
)
def test_length_negatives(mt: str, ref: str | None, src: str | None, src_lang: str | None) -> None:
    assert list(LengthOutlier().check_segment(CheckContext(Segment("t", mt, src, ref, src_lang, "en")))) == []


def test_the_source_vouches_for_the_length_against_a_condensed_reference() -> None:
    mt = "Sie fliegen in dieses Ding hinein, und sie fliegen den ganzen Weg hinunter."
    src = "They fly into this thing, and they fly all the way down into it."
    ref = "Sie fliegen ganz in das Ding hinein."
    alone = list(LengthOutlier().check_segment(CheckContext(Segment("t", mt, None, ref, None, "de"))))
    assert [f.category for f in alone] == [Category.ADDITION]  # against the reference alone: too long
    both = list(LengthOutlier().check_segment(CheckContext(Segment("t", mt, src, ref, "en", "de"))))
    assert both == []
    # a translation that is long against the source too is still reported
    padded = mt + " Und dann fliegen sie wieder hinaus, immer wieder, bis zum Ende des Tages."
    again = list(LengthOutlier().check_segment(CheckContext(Segment("t", padded, src, ref, "en", "de"))))
    assert [f.category for f in again] == [Category.ADDITION]


@pytest.mark.parametrize(
    ("mt", "ref", "expected"),
    [
        (
            "The talks will resume next week, next week, next week, next week.",
            "The talks resume next week.",
            ["next week, next week,"],
        ),
        ("They said no, no, no to the plan.", "They said no, no, no to the plan.", []),
        ("The talks will resume next week.", "The talks resume next week.", []),
    ],
)
def test_loops(mt: str, ref: str, expected: list[str]) -> None:
    findings = list(RepeatedLoop().check_segment(CheckContext(Segment("t", mt, None, ref, None, "en"))))
    assert [f.span.text for f in findings] == expected


@pytest.mark.parametrize(
    ("mt", "ref", "expected"),
    [
        ("Aid was sent by the .", "Aid was sent by the UN.", ["the ."]),
        ("The has reported 40 cases.", "Norway has reported 40 cases.", ["The has"]),
        ("Exports of 's wine fell.", "Exports of Chile's wine fell.", ["'s"]),
        ("Prime Minister Jan Novak () resigned.", "Prime Minister Jan Novak (ODS) resigned.", ["()"]),
        ("Would also reopen the port, officials said.", "Oslo would also reopen the port, officials said.", ["Would"]),
        ("According to, the dam held.", "According to the ministry, the dam held.", ["According to,"]),
        ("The ferry left at in the morning.", "The ferry left at nine in the morning.", ["at in"]),
        ("Heavy rain is expected in .", "Heavy rain is expected in Prague.", ["in ."]),
        ("The firm sold its shops in Ghent and .", "The firm sold its shops in Ghent and Bruges.", ["and ."]),
        ("Parades for the Day of were held.", "Parades for the Day of the Navy were held.", ["of were"]),
        ("District President Mr. said it was secret.", "District President Mr. Rao said it was secret.", ["Mr. said"]),
        ("Dr believes the patients were infected.", "Dr Patel believes the patients were infected.", ["Dr believes"]),
        ("I get along with him and 've made progress.", "I get along with him and we've made progress.", ["'ve"]),
        ("Screens went up so that could watch.", "Screens went up so that fans could watch.", ["so that could"]),
        ('"Can take its toll," said Mistol.', '"It can take its toll," said Mistol.', ["Can"]),
        ("May have suffered abuse.", "Feral children may have suffered abuse.", ["May"]),
        ("The itself has stood the test of time.", "The mosque itself has stood the test of time.", ["The itself"]),
        ("Previously, the demanded to close it.", "Previously, the mayor demanded to close it.", ["the demanded to"]),
        ("It said the will not be monitored.", "It said the calls will not be monitored.", ["the will not"]),
        # negatives
        ("Would the port reopen?", "Would the port reopen?", []),
        ("And so the talks ended.", "And so the talks ended.", []),
        ("Aid was sent by the UN.", "Aid was sent by the UN.", []),
        ("What was it made of?", "What was it made of?", []),
        ("The house he grew up in was sold.", "His childhood home was sold.", []),  # a stranded preposition
        ("It will take a while to settle.", "Settling will take time.", []),
        ('"Can you hear me?" she asked.', '"Do you hear me?" she asked.', []),
        ("May was the hottest month.", "The hottest month was May.", []),
        ("The letter 'm' was missing.", "The letter m was missing.", []),
        ("Volunteers took the injured to hospital.", "Volunteers took the wounded to hospital.", []),
        ("The proposed law was dropped.", "The bill was dropped.", []),
        ("The will of the people prevailed.", "The people's will prevailed.", []),
        ("Had they known, they would have left.", "If they had known, they would have left.", []),  # inversion
        ("Had the Allies failed, Germany would have won.", "If the Allies had failed, Germany would have won.", []),
        ("Had the best season of his career.", "He had the best season of his career.", ["Had"]),
        ("Where the money came from is unclear.", "The origin of the money is unclear.", []),
        ("It is made of wood.", "It is wooden.", []),
        ("The prize went to Dr. Smith.", "Dr. Smith won the prize.", []),
        ("MR scans were taken.", "Scans were taken.", []),
        ("The in-laws arrived.", "The in-laws arrived.", []),
        ("The council approved the the budget.", "The council approved the budget.", []),  # a doubled word
        ("And yet the port reopened.", "Yet the port reopened.", []),
        ("And along these lines, most states passed new laws.", "Likewise, most states passed laws.", []),
        ("Of course, the port reopened.", "The port naturally reopened.", []),
        ("Of the ten, three died.", "Three of the ten died.", []),
        ("And melamine were found.", "Melamine and urea were found.", ["And"]),
        # "And" before a subject pronoun, a determiner or an adverb keeps its subject; before a verb it lost it
        ("And they asked the minister to resign.", "They also asked the minister to resign.", []),
        ("And sometimes the bridge closes at night.", "Sometimes the bridge also closes at night.", []),
        ("And said the bridge closes at night.", "He added that the bridge closes at night.", ["And"]),
        ("Officials said the began work.", "Officials said the crews began work.", ["the began"]),
        ("It stopped because was late.", "It stopped because it was late.", ["because was"]),
        ("Don't know if it worked.", "I don't know if it worked.", ["Don't"]),
        # an opening comma is a hole even though the reference has commas elsewhere
        (", 58, took office in May.", "Ms Berg, 58, took office in May.", [","]),
        (", as expected, the vote passed.", ", as expected, the vote passed.", []),
        # a sentence that opens on a finite verb lost its subject
        ("Told reporters that the bridge would reopen.", "The mayor told reporters the bridge would reopen.", ["Told"]),
        ("Reiterated the ban on night flights.", "The ministry reiterated the ban on night flights.", ["Reiterated"]),
        ("Founded in 1990, the firm grew fast.", "The firm, set up in 1990, grew fast.", []),
        ("Injured fans were taken to hospital.", "Fans who were hurt went to hospital.", []),
        ("Skilled nurses were hired in May.", "The hospital hired trained nurses in May.", []),
        ("Mohammed Ali met the press.", "The boxer met reporters.", []),
        ("United were beaten at home.", "United lost at home.", []),
    ],
)
def test_dropped_word(mt: str, ref: str, expected: list[str]) -> None:
    findings = list(DroppedWord().check_segment(CheckContext(Segment("t", mt, None, ref, None, "en"))))
    assert [f.span.text for f in findings] == expected


@pytest.mark.skipif(hunspell_dictionary("en") is None, reason="hunspell-en-us not installed")
@pytest.mark.parametrize(
    ("mt", "ref", "expected"),
    [
        # an attributive adjective with nothing after it (the hunspell dictionary knows it only as an adjective)
        ("Homes were hit by the severe in the south.", "Homes were hit by the severe floods in the south.", ["severe"]),
        ("The minister gave a satisfactory.", "The minister gave a satisfactory answer.", ["satisfactory"]),
        # ... not before a noun, in a coordination, as a nominal adjective, or where the reference has it too
        ("The minister gave a satisfactory answer.", "The minister answered well.", []),
        ("She felt a strong and deep love.", "She felt a deep love.", []),
        ("Aid went to the elderly in the town.", "The old people got aid.", []),
        ("They were hit by the severe in May.", "They were hit by the severe in May.", []),
    ],
)
def test_adjective_with_no_noun(mt: str, ref: str, expected: list[str]) -> None:
    findings = list(DroppedWord().check_segment(CheckContext(Segment("t", mt, None, ref, None, "en"))))
    assert [f.span.text for f in findings] == expected


def test_content_tokens_skip_function_words_and_numbers() -> None:
    assert [t.text for t in content_tokens("The mayor said 12 of the houses collapsed.", "en")] == [
        "mayor",
        "houses",
        "collapsed",
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("mt", "ref", "expected"),
    [
        (
            "The mayor resigned on Monday.",
            "The mayor, re-elected last year with a large majority after a bitter campaign, resigned on Monday.",
            [(Side.REF, Category.OMISSION)],
        ),
        ("The mayor quit on Monday.", "The mayor resigned on Monday.", []),
        (
            "Currently the province has more than 300 solar plants.",
            "At present the province has over 300 solar farms.",
            [],
        ),
    ],
)
def test_missing_content(mt: str, ref: str, expected: list[tuple]) -> None:
    seg = Segment("t", mt, None, ref, None, "en")
    findings = list(MissingContent().check_segment(CheckContext(seg, (seg,), 0)))
    assert [(f.side, f.category) for f in findings] == expected
    for f in findings:
        assert ref[f.span.start : f.span.end] == f.span.text


LONG_EN = "The mayor, re-elected last year with a large majority after a bitter campaign, resigned on Monday."
SHORT_EN = "The mayor resigned on Monday."
LONG_IT = "Il sindaco, rieletto l'anno scorso con un'ampia maggioranza dopo una campagna aspra, si è dimesso lunedì."
SHORT_IT = "Il sindaco si è dimesso lunedì."
LONG_CS = "Starosta, loni znovu zvolený velkou většinou po hořké kampani, v pondělí odstoupil."


@pytest.mark.slow
@pytest.mark.parametrize(
    ("mt", "ref", "src", "expected"),
    [
        # the source confirms what one side lacks: major
        (SHORT_EN, LONG_EN, LONG_IT, [(Side.REF, Severity.MAJOR)]),
        (LONG_EN, SHORT_EN, SHORT_IT, [(Side.MT, Severity.MAJOR)]),
        # the source sides with the MT: a reference run whose source counterparts the MT renders, an MT run that
        # the source has: minor
        (SHORT_EN, LONG_EN, SHORT_IT, [(Side.REF, Severity.MINOR)]),
        (LONG_EN, SHORT_EN, LONG_IT, [(Side.MT, Severity.MINOR)]),
        # a source the encoder does not read cannot side with either
        (LONG_EN, SHORT_EN, LONG_CS, [(Side.MT, Severity.MAJOR)]),
    ],
)
def test_missing_content_asks_the_source(mt: str, ref: str, src: str, expected: list[tuple[Side, Severity]]) -> None:
    lang = "cs" if src == LONG_CS else "it"
    seg = Segment("t", mt, src, ref, lang, "en")
    findings = list(MissingContent().check_segment(CheckContext(seg, (seg,), 0)))
    assert [(f.side, f.severity) for f in findings] == expected
    for f in findings:
        assert ("the source has it" in f.message or "renders its source" in f.message) == (f.severity is Severity.MINOR)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("mt", "expected"),
    [
        ("Der Bürgermeister ist am Montag zurückgetreten.", ["vergangenen Jahr mit großer Mehrheit wiedergewählt"]),
        ("Der Bürgermeister, der voriges Jahr mit breiter Mehrheit wiedergewählt wurde, trat am Montag zurück.", []),
    ],
)
def test_missing_content_in_german(mt: str, expected: list[str]) -> None:
    ref = "Der Bürgermeister, erst im vergangenen Jahr mit großer Mehrheit wiedergewählt, ist am Montag zurückgetreten."
    seg = Segment("t", mt, None, ref, "en", "de")
    findings = list(MissingContent().check_segment(CheckContext(seg, (seg,), 0)))
    assert [f.span.text for f in findings if f.side is Side.REF] == expected


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.text(alphabet="abesé'", min_size=1, max_size=9), min_size=1, max_size=8),
    st.lists(st.text(alphabet="abesé'AB", min_size=1, max_size=9), max_size=8),
)
@example(["harbours"], ["harbx"])  # four letters in common, the shorter word five long
@example(["harb"], ["harbours"])
@example(["harbours"], ["harboured"])
@example(["walked"], ["walks"])
def test_the_lexical_index_answers_as_words_match_pair_by_pair(side: list[str], others: list[str]) -> None:
    tokens = [Token(w, 0, len(w)) for w in side]
    lowered = [o.lower() for o in others]
    expected = [not any(words_match(t.lower, o) for o in lowered) for t in tokens]
    assert _lexically_missing(tokens, lowered) == expected

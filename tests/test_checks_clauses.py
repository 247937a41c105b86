"""Broken clauses from the English parse: a lost main verb or subject (sentences written for these tests)."""

from __future__ import annotations

import pytest

from auditor import parsing
from auditor.checks import clauses, grammar
from auditor.checks.base import CHECKS, CheckContext
from auditor.parsing import has_parser, parse
from auditor.types import Category, Segment, Severity

pytestmark = pytest.mark.skipif(not has_parser("en"), reason="the English spaCy pipeline is not installed")


def spans(mt: str, ref: str | None = None, tgt: str = "en") -> list[str]:
    seg = Segment("t", mt, "Quelle.", ref, "de", tgt)
    findings = list(CHECKS["broken-clause"]().check_segment(CheckContext(seg)))
    for f in findings:
        assert f.span.text == mt[f.span.start : f.span.end]
        assert f.category is Category.OMISSION and f.severity is Severity.MAJOR and f.message
    return [f.span.text for f in findings]


@pytest.mark.parametrize(
    ("mt", "expected"),
    [
        # the verb "reported" dropped: a noun at the root, the only finite verbs in the that-clause
        ("Earlier, the state news agency Xinhua that a plane had been hijacked over the sea.", ["Xinhua that"]),
        # ... and where a relative clause follows the subject ("announced" dropped)
        ("The Hill Street clinic, where the nurse works, on the night of the 4th that there was a case.", [", where"]),
        # "called" dropped: noun phrases in a row, the only verb in the because-clause
        ("The governor the mayor a liar because she closed the schools in March.", ["liar because"]),
        # "made" dropped: the subject runs into a bare noun phrase
        ("In early March, many viewers the final with great interest, and it was shown on Sunday.", ["viewers the"]),
        # "plan" dropped: a subject with a to-infinitive and no finite verb
        ("Engineers at the port to rebuild the old harbour wall before the winter storms.", ["to rebuild"]),
        # "face" dropped: a modal with an adjective after it
        ("Travellers from the region may different rules at the border this summer.", ["may different"]),
        # "said" dropped: "has ... that" with nothing said
        ("The foreign minister has repeatedly that the border will stay open to trade.", ["has repeatedly that"]),
        # the subject "the company" dropped
        ("In 2010, moved its headquarters from the old town to a new office park.", ["moved"]),
        ("On Sunday, after a meeting with the mayor, moved its headquarters to a new office park.", ["moved"]),
        # "aim" and "make" dropped after a modal and after "did not"
        ('"We will to cut the emissions of the city by half by 2030," the mayor said.', ["will to"]),
        ("Despite some small successes, the band did not a real comeback until 1996.", ["did not a"]),
        # the noun of a subject dropped: "which the league bans"
        ("The coach said the will decide on Friday who plays in the final.", ["the will"]),
        ("On Monday, local time, the reopened in Rome after a long repair.", ["the reopened"]),
        ("The mayor was praised by the council because followed the advice of the doctors.", ["because followed"]),
        # the noun after an article dropped before a preposition or a conjunction
        ("The consulate in Houston said the in Texas had been closed last week.", ["the in"]),
        ("A study shows that the of hormones harms young athletes in the long run.", ["the of"]),
        ("A by infrared light showed the damage to the old painting very clearly.", ["A by"]),
        # a name dropped after a preposition
        ("The talks with the leaders of, the minister said, will resume in May.", ["of,"]),
        ("Aid for the victims of will arrive in the capital by plane on Monday.", ["of will"]),
        ("Most of the fruit imported into the country from are sold in the capital.", ["from are"]),
        ("The museum opened in 1901 and was later expanded by.", ["by"]),
        # a verb dropped between a subject and what it governed
        ("The mayor said on Monday that he an agreement with the unions.", ["he an"]),
        ("On Friday, Maria Lopez that the bridge would reopen in May.", ["Lopez that"]),
        ("After the talks in Geneva, she that the ceasefire would hold until May.", ["she that"]),
        ("At the meeting on Monday, Lopez the plan to rebuild the harbour wall.", ["Lopez the"]),
        ("The council would also over control of the harbour to the province.", ["would also over"]),
        ("Bacteria that can proteins are rare in the cold lake.", ["can proteins"]),
        ("The minister was unable to the figures with the budget office.", ["to the"]),
        ("Readers who want to know how to tickets should call the theatre.", ["to tickets"]),
        ("The new rule affects every worker that them from leaving early.", ["that them"]),
        ("To official reports, the storm killed four people in the valley.", ["To official reports"]),
        # a noun dropped after a possessive, or after an article and an adjective
        ("The team closed its on Sunday after a long season.", ["its on"]),
        ("Officials said their will be announced on Monday after the vote.", ["their will"]),
        ("The company said its was the best year since the crisis.", ["its was"]),
        ("The senator criticised the parliamentary of the opposition party.", ["the parliamentary"]),
        # the noun of a subject dropped between an adjective and the verb
        ("Last month, a presidential recommended the resignation of the council.", ["a presidential"]),
        # a verb dropped after "don't", and between a subject and the noun the parse then makes the root
        ("I don't if you realise that most of the goods are duty free.", ["don't if"]),
        ("The U.S. the House seats every ten years based on changes in population.", ["U.S. the"]),
    ],
)
def test_a_lost_verb_or_subject_is_found(mt: str, expected: list[str]) -> None:
    assert spans(mt) == expected


@pytest.mark.parametrize(
    "mt",
    [
        "Earlier, the state news agency Xinhua reported that a plane had been hijacked over the sea.",
        "Engineers at the port plan to rebuild the old harbour wall before the winter storms.",
        "Travellers from the region may face different rules at the border this summer.",
        "The foreign minister has said repeatedly that the border will stay open to trade.",
        "In 2010, the company moved its headquarters from the old town to a new office park.",
        # a main verb after a relative clause that the parser hangs on the subject noun
        "The Hill Street clinic, where the nurse works, announced on the night of the 4th that there was a case.",
        # headlines, captions and lists have no verb by design
        "Police arrest 15 after violent protest outside city hotel",
        "Floods in the north: a timeline of the week",
        "Fire at the harbour.",
        # an inverted "be", a reporting verb after the quote, a subject the tagger takes for an adverb
        "Below them are the smaller cats that hunt rabbits and birds in the hills.",
        '"In that game, my team won, but the visitors still scored 44 points," added the coach of the club.',
        "“We won the game, but the visitors still scored 44 points,” added the coach of the club.",
        # quoted speech drops subjects: "love and miss her"
        'The singer wrote that "she was a friend... love and miss her every single day of the year."',
        "King Harald the Fair often led expeditions into the east with his ships.",
        "The coach said the team will decide on Friday who plays in the final.",
        "On Monday, local time, the reopened museum in Rome drew large crowds.",
        "The mayor was praised by the council because he followed the advice of the doctors.",
        "When asked about the plan, the mayor said it was too early to tell.",
        # an article before a hyphenated word or a title-cased name
        "Voters in the north chose a new member in the by-election last week.",
        "She handed a to-do list to every new member of the staff on Monday.",
        "The In Crowd played their old songs at the club on Saturday night.",
        "The new rules are equal to or stricter than the old ones in most of the regions.",
        "After the defeat at home, the things the fans blame us for are a bit unfair.",
        "What the ministers were looking at is a plan to cut the tax on fuel.",
        'The singer wrote that "she was a friend ... love and miss her ... hope she is well."',
        # the same shapes where nothing is missing
        "It was so cold in Moscow that the river froze for a week.",
        "The mayor told reporters in Lisbon that the bridge would reopen in May.",
        "The day Lopez the mayor of Lisbon resigned, the bridge was closed.",
        "Judge Lopez, the head of the court, said the bridge would reopen.",
        "The minister said that she and Lopez the next day would visit the harbour.",
        "The plan that Lopez a year ago drew up was approved on Monday.",
        "Nor can officials say when the road will reopen to traffic.",
        "She said she would come back as strong as she can next year.",
        "The minister was unable to explain the figures to the budget office.",
        "A gift to the poor of the city was announced by the mayor on Monday.",
        "It was the first of many visits the minister paid to the region.",
        "Finally, the leaves turn into a brown, acrid powder in the autumn.",
        "The team opened its new stadium on Sunday after a long wait.",
        "The court said that his was rejected because it came too late.",
        "The woman who hired her was praised by the board on Monday.",
        "According to official reports, the storm killed four people in the valley.",
        "To the north, the storm killed four people in the valley.",
        "This is the house the old farmers lived in.",
        "The same applies to the teams in the lower divisions of the league.",
        "The poor were hit hardest by the storm in the north last winter.",
        "I don't know if you realise that most of the goods are duty free.",
        "The teams played in Division I until the league was split in 2006.",
        "The president announced that US troops would leave the country by May.",
        # a subject the parse took for an apposition of the phrase before it; an object after an inserted clause
        "On Sunday, in a statement made by his office, the president, Ana Lopez, announced that troops would leave.",
        "On Thursday, at the opening of the show, Kenji Sato, head of the firm, unveiled the design of the console.",
        "The fish is left to ferment in water for, depending on how strong you like it, up to a year.",
        "Travellers returning from the region will need to self-isolate for ten days.",
        "",
        "   ",
    ],
)
def test_full_sentences_and_fragments_by_design_are_left_alone(mt: str) -> None:
    assert spans(mt) == []


def test_the_reference_with_the_same_shape_cancels_it() -> None:
    mt = "In 2010, moved its headquarters from the old town to a new office park."
    assert spans(mt, ref="In 2010 the firm moved its headquarters to a new office park.") == ["moved"]
    assert spans(mt, ref="In 2010, moved its headquarters to a new office park, the firm's records show.") == []


def test_a_sentence_with_no_verb_at_all_needs_a_reference_with_one() -> None:
    mt = "In the final on Sunday, South Africa the visitors from New Zealand at the national stadium."
    full = "In the final on Sunday, South Africa beat the visitors from New Zealand at the national stadium."
    assert spans(mt, ref=full) == [mt[:-1]]  # no one place to point at: the whole sentence
    assert spans(mt) == []  # a title or caption has no verb either: without a reference nothing says one is missing
    assert spans(mt, ref="South Africa against New Zealand in the final at the national stadium.") == []


def test_languages_without_a_parser_get_no_findings() -> None:
    assert spans("Earlier, the state news agency Xinhua that a plane had been hijacked.", tgt="de") == []
    assert clauses.clause_gaps("Xinhua que un avion avait été détourné hier soir.", "zz") == ()
    assert parse("Some text.", "de") is None


def test_huge_text_is_not_parsed_and_parses_are_cached() -> None:
    assert parse("word " * 2000, "en") is None
    text = "The council approved the plan on Monday evening."
    assert parse(text, "en") is parse(text, "en")


def test_gaps_point_into_the_text() -> None:
    text = "Travellers may different rules at the border this summer. The minister has repeatedly that it stays open."
    gaps = clauses.clause_gaps(text, "en")
    assert [text[g.start : g.end] for g in gaps] == ["may different", "has repeatedly that"]
    assert {g.kind for g in gaps} == {clauses.NO_VERB}


@pytest.mark.parametrize(
    ("mt", "expected"),
    [
        ("The minister said in May that his expects the price of power to rise.", ["his"]),
        ("Scientists now believe that their expect the ice to melt sooner.", ["their"]),
        ("The vote was close, as him stated in an interview with the paper.", ["him"]),
        ("Fans say he obsession with the club began when he was a boy.", ["he"]),
        ("Many of them were late, and the coach saw us leave before the end.", []),
        ("US officials were late, and the clubs and them met on Friday.", []),
        ("The minister said in May that he expects the price of power to rise.", []),
        ("Their tests show that the nucleus decays quickly.", []),
    ],
)
def test_pronoun_case_reads_a_possessive_subject_from_the_parse(mt: str, expected: list[str]) -> None:
    seg = Segment("t", mt, None, None, "de", "en")
    findings = list(grammar.PronounCase().check_segment(CheckContext(seg)))
    assert [f.span.text for f in findings] == expected


def test_a_batch_parsed_ahead_gives_the_same_findings_as_one_by_one() -> None:
    texts = [
        "Earlier, the state news agency Xinhua that a plane had been hijacked over the sea.",
        "Travellers from the region may face different rules at the border this summer.",
        "In 2010, moved its headquarters from the old town to a new office park.",
    ]
    segments = [Segment(f"b{i}", t, "Quelle.", None, "de", "en") for i, t in enumerate(texts)]
    check = CHECKS["broken-clause"]()
    alone = [[f.span.text for f in check.check_segment(CheckContext(s))] for s in segments]
    check.prepare(list(reversed(segments)))
    assert all(parse(t, "en") is parse(t, "en") for t in texts)
    batched = [[f.span.text for f in check.check_segment(CheckContext(s))] for s in segments]
    assert batched == alone == [["Xinhua that"], [], ["moved"]]


def test_prepare_parses_the_references_of_broken_mts_only() -> None:
    broken = Segment(
        "a",
        "Travellers may different rules at the border this summer.",
        None,
        "Travellers may face different rules at the border this summer.",
        None,
        "en",
    )
    whole = Segment(
        "b",
        "The council approved the plan on Monday evening.",
        None,
        "On Monday evening the council approved the plan.",
        None,
        "en",
    )
    check = CHECKS["broken-clause"]()
    check.prepare([broken, whole])
    assert (broken.ref, "en", False) in parsing._cache  # parsed in the batch, before check_segment asks
    assert (whole.ref, "en", False) not in parsing._cache
    found = list(check.check_segment(CheckContext(broken, (broken,), 0)))
    assert [broken.mt[f.span.start : f.span.end] for f in found] == ["may different"]

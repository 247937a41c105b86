"""Attribution: doubled speakers, wrong speakers, pronoun gender (sentences written for these tests)."""

from __future__ import annotations

import pytest

from auditor.checks.attribution import DoubledSpeaker, SpeakerGender, WrongSpeaker, speakers
from auditor.checks.base import CheckContext
from auditor.types import Segment, Severity

DOUBLED = [
    (
        '"We will send help at once", he declared for his part Norway\'s Health Minister, Ingrid Solberg-Dahl.',
        '"We will send help at once," said Norway\'s Health Minister, Ingrid Solberg-Dahl.',
        ["he declared"],
    ),
    ('"The road is closed", she added in turn Mayor Petra Kovalenko.', None, ["she added"]),
    # negatives: reported speech, places, days, a normal "he said"
    ('"The road is closed," he said.', '"The road is closed," he said.', []),
    ("He said Iran would retaliate.", "He said Iran would retaliate.", []),
    ('"The road is closed," he said in Geneva.', '"The road is closed," he said in Geneva.', []),
    ('"The road is closed," she said Monday.', '"The road is closed," she said on Monday.', []),
    ('"We are ready," he told Reuters.', '"We are ready," he told Reuters.', []),
]


@pytest.mark.parametrize(("mt", "ref", "expected"), DOUBLED)
def test_doubled_speaker(mt: str, ref: str | None, expected: list[str]) -> None:
    findings = list(DoubledSpeaker().check_segment(CheckContext(Segment("t", mt, None, ref, None, "en"))))
    assert [f.span.text for f in findings] == expected
    for f in findings:
        assert f.severity is Severity.MAJOR and f.evidence and f.evidence[0].isupper()


WRONG = [
    ('"Talks have failed," said Kowalczyk.', '"Talks have failed," said Brennan.', None, None, ["Kowalczyk"]),
    ("According to Okonkwo, the dam held.", "According to Brennan, the dam held.", None, None, ["Okonkwo"]),
    ('"Talks have failed," said Kowalczyk.', None, '"I colloqui sono falliti", ha detto Brennan.', "it", ["Kowalczyk"]),
    # negatives: same person with title or first name, no speaker on the other side, translated institution
    ('"Talks have failed," said Minister Brennan.', '"Talks have failed," said Aoife Brennan.', None, None, []),
    ('"Talks have failed," said Brennan.', "Talks have failed, the minister admitted.", None, None, []),
    ("According to Civil Protection, 12 were hurt.", None, "Secondo la Protezione civile, 12 i feriti.", "it", []),
    # a spelling variant of the reference's speaker, an abbreviation of it, its initials
    ('"Talks have failed," said Kowalczik.', '"Talks have failed," said Kowalczyk.', None, None, []),
    ("As Wiadomosci notes, the dam held.", "As noted by Wiad, the dam held.", None, None, []),
    ("According to the United Nations, 12 were hurt.", "According to the UN, 12 were hurt.", None, None, []),
    # across languages a loose spelling match is no evidence: "Marek" and "Matrosen" are not one speaker
    ("The dam held, said Marek Rudnicki.", None, "Der Damm hielt, sagte Matrosen.", "de", ["Marek Rudnicki"]),
    # after "sagte," the speaker is the one before the verb, not a capitalised noun of the reported clause
    (
        "Heil said that a strict law came into force for the meat industry in 2017.",
        None,
        "Heil sagte, für die Fleischbranche sei 2017 ein strenges Gesetz in Kraft getreten.",
        "de",
        [],
    ),
]


@pytest.mark.parametrize(("mt", "ref", "src", "src_lang", "expected"), WRONG)
def test_wrong_speaker(mt: str, ref: str | None, src: str | None, src_lang: str | None, expected: list[str]) -> None:
    findings = list(WrongSpeaker().check_segment(CheckContext(Segment("t", mt, src, ref, src_lang, "en"))))
    assert [f.span.text for f in findings] == expected
    for f in findings:
        assert f.severity is Severity.CRITICAL and f.evidence


GENDER = [
    ('"We will appeal," he said.', '"We will appeal," she said.', ["he"]),
    ("The judge said her ruling was final.", "The judge said his ruling was final.", ["her"]),
    # pronouns counted: the MT keeps one "her" and turns "She" into "He"
    ("He is in custody, and her photo was shown.", "She is in custody, and her photo was shown.", ["He"]),
    # two people: the pronoun nearest (by relative position) to one of the other gender in the reference is
    # reported ("his" for "her"), not the first "He", who is the same person in both
    (
        "He met the minister, and he said his plan was ready.",
        "He met the minister, and she said her plan was ready.",
        ["his"],
    ),
    # negatives
    ('"We will appeal," she said.', '"We will appeal," she said.', []),
    ("He thanked her.", "He thanked her.", []),
    ("She thanked him.", "He thanked her.", []),  # the same pronouns in other roles
    ("He thanked her and she left.", "He thanked her and she left.", []),
    ('"We will appeal," the lawyer said.', '"We will appeal," she said.', []),
]


@pytest.mark.parametrize(("mt", "ref", "expected"), GENDER)
def test_pronoun_gender(mt: str, ref: str, expected: list[str]) -> None:
    findings = list(SpeakerGender().check_segment(CheckContext(Segment("t", mt, None, ref, None, "en"))))
    assert [f.span.text for f in findings] == expected
    assert all(f.severity is Severity.CRITICAL for f in findings)


GENDER_FROM_SOURCE = [
    # pronouns of the source (zh 她, de er, ru она, es ella, cs ona)
    ("He said the plan was ready.", "她说计划已经准备好了。", "zh", ["He"]),
    ("She said the plan was ready.", "她说计划已经准备好了。", "zh", []),
    ("She said that he would resign.", "Er sagte, dass er zurücktreten werde.", "de", ["She"]),
    ("He said that she would resign.", "Она сказала, что уйдёт в отставку.", "ru", ["He"]),
    ("He says she is ready.", "Ella dice que está lista.", "es", ["He"]),
    # past-tense verbs that agree with the subject (pl, cs, ru)
    ("He said the talks had failed.", "Powiedziała, że rozmowy zakończyły się fiaskiem.", "pl", ["He"]),
    ("She said the talks had failed.", "Powiedziała, że rozmowy zakończyły się fiaskiem.", "pl", []),
    ("She added that the plan was ready.", "Dodal, že plán je připraven.", "cs", ["She"]),
    # Hindi: the verb endings of the past and the progressive (था / थी, रहा / रही)
    ("He was going home.", "वह घर जा रही थी।", "hi", ["He"]),
    ("She was going home.", "वह घर जा रही थी।", "hi", []),
    # nothing gendered in the source (Spanish pro-drop, Japanese): nothing said
    ("She said the plan was ready.", "Dijo que el plan estaba listo.", "es", []),
    ("He explained that it would last 48 hours.", "48時間実施すると説明した。", "ja", []),
    # a form of either gender (German "sie": she, they, you) or both genders in the source
    ("He said they would come.", "Sie sagte, sie würden kommen.", "de", []),
    ("He said that she was right.", "Él dijo que ella tenía razón.", "es", []),
    # 其他 ("other") and 他们 ("they") are no masculine pronoun
    ("She met the other ministers.", "她会见了其他部长和他们的助手。", "zh", []),
]


@pytest.mark.parametrize(("mt", "src", "src_lang", "expected"), GENDER_FROM_SOURCE)
def test_pronoun_gender_against_the_source(mt: str, src: str, src_lang: str, expected: list[str]) -> None:
    findings = list(SpeakerGender().check_segment(CheckContext(Segment("t", mt, src, None, src_lang, "en"))))
    assert [f.span.text for f in findings] == expected
    assert all(f.severity is Severity.CRITICAL and f.evidence == src for f in findings)


def test_speaker_extraction() -> None:
    got = [
        s.unit.text for s in speakers('"We are ready," said Okonkwo, and later Brennan added that all was well.', "en")
    ]
    assert got == ["Okonkwo", "Brennan"]
    assert [s.unit.text for s in speakers("Il ministro Brennan ha detto che tutto va bene.", "it")] == ["Brennan"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "zufolge" follows its source; "so" reports only after a comma, right before the name
        ("Dem Bericht zufolge wurde die Brücke im Mai von den Behörden gesperrt.", ["Bericht"]),
        ("Die Lage ist ernst, so Brennan am Montag.", ["Brennan"]),
        ("„Die Lage ist ernst“, so Kowalczyk.", ["Kowalczyk"]),
        ("„Ich halte sie aus den Medien oder so etwas heraus“, sagte sie.", []),
        ("Das Haus liegt so weit wie möglich von der Straße entfernt, sagte Brennan.", ["Brennan"]),
        # after "laut", the source is the first name and what "der", "des", "von" join to it
        ("Laut Bericht der Polizei wurden zwei Menschen verletzt.", ["Bericht", "Polizei"]),
        ("Laut Brennan ist die Lage in Berlin ernst.", ["Brennan"]),
    ],
)
def test_german_speakers(text: str, expected: list[str]) -> None:
    assert [s.unit.text for s in speakers(text, "de")] == expected


def test_a_german_report_credited_both_ways_is_one_speaker() -> None:
    mt = "Der Bericht sagte, dass die Brücke im Mai von den Behörden gesperrt wurde."
    ref = "Dem Bericht zufolge wurde die Brücke im Mai von den Behörden gesperrt."
    assert list(WrongSpeaker().check_segment(CheckContext(Segment("t", mt, None, ref, None, "de")))) == []
    other = "Der Minister sagte, dass die Brücke im Mai von den Behörden gesperrt wurde."
    (finding,) = WrongSpeaker().check_segment(CheckContext(Segment("t", other, None, ref, None, "de")))
    assert finding.span.text == "Minister" and finding.evidence == "Bericht"


def test_demo_corpus_doubled_speaker(demo_dir) -> None:  # type: ignore[no-untyped-def]
    mt_path = demo_dir / "mt.en.txt"
    if not mt_path.exists():
        pytest.skip("demo corpus not present")
    mt = mt_path.read_text(encoding="utf-8").split("\n")
    ref = (demo_dir / "ref.en.txt").read_text(encoding="utf-8").split("\n")
    found = []
    for i, line in enumerate(mt):
        seg = Segment(str(i), line, None, ref[i] if i < len(ref) else None, "it", "en")
        for f in DoubledSpeaker().check_segment(CheckContext(seg)):
            found.append((i, f.span.text, f.evidence))
    assert found == [(6, "he declared", "Tehran's Foreign Minister, Hossein Amir-Abdollahian")]
    assert mt[6][mt[6].index("he declared") :].startswith("he declared")

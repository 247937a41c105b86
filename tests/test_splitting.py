"""Sentence and paragraph splitting: language cases, news conventions and the offset invariants."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.splitting import load_abbreviations, split_paragraphs, split_sentences
from auditor.types import Sentence


def texts(text: str, lang: str | None) -> list[str]:
    return [s.text for s in split_sentences(text, lang)]


def check_offsets(text: str, sentences: list[Sentence]) -> None:
    """Offsets match the text, sentences are trimmed, non-empty, in order and cover every non-space character."""
    pos = 0
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert s.start >= pos
        assert not text[pos : s.start].strip()
        pos = s.end
    assert not text[pos:].strip()
    paragraphs = [s.paragraph for s in sentences]
    assert paragraphs == sorted(paragraphs)


CASES = [
    # English news abbreviations
    (
        "en",
        "Dr. Smith met Mr. Jones on Jan. 5 at 4 a.m. in a hotel. They talked for an hour.",
        ["Dr. Smith met Mr. Jones on Jan. 5 at 4 a.m. in a hotel.", "They talked for an hour."],
    ),
    (
        "en",
        "The U.S. economy grew. The meeting was held at No. 10 and ended at 4.30 am today.",
        ["The U.S. economy grew.", "The meeting was held at No. 10 and ended at 4.30 am today."],
    ),
    (
        "en",
        "Officials in the U.S. The White House declined to comment. U.S. President Carter spoke.",
        ["Officials in the U.S.", "The White House declined to comment.", "U.S. President Carter spoke."],
    ),
    ("en", "The rate rose to 3.5 percent. It fell later.", ["The rate rose to 3.5 percent.", "It fell later."]),
    (
        "en",
        "J. R. R. Tolkien wrote books. Many people read them.",
        ["J. R. R. Tolkien wrote books.", "Many people read them."],
    ),
    (
        "en",
        "We bought apples, pears, etc. Then we went home. She waited... and waited... Nothing happened.",
        ["We bought apples, pears, etc.", "Then we went home.", "She waited... and waited...", "Nothing happened."],
    ),
    # quotes
    (
        "en",
        'He said: "We will win." Then he left.',
        ['He said: "We will win."', "Then he left."],
    ),
    ("en", '"Are you sure?" she asked. He nodded.', ['"Are you sure?" she asked.', "He nodded."]),
    ("en", "“Stop!” he shouted. Nobody moved.", ["“Stop!” he shouted.", "Nobody moved."]),
    ("en", "Is it true? Yes! It is.", ["Is it true?", "Yes!", "It is."]),
    # datelines stay with their sentence
    (
        "en",
        "ROME, Jan 18 (Reuters) - Italy's cabinet met on Monday. It approved a budget.",
        ["ROME, Jan 18 (Reuters) - Italy's cabinet met on Monday.", "It approved a budget."],
    ),
    (
        "en",
        "WASHINGTON, Jan. 18 (AP) — The senate voted late. The bill passed.",
        ["WASHINGTON, Jan. 18 (AP) — The senate voted late.", "The bill passed."],
    ),
    (
        "en",
        "SPRINGFIELD, Ill. (AP) — A storm hit the town. Roads closed.",
        ["SPRINGFIELD, Ill. (AP) — A storm hit the town.", "Roads closed."],
    ),
    (
        "en",
        "ROME (Reuters) -\nItaly's cabinet met on Monday. It approved a budget.",
        ["ROME (Reuters) -\nItaly's cabinet met on Monday.", "It approved a budget."],
    ),
    # headlines and line breaks
    (
        "en",
        'Minister: "We will win"\nThe minister spoke on Monday.',
        ['Minister: "We will win"', "The minister spoke on Monday."],
    ),
    (
        "en",
        "Storm hits the coast\nThe storm reached the coast on Monday. Thousands left.",
        ["Storm hits the coast", "The storm reached the coast on Monday.", "Thousands left."],
    ),
    (
        "en",
        "Markets rally\r\nBy Anna Reporter\r\n\r\nShares rose on Friday.",
        ["Markets rally", "By Anna Reporter", "Shares rose on Friday."],
    ),
    (
        "en",
        "The minister said that the new rules would\nbe in force by the end of the year.",
        ["The minister said that the new rules would\nbe in force by the end of the year."],
    ),
    (
        "en",
        "Main points:\n1. Taxes go up.\n2. Spending goes down.",
        ["Main points:", "1. Taxes go up.", "2. Spending goes down."],
    ),
    # Italian
    (
        "it",
        "Il dott. Rossi e il sig. Bianchi sono arrivati. Hanno portato mele, pere ecc. Poi sono partiti.",
        ["Il dott. Rossi e il sig. Bianchi sono arrivati.", "Hanno portato mele, pere ecc.", "Poi sono partiti."],
    ),
    (
        "it",
        "La legge (art. 5) è cambiata. Ne ha parlato il prof. Verdi.",
        ["La legge (art. 5) è cambiata.", "Ne ha parlato il prof. Verdi."],
    ),
    # German
    (
        "de",
        "Am 3. Oktober feiern wir. Der 2. Weltkrieg endete 1945. Es gibt z.B. Äpfel. Das kostet ca. 5 Euro.",
        ["Am 3. Oktober feiern wir.", "Der 2. Weltkrieg endete 1945.", "Es gibt z.B. Äpfel.", "Das kostet ca. 5 Euro."],
    ),
    (
        "de",
        "„Wir schaffen das.“ Dann ging sie. Prof. Dr. Weber kam bzw. rief an.",
        ["„Wir schaffen das.“", "Dann ging sie.", "Prof. Dr. Weber kam bzw. rief an."],
    ),
    (
        "de",
        "Die Regierung hat am Dienstag beschlossen, dass die\nMaßnahmen gegen die Teuerung verschärft\n"
        "werden sollen, wie es in einer Mitteilung heißt.",
        [
            "Die Regierung hat am Dienstag beschlossen, dass die\nMaßnahmen gegen die Teuerung verschärft\n"
            "werden sollen, wie es in einer Mitteilung heißt."
        ],
    ),
    # French
    (
        "fr",
        "M. Dupont est arrivé. Il a dit : « Nous gagnerons. » Puis il est parti.",
        ["M. Dupont est arrivé.", "Il a dit : « Nous gagnerons. »", "Puis il est parti."],
    ),
    (
        "fr",
        "Mme Durand habite av. Foch, c.-à-d. à Paris. Elle travaille.",
        ["Mme Durand habite av. Foch, c.-à-d. à Paris.", "Elle travaille."],
    ),
    # Spanish
    (
        "es",
        "¿Dónde está el Sr. García? No lo sé. ¡Qué lástima! Vive en EE.UU. desde 2010.",
        ["¿Dónde está el Sr. García?", "No lo sé.", "¡Qué lástima!", "Vive en EE.UU. desde 2010."],
    ),
    # Portuguese and Dutch
    ("pt", "O Sr. Costa chegou. Ele falou.", ["O Sr. Costa chegou.", "Ele falou."]),
    ("nl", "Dhr. Jansen kwam o.a. met fruit. Hij ging weg.", ["Dhr. Jansen kwam o.a. met fruit.", "Hij ging weg."]),
    # CJK: full stops without spaces
    (
        "zh",
        "他说：“我们会赢。”然后他走了。你确定吗？是的！",
        ["他说：“我们会赢。”", "然后他走了。", "你确定吗？", "是的！"],
    ),
    ("ja", "今日は晴れです。明日は雨でしょう！", ["今日は晴れです。", "明日は雨でしょう！"]),
    # no language given: fallback abbreviations
    (None, "Dr. Brown arrived. He sat down.", ["Dr. Brown arrived.", "He sat down."]),
    ("xx-unknown", "Dr. Brown arrived. He sat down.", ["Dr. Brown arrived.", "He sat down."]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_split_sentences(lang: str | None, text: str, expected: list[str]) -> None:
    sentences = split_sentences(text, lang)
    assert [s.text for s in sentences] == expected
    check_offsets(text, sentences)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One.\n\nTwo.", [(0, 4), (6, 10)]),
        ("  One.\r\n\r\n\r\n  Two.  \n", [(2, 6), (14, 18)]),
        ("One.\n   \n\n\nTwo.\nThree.", [(0, 4), (11, 22)]),
        ("\n\n\n", []),
        ("", []),
    ],
)
def test_split_paragraphs(text: str, expected: list[tuple[int, int]]) -> None:
    assert split_paragraphs(text) == expected


def test_paragraph_numbers() -> None:
    text = "First one. Second one.\r\n\r\n\r\nThird one.\n\n\n\nFourth one."
    sentences = split_sentences(text, "en")
    assert [s.paragraph for s in sentences] == [0, 0, 1, 2]
    check_offsets(text, sentences)


@pytest.mark.parametrize(
    ("lang", "token", "kind"),
    [
        ("en", "Dr", "plain"),
        ("en", "etc", "final"),
        ("en", "No", "numeric"),
        ("it", "Ecc", "final"),
        ("it", "dott", "plain"),
        ("de", "z.B", "plain"),
        ("de", "usw", "final"),
        ("en", "house", None),
    ],
)
def test_abbreviation_lists(lang: str, token: str, kind: str | None) -> None:
    assert load_abbreviations(lang).kind(token) == kind


@pytest.mark.parametrize(("lang", "ordinal"), [("de", True), ("en", False), (None, False), ("../etc", False)])
def test_ordinal_option(lang: str | None, ordinal: bool) -> None:
    assert load_abbreviations(lang).ordinal_dot is ordinal


ALPHABET = st.sampled_from(
    [*"ab AZ.!?…。！？\"'“”«»()-:,\n\r\t\u00a0\u202f\u2028", "Dr.", "U.S.", " 3. ", "\r\n", "\n\n", "...", "z.B."]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=60).map("".join), st.sampled_from([None, "en", "de", "it", "fr", "zh"]))
def test_offsets_invariant(text: str, lang: str | None) -> None:
    check_offsets(text, split_sentences(text, lang))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_offsets_invariant_any_text(text: str) -> None:
    check_offsets(text, split_sentences(text, "en"))


def test_large_document_is_fast() -> None:
    para = (
        "LONDON, Jan. 3 (Reuters) - Dr. Green said the U.K. economy grew 2.5 percent last year. "
        '"It was a good year," she said. Headline without a stop\nAnother line here. 他说。好的！\n\n'
    )
    text = para * (1_000_000 // len(para))
    start = time.perf_counter()
    sentences = split_sentences(text, "en")
    assert time.perf_counter() - start < 10
    assert len(sentences) == 6 * (1_000_000 // len(para))

"""Names of Chinese, Japanese and Cyrillic sources, and the source-only names rule that uses them."""

from __future__ import annotations

import pytest

from auditor.checks import numbers
from auditor.checks.base import CheckContext
from auditor.checks.numbers import NamesCheck
from auditor.checks.source_names import source_names
from auditor.types import Category, Segment, Severity, Side


def test_chinese_names_by_part_of_speech() -> None:
    src = "习近平在北京会见了默克尔。"
    names = source_names(src, "zh")
    assert [n.text for n in names] == ["习近平", "北京", "默克尔"]
    assert all(src[n.start : n.end] == n.text for n in names)
    assert names[0].romanised.lower() == "xijinping"


def test_japanese_proper_nouns_with_their_readings_and_no_era_names() -> None:
    src = "熊本県出身の増田巡査は１８９５（明治２８）年７月に赴任。"
    names = source_names(src, "ja")
    assert [(n.text, n.romanised) for n in names] == [("熊本", "kumamoto"), ("増田", "masuda")]
    assert all(src[n.start : n.end] == n.text for n in names)


def test_cyrillic_capitals_inside_a_sentence_only() -> None:
    names = source_names("Меркель встретилась с Макроном в Париже.", "ru")
    assert [n.text for n in names] == ["Макроном", "Париже"]  # the first word opens the sentence


@pytest.mark.parametrize("lang", ["it", "de", "en", ""])
def test_latin_script_sources_are_left_to_the_latin_reader(lang: str) -> None:
    assert source_names("Rossi ha incontrato Verdi a Roma.", lang) == []


SOURCE_NAME_CASES = [
    # spelt by the MT through the romanisation ("Masuda", "Kumamoto") or rendered in word vectors: nothing missing
    (
        "Officer Masuda, a native of Kumamoto, took up the post in 1895.",
        "熊本県出身の増田巡査は１８９５年に赴任。",
        "ja",
        [],
    ),
    ("Merkel met Macron in Paris.", "Меркель встретилась с Макроном в Париже.", "ru", []),
    ("Xi Jinping met Merkel in Beijing.", "习近平在北京会见了默克尔。", "zh", []),
    # a name the MT dropped: minor while some MT word is fairly close in word vectors (cosine 0.30-0.40), as here
    (
        "Officer Masuda, a native of the prefecture, took up the post in 1895.",
        "熊本県出身の増田巡査は１８９５年に赴任。",
        "ja",
        [("熊本", Severity.MINOR)],
    ),
    ("Merkel met him in Paris.", "Меркель встретилась с Макроном в Париже.", "ru", [("Макроном", Severity.MINOR)]),
]


@pytest.mark.parametrize(("mt", "src", "src_lang", "expected"), SOURCE_NAME_CASES)
def test_source_names_missing_from_the_translation(mt: str, src: str, src_lang: str, expected: list[tuple]) -> None:
    seg = Segment("t", mt, src, None, src_lang, "en")
    findings = list(NamesCheck().check_segment(CheckContext(seg)))
    assert [(f.span.text, f.severity) for f in findings] == expected
    assert all(f.side is Side.SRC and f.category is Category.OMISSION for f in findings)
    assert all(src[f.span.start : f.span.end] == f.span.text for f in findings)


@pytest.mark.parametrize(
    ("mt", "src", "src_lang", "expected"),
    [
        # a common name of a Latin-script source may be translated ("Europa", "Roma"): missing only where no MT
        # word renders it
        ("The meeting with Google took place in Europe.", "La reunión con Google tuvo lugar en Europa.", "es", []),
        ("The meeting with Google took place there.", "La reunión con Google tuvo lugar en Europa.", "es", ["Europa"]),
        ("Fans celebrated in Rome on Sunday.", "I tifosi hanno festeggiato a Roma domenica.", "it", []),
        ("Fans celebrated on Sunday.", "I tifosi hanno festeggiato a Roma domenica.", "it", ["Roma"]),
    ],
)
def test_common_names_of_a_latin_source(mt: str, src: str, src_lang: str, expected: list[str]) -> None:
    seg = Segment("t", mt, src, None, src_lang, "en")
    findings = list(NamesCheck().check_segment(CheckContext(seg)))
    assert [f.span.text for f in findings] == expected
    assert all(f.side is Side.SRC and f.category is Category.OMISSION for f in findings)


@pytest.mark.parametrize(
    ("mt", "src", "src_lang", "expected"),
    [
        # a rare name inflected or spelt otherwise in the source is the same name (sounds, not letters)
        ("In Babylon every god had a temple.", "W Babilonii każde bóstwo miało świątynię.", "pl", []),
        ("The Mosasaurus feared only its kind.", "Mozazaur obawiał się jedynie innych mozazaurów.", "pl", []),
        ("We expect further cuts in Fed rates.", "Oczekujemy dalszych obniżek stóp Fedu.", "pl", []),
        ("Service is better in the Pennsylvania wilderness.", "Služby jsou lepší v Pensylvánské divočině.", "cs", []),
        # ... but another rare name is not: missing, or replaced where the MT has a name the source lacks
        ("We expect further cuts in rates.", "Oczekujemy dalszych obniżek stóp Fedu.", "pl", [("Fedu", Side.SRC)]),
        (
            "In Nineveh every god had a temple.",
            "W Babilonii każde bóstwo miało świątynię.",
            "pl",
            [("Nineveh", Side.MT)],
        ),
    ],
)
def test_rare_names_of_a_latin_source_match_across_spellings(
    mt: str, src: str, src_lang: str, expected: list[tuple[str, Side]]
) -> None:
    seg = Segment("t", mt, src, None, src_lang, "en")
    findings = list(NamesCheck().check_segment(CheckContext(seg)))
    assert [(f.span.text, f.side) for f in findings] == expected
    assert all({Side.SRC: src, Side.MT: mt}[f.side][f.span.start : f.span.end] == f.span.text for f in findings)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Babilonii", "Babylon", True),
        ("Pensylvánské", "Pennsylvania", True),
        ("Fedu", "Fed", True),
        ("Mozazaur", "Mosasaurus", True),
        ("Fedu", "Ford", False),
        ("Babilonii", "Bangalore", False),
        ("Paris", "Parma", False),
    ],
)
def test_cognate_names(a: str, b: str, same: bool) -> None:
    assert numbers.cognates(a, b) is same
    assert numbers.cognates(b, a) is same


def test_a_source_name_far_from_every_mt_word_is_a_major_omission(monkeypatch: pytest.MonkeyPatch) -> None:
    """The line between minor and major is a setting of the module: moved above the cosine, the same omission
    is major."""
    monkeypatch.setattr(numbers, "SOURCE_NAME_STRICT", 0.39)
    seg = Segment("t", "Merkel met him in Paris.", "Меркель встретилась с Макроном в Париже.", None, "ru", "en")
    assert [(f.span.text, f.severity) for f in NamesCheck().check_segment(CheckContext(seg))] == [
        ("Макроном", Severity.MAJOR)
    ]


def test_a_japanese_reading_vouches_for_the_mt_spelling() -> None:
    """The kanji's Chinese romanisation ("ZengTian") does not spell "Masuda"; the MeCab reading does."""
    seg = Segment("t", "Officer Masuda took up the post.", "増田巡査が赴任した。", None, "ja", "en")
    assert list(NamesCheck().check_segment(CheckContext(seg))) == []


@pytest.mark.parametrize("src", ["", "   ", "。"])
def test_an_empty_source_says_nothing_of_names(src: str) -> None:
    seg = Segment("t", "Comets may have brought water to Austria.", src, None, "zh", "en")
    assert list(NamesCheck().check_segment(CheckContext(seg))) == []
    assert source_names(src, "zh") == [] and source_names(src, "ja") == [] and source_names(src, "ru") == []


def test_names_are_read_the_same_from_several_threads() -> None:
    """The service checks in worker threads; the taggers behind `source_names` are called one at a time."""
    from concurrent.futures import ThreadPoolExecutor

    texts = [("熊本県出身の増田巡査は赴任した。", "ja"), ("习近平在北京会见了默克尔。", "zh")] * 8
    expected = [source_names(t, lang) for t, lang in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(lambda x: source_names(*x), texts)) == expected


def test_a_runaway_segment_gets_no_word_vector_look_ups() -> None:
    """A whole article in one segment: names are compared letter by letter only (the vector look-ups grow with
    source words times MT words)."""
    assert numbers.MAX_LOOKUP_CHARS < 6_000
    short_src, short_mt = "彗星可能给地球带来了水。", "Comets may have brought water to Austria."
    seg = Segment("t", short_mt, short_src, None, "zh", "en")
    assert [f.span.text for f in NamesCheck().check_segment(CheckContext(seg))] == ["Austria"]
    padding = "天气很好。" * 1_300  # 6,500 characters
    seg = Segment("t", short_mt, short_src + padding, None, "zh", "en")
    assert list(NamesCheck().check_segment(CheckContext(seg))) == []
    # a rare name of a Latin-script source is still read letter by letter
    latin = "I soccorritori hanno scavato a Zahedan. " + "Il tempo era bello. " * 300
    seg = Segment("t", "Rescuers searched the rubble.", latin, None, "it", "en")
    assert [f.span.text for f in NamesCheck().check_segment(CheckContext(seg))] == ["Zahedan"]

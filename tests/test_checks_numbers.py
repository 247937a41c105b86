"""Numbers, dates, times and names: tables of MT / reference / source cases written for these tests."""

from __future__ import annotations

import pytest

from auditor.checks.base import CheckContext
from auditor.checks.numbers import NameConsistencyCheck, NamesCheck, NumbersCheck, extract, parse_digits
from auditor.checks.spelling import hunspell_dictionary
from auditor.types import Category, Segment, Severity, Side


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [
        ("1.000", ",", {1000.0}),
        ("1.000", ".", {1.0, 1000.0}),
        ("1,000", ".", {1000.0}),
        ("1,5", ",", {1.5}),
        ("1,5", ".", {1.5}),
        ("2.500.000", ",", {2500000.0}),
        ("1,234.5", ".", {1234.5}),
        ("1.234,5", ",", {1234.5}),
        ("42", ".", {42.0}),
    ],
)
def test_parse_digits(text: str, decimal: str, expected: set[float]) -> None:
    assert parse_digits(text, decimal) == expected


@pytest.mark.parametrize(
    ("a", "lang_a", "b", "lang_b", "same"),
    [
        ("at 4.30 am", "en", "at 4:30 a.m.", "en", True),
        ("at 16:30", "en", "at 4.30 pm", "en", True),
        ("seven people", "en", "7 people", "en", True),
        ("twenty-five years", "en", "25 years", "en", True),
        ("1.000 abitanti", "it", "1,000 inhabitants", "en", True),
        ("1,5 milioni", "it", "1.5 million", "en", True),
        ("10 million", "en", "10,000,000", "en", True),
        ("1000万千瓦", "zh", "10 million kilowatts", "en", True),
        ("三十五人", "zh", "35 people", "en", True),
        ("in luglio", "it", "in July", "en", True),
        ("50%", "en", "50 per cent", "en", True),
        ("the eighth game", "en", "the 8th game", "en", True),
        ("in 1962", "en", "in 1926", "en", False),
        ("4.30 am", "en", "5.30 am", "en", False),
        # an article before a hundred or a scale word is one of them; "and a half" adds a half
        ("a fine of a thousand euros", "en", "a fine of 1,000 euros", "en", True),
        ("a hundred-metre sprint", "en", "a 100-metre sprint", "en", True),
        ("two and a half million voters", "en", "2 1/2 million voters", "en", True),
        ("2½ million voters", "en", "2.5 million voters", "en", True),
        ("one and a half hours", "en", "1.5 hours", "en", True),
        ("более двух с половиной миллионов рублей", "ru", "more than 2.5 million roubles", "en", True),
        ("dva a půl milionu korun", "cs", "2.5 million crowns", "en", True),
        ("two and a half million voters", "en", "2 million voters", "en", False),
        ("a thousand euros", "en", "a hundred euros", "en", False),
    ],
)
def test_quantities_compare(a: str, lang_a: str, b: str, lang_b: str, same: bool) -> None:
    qa, qb = extract(a, lang_a), extract(b, lang_b)
    assert qa and qb
    assert any(x.matches(y) for x in qa for y in qb) is same


NUMBER_CASES = [
    # (mt, ref, src, src_lang, [(span text, severity, side)])
    (
        "The dam was finished in 1926.",
        "The dam was finished in 1962.",
        None,
        None,
        [("1926", Severity.CRITICAL, Side.MT)],
    ),
    (
        "Aid will arrive within 24 hours.",
        "Aid would arrive within 48 hours.",
        None,
        None,
        [("24", Severity.CRITICAL, Side.MT)],
    ),
    (
        "Aid will arrive within 24 hours.",
        None,
        "Gli aiuti arriveranno entro 48 ore.",
        "it",
        [("24", Severity.CRITICAL, Side.MT)],
    ),
    ("The storm killed people.", "The storm killed 12 people.", None, None, [("12", Severity.MAJOR, Side.REF)]),
    (
        "The storm killed 12 people in 3 towns.",
        "The storm killed 12 people in several towns.",
        None,
        None,
        [("3", Severity.MAJOR, Side.MT)],
    ),
    # number words against number words of the source (de, ru, pl, cs), digits left to digits
    ("Nine people were hurt.", None, "Sieben Menschen wurden verletzt.", "de", [("Nine", Severity.CRITICAL, Side.MT)]),
    ("They met two weeks ago.", None, "Они встретились три недели назад.", "ru", [("two", Severity.CRITICAL, Side.MT)]),
    ("Five sailors died.", None, "Trzech marynarzy zginęło.", "pl", [("Five", Severity.CRITICAL, Side.MT)]),
    ("It lasted two weeks.", None, "Trvalo to téměř tři týdny.", "cs", [("two", Severity.CRITICAL, Side.MT)]),
    # negatives: equivalent notations
    ("It struck at 4:30 a.m., killing seven.", "It struck at 4.30 am and killed 7.", None, None, []),
    ("They met three weeks ago.", None, "Они встретились три недели назад.", "ru", []),
    # Devanagari digits and Indian scale words (lakh = 100,000)
    ("The town has 400,000 people.", None, "नगरको जनसङ्ख्या ४ लाख छ।", "ne", []),
    (
        "The town has 4 million people.",
        None,
        "नगरको जनसङ्ख्या ४ लाख छ।",
        "ne",
        [("4 million", Severity.CRITICAL, Side.MT)],
    ),
    ("Twenty-five sailors died in July.", None, "Dwudziestu pięciu marynarzy zginęło w lipcu.", "pl", []),
    ("A city of about 60,000 inhabitants.", None, "Una città di circa 60.000 abitanti.", "it", []),
    ("Prices rose 3.5 per cent.", "Prices rose by 3.5%.", None, None, []),
    ("The fine is up to a thousand euros.", "The fine is up to 1000 euros.", None, None, []),
    ("It cost two and a half million euros.", "It cost 2 1/2 million euros.", None, None, []),
    ("A few people and a dog came.", "Some people came with a dog.", None, None, []),  # no article reads as one
    ("A 1/2 share went to the city.", "A 1/2 share went to the city.", None, None, []),
    # a month the reference misspells is still that month; a name next to a number is no month
    ("He has been mayor since November 2014.", "He has been Mayor since Novembre 2014.", None, None, []),
    (
        "He has been mayor since May 2014.",
        "He has been Mayor since Novembre 2014.",
        None,
        None,
        [("May", Severity.CRITICAL, Side.MT)],
    ),
    ("Julie 2014 was the theme.", "The theme was Julie 2014.", None, None, []),
    (
        "The fine is up to a thousand euros.",
        "The fine is up to 100 euros.",
        None,
        None,
        [("a thousand", Severity.CRITICAL, Side.MT)],
    ),
    (
        "It cost two and a half million euros.",
        "It cost 3 million euros.",
        None,
        None,
        [("two and a half million", Severity.CRITICAL, Side.MT)],
    ),
    ("The two leaders met.", "Both leaders met.", None, None, []),
    ("One of the victims was a child.", "A child was among the victims.", None, None, []),
    ("Cases of COVID-19 rose.", "Coronavirus cases rose.", None, None, []),
    # a quantity converted to other units (within 15%: translators round), also "a foot" as one foot
    ("The pipeline is 1,600 kilometres long.", "The pipeline is 1,000 miles long.", None, None, []),
    ("The shark was 2.5 metres long.", None, "Der Hai war acht Fuß lang.", "de", []),
    ("It was an eight-foot shark.", None, "Es war ein 2,5 Meter langer Hai.", "de", []),
    ("He is about 30 cm tall.", "He is about a foot tall.", None, None, []),
    ("It weighed between 170 and 180 kilograms.", "It weighed between 375 and 400 pounds.", None, None, []),
    ("The robot is 2.5 metres tall.", "The robot is very tall.", "Der Roboter ist acht Fuß groß.", "de", []),
    # times of day in Chinese and Japanese sources: "9点半" (half past nine), "24时", "午前0時" (midnight)
    ("At 9:30 a.m. on July 26, the reporter saw it.", None, "7月26日上午9点半，记者看到了。", "zh", []),
    (
        "At 10:30 a.m. on July 26, the reporter saw it.",
        None,
        "7月26日上午9点半，记者看到了。",
        "zh",
        [("10:30 a.m.", Severity.CRITICAL, Side.MT)],
    ),
    ("As of 24:00 on July 25, there were 135 cases.", None, "截至7月25日24时，现有病例135例。", "zh", []),
    ("The ban runs for 48 hours from midnight on August 6.", None, "8月6日午前0時から48時間実施する。", "ja", []),
    (
        "The ban runs for 48 hours from 6 a.m. on August 6.",
        None,
        "8月6日午前0時から48時間実施する。",
        "ja",
        [("6 a.m.", Severity.CRITICAL, Side.MT)],
    ),
    # "１人" (one person) is what an article renders; other counted numbers are compared
    ("A fellow sailor was also released.", None, "同僚船員１人も解放された。", "ja", []),
    ("The 10 sailors were released.", None, "船員１１人が解放された。", "ja", [("10", Severity.CRITICAL, Side.MT)]),
    # a Japanese era year stands for its Gregorian year (令和5年 = 2023, 元年 = year 1),
    # also written beside it ("１８９５（明治２８）")
    ("The law took effect in April 2023.", None, "法律は令和5年4月に施行された。", "ja", []),
    ("The law took effect in April of Reiwa 5.", None, "法律は令和5年4月に施行された。", "ja", []),
    (
        "The law took effect in April 2022.",
        None,
        "法律は令和5年4月に施行された。",
        "ja",
        [("2022", Severity.CRITICAL, Side.MT)],
    ),
    ("The law took effect in 2019.", None, "法律は令和元年に施行された。", "ja", []),
    ("He took up the post in July 1895.", None, "１８９５（明治２８）年７月に赴任。", "ja", []),
    (
        "He took up the post in July 1896.",
        None,
        "１８９５（明治２８）年７月に赴任。",
        "ja",
        [("1896", Severity.CRITICAL, Side.MT)],
    ),
    # "12時間" is a duration (12 hours), not a time of day
    ("The ban runs for 12 hours.", None, "12時間実施する。", "ja", []),
    # a space between thousands before the full stop (ru), "cien" (es)
    ("The total reached 13,269.", None, "Общее число достигло 13 269.", "ru", []),
    ("The total reached 13,296.", None, "Общее число достигло 13 269.", "ru", [("13,296", Severity.CRITICAL, Side.MT)]),
    ("They put on a 100-run partnership.", None, "Lograron una asociación de cien carreras.", "es", []),
    # "the 1850s" is also "the 50s" ("die 50er"), but a round year alone is not
    ("The town grew in the 1850s.", None, "Die Stadt wuchs in den 50ern.", "de", []),
    # Russian, Polish and Czech months in the cases dates take
    ("The show aired on 14 September 2015.", None, "Передача вышла 14 сентября 2015 года.", "ru", []),
    ("By October 2019, the loans came to 811.8.", None, "К октябрю 2019 года кредиты составили 811,8.", "ru", []),
    ("The vote took place on 14 September.", None, "Głosowanie odbyło się 14 września.", "pl", []),
    (
        "The vote took place on 14 October.",
        None,
        "Głosowanie odbyło się 14 września.",
        "pl",
        [("October", Severity.CRITICAL, Side.MT)],
    ),
    ("The vote took place in October.", None, "Hlasování proběhlo v říjnu.", "cs", []),
    # a source month does not vouch for an MT day number that equals its number ("października" is 10)
    (
        "The meeting runs until Wednesday October 10.",
        "The meeting lasts until Wednesday, 2nd October.",
        "Spotkanie potrwa do środy 2 października.",
        "pl",
        [("10", Severity.CRITICAL, Side.MT)],
    ),
    # adjectives made from month names ("wrześniowym rankingu": the September ranking)
    ("The team fell in the September FIFA ranking.", None, "Drużyna spadła we wrześniowym rankingu FIFA.", "pl", []),
    ("The October election was close.", None, "Октябрьские выборы были напряжёнными.", "ru", []),
    (
        "The team fell in the July FIFA ranking.",
        None,
        "Drużyna spadła we wrześniowym rankingu FIFA.",
        "pl",
        [("July", Severity.CRITICAL, Side.MT)],
    ),
    ("The town grew in the 1850's.", None, "Die Stadt wuchs in den 50ern.", "de", []),
    ("The town grew in 1850.", None, "Die Stadt wuchs in den 50ern.", "de", [("1850", Severity.CRITICAL, Side.MT)]),
    (
        "The town grew in the 1860s.",
        None,
        "Die Stadt wuchs in den 50ern.",
        "de",
        [("1860", Severity.CRITICAL, Side.MT)],
    ),
    ("The road is 11 km long.", "The road is 10 km long.", None, None, [("11", Severity.CRITICAL, Side.MT)]),
    (
        "The pipeline is 3,000 kilometres long.",
        "The pipeline is 1,000 miles long.",
        None,
        None,
        [("3,000", Severity.CRITICAL, Side.MT)],
    ),
]


@pytest.mark.parametrize(("mt", "ref", "src", "src_lang", "expected"), NUMBER_CASES)
def test_numbers(mt: str, ref: str | None, src: str | None, src_lang: str | None, expected: list[tuple]) -> None:
    seg = Segment("t", mt, src, ref, src_lang, "en")
    findings = list(NumbersCheck().check_segment(CheckContext(seg)))
    assert [(f.span.text, f.severity, f.side) for f in findings] == expected
    for f in findings:
        text = {Side.MT: mt, Side.REF: ref, Side.SRC: src}[f.side]
        assert text is not None and text[f.span.start : f.span.end] == f.span.text


NAME_CASES = [
    # a name spelt as the source has it stands for the reference's other spelling; another name does not
    (
        "The climbers reached Glecherspitz on Monday.",
        "The climbers reached the Gletscherspitze on Monday.",
        "Альпинисты достигли Глечершпитц в понедельник.",
        "ru",
        [],
    ),
    (
        "The climbers reached Matterhorn on Monday.",
        "The climbers reached the Gletscherspitze on Monday.",
        "Альпинисты достигли Глечершпитц в понедельник.",
        "ru",
        [("Matterhorn", Severity.CRITICAL, Side.MT)],
    ),
    # a transliteration variant with the same letters in another order is the same name
    ("In the final, Bhajjapur came first.", "In the final Bajjhapur came first.", None, None, []),
    (
        "The talks were hosted by Kestrovia.",
        "The talks were hosted by Norway.",
        None,
        None,
        [("Kestrovia", Severity.CRITICAL, Side.MT)],
    ),
    (
        "The talks were hosted by .",
        "The talks were hosted by Norway.",
        None,
        None,
        [("Norway", Severity.MAJOR, Side.REF)],
    ),
    (
        "Rescuers searched the rubble in Saravan.",
        None,
        "I soccorritori hanno scavato a Zahedan.",
        "it",
        [("Zahedan", Severity.MAJOR, Side.SRC)],
    ),
    # a shared title does not make two people one: the whole new name is reported
    (
        "General Secretary Tomasz Wrelik stressed the point.",
        "General Secretary Oskar Brandvik stressed the point.",
        None,
        None,
        [("Secretary Tomasz Wrelik", Severity.CRITICAL, Side.MT)],  # a common first word is not a name
    ),
    # one part of a name replaced, the other kept
    (
        "Governor Zemanka Halvorsen called for calm.",
        "Governor Gretchen Halvorsen called for calm.",
        None,
        None,
        [("Zemanka", Severity.CRITICAL, Side.MT)],
    ),
    # a name where the reference has a title or acronym
    (
        "By Monday, China had reported four million cases.",
        "By Monday, the United States had reported four million cases.",
        None,
        None,
        [("China", Severity.CRITICAL, Side.MT)],
    ),
    # a well-known name where the reference opens on another one (too common to count as a name there)
    (
        "Last year Boston was by far the largest market.",
        "Canada was by far the largest market last year.",
        None,
        None,
        [("Boston", Severity.CRITICAL, Side.MT)],
    ),
    ("Last year Canada was by far the largest market.", "Canada was the largest market last year.", None, None, []),
    # an opening word that spells the reference's name otherwise is that name ("Hyun" for "Huhne")
    ("Hyun and Price are due in court on Monday.", "Huhne and Pryce are due in court on Monday.", None, None, []),
    # a reference name missing where the MT has a title word the reference lacks: replaced, not dropped
    (
        "Before the troops came, North had no cases of the disease.",
        "Before the troops came, Haiti had no cases of the disease.",
        None,
        None,
        [("North", Severity.CRITICAL, Side.MT)],
    ),
    (
        "In the end the island had no cases.",
        "In the end Haiti had no cases.",
        None,
        None,
        [("Haiti", Severity.MAJOR, Side.REF)],
    ),
    # negatives: demonyms, possessives, transliterations, acronyms, translated names in the source
    ("President Donald Trump spoke.", "President Trump spoke.", None, None, []),
    ("Data from Johns Hopkins University.", "Data from the Johns-Hopkins-University.", None, None, []),
    ("The Buffalo-Pittsburgh Freeway was closed.", "The Buffalo-Pittsburgh Highway was closed.", None, None, []),
    ("Captured Islamic State fighters were moved.", "Captured ISIS fighters were moved.", None, None, []),
    ("Chinese officials met U.S. envoys.", "Officials from China met US envoys.", None, None, []),
    ("Rescuers reached Saravan's centre.", "Rescuers reached the centre of Saravan.", None, None, []),
    ("Fans in Napoli celebrated.", "Fans in Naples celebrated.", None, None, []),
    ("The Vietnam News Agency reported it.", "The Vietnam News Agency (VNA) reported it.", None, None, []),
    ("The Red Crescent sent tents.", None, "La Mezzaluna Rossa ha inviato tende.", "it", []),
    # a source language without word frequencies: capitalised words cannot be told from names
    ("This decision was prompted by Argentina.", None, "Otsuse tingis Argentina vastuseis.", "et", []),
    ("Officials said the Public Security Bureau acted.", "Officials said the police acted.", None, None, []),
    ("Norwich lost their place in the Premier League.", "Norwich lost its place in the EPL.", None, None, []),
    ("Rzeczpospolita notes that the sum is virtual.", "As noted by Rz, the sum is virtual.", None, None, []),
    ("From my start to now, I have always advanced.", "From my start to now, I've always advanced.", None, None, []),
    ("Sergey Shoigu met the press.", "Sergei Shoigu met the press.", None, None, []),
    ("Officers said the bridge would reopen.", "Police said the bridge would reopen.", None, None, []),
    # a source in another script vouches for the MT's spelling of a name through its romanisation ("Иванова"):
    # the MT named the player as the source does, the reference by another of her names, so the one MT name
    # stands for the one reference name the MT lacks (inside the sentence: a sentence-initial "Natalia" is too
    # common a word to be read as a name without a hunspell dictionary)
    (
        "In the final, Ivanova scored twice.",
        "In the final, Natalia scored twice.",
        "В финале Иванова забила дважды.",
        "ru",
        [],
    ),
    # ... but not for a second reference name the MT dropped
    (
        "In the final, Ivanova scored twice.",
        "In the final against Brazil, Natalia scored twice.",
        "В финале Иванова забила дважды.",
        "ru",
        [("Brazil", Severity.MAJOR, Side.REF), ("Natalia", Severity.MAJOR, Side.REF)],
    ),
    (
        "In the final, Ivanova scored twice.",
        "In the final, Natalia scored twice.",
        "В финале Петрова забила дважды.",
        "ru",
        [("Ivanova", Severity.CRITICAL, Side.MT)],
    ),
    # a common one-word name rendered by a common word is not dropped ("the planet", "a tweet")...
    (
        "Scientists still do not know how the impact will affect the planet.",
        "Scientists still do not know how the impact will affect the Earth.",
        None,
        None,
        [],
    ),
    (
        "The journalist announced the transfer in a tweet on Monday.",
        "The journalist announced it on Twitter.",
        None,
        None,
        [],
    ),
    # ... but it is where nothing renders it
    (
        "Scientists still do not know how the impact will affect the climate.",
        "Scientists still do not know how the impact will affect the Earth.",
        None,
        None,
        [("Earth", Severity.MAJOR, Side.REF)],
    ),
    (
        "The journalist announced the transfer on Monday.",
        "The journalist announced it on Twitter.",
        None,
        None,
        [("Twitter", Severity.MAJOR, Side.REF)],
    ),
    # ... but a short form whose letters the MT's name does not start with is still a replacement
    (
        "Norwich lost their place in the Bundesliga.",
        "Norwich lost its place in the EPL.",
        None,
        None,
        [("Bundesliga", Severity.CRITICAL, Side.MT)],
    ),
]


@pytest.mark.parametrize(("mt", "ref", "src", "src_lang", "expected"), NAME_CASES)
def test_names(mt: str, ref: str | None, src: str | None, src_lang: str | None, expected: list[tuple]) -> None:
    seg = Segment("t", mt, src, ref, src_lang, "en")
    findings = [f for f in NamesCheck().check_segment(CheckContext(seg)) if f.severity is not Severity.MINOR]
    assert [(f.span.text, f.severity, f.side) for f in findings] == expected


SOURCE_ONLY_NAME_CASES = [
    # no reference: an MT name is looked for in the source across languages, through word vectors
    ("Comets may have brought water to Austria.", "彗星可能给地球带来了水。", "zh", [("Austria", Severity.CRITICAL)]),
    ("Comets may have brought water to Earth.", "彗星可能给地球带来了水。", "zh", []),
    (
        "The talks were held in Kestrovia on Monday.",
        "Die Gespräche fanden am Montag in Norwegen statt.",
        "de",
        [("Kestrovia", Severity.CRITICAL)],
    ),
    ("The talks were held in Norway on Monday.", "Die Gespräche fanden am Montag in Norwegen statt.", "de", []),
    (
        "Merkel met Trudeau in Paris.",
        "Меркель встретилась с Макроном в Париже.",
        "ru",
        [("Trudeau", Severity.CRITICAL)],
    ),
    ("Merkel met Macron in Paris.", "Меркель встретилась с Макроном в Париже.", "ru", []),
    # a two-word rendering of a two-word name ("Nowej Zelandii")
    ("The talks were held in New Zealand.", "Rozmowy odbyły się w Nowej Zelandii.", "pl", []),
    # a weekday is no name, possessive or not
    ("The senators rejected Wednesday's amendments.", "Senatorowie odrzucili poprawki ze środowej debaty.", "pl", []),
    # a source name missing and an MT name the source does not have: one name replaced by another
    (
        "Rescuers searched the rubble in Kestrovia.",
        "I soccorritori hanno scavato a Zahedan.",
        "it",
        [("Kestrovia", Severity.CRITICAL)],
    ),
    # a source acronym the MT writes out in its own words
    (
        "This time the ruling of the Polish Football Association was milder.",
        "Tym razem wyrok PZPN był łagodniejszy.",
        "pl",
        [],
    ),
    (
        "This time the ruling of the Polish Football Association was milder.",
        "Tym razem wyrok był łagodniejszy.",
        "pl",
        [("Polish Football Association", Severity.CRITICAL)],
    ),
    # ... and one it writes out in brackets beside the acronym, which the source has
    (
        "The PZPN (Polish Football Association) commission punished the club.",
        "Komisja PZPN ukarała klub.",
        "pl",
        [],
    ),
    # the source's words are compared as written: "Jan Paweł" is "John Paul" ("paweł ii" would not be)
    (
        "In 1981 John Paul II was a great authority.",
        "W 1981 roku Jan Paweł II był wielkim autorytetem.",
        "pl",
        [],
    ),
    (
        "In 1981 Gustav Mahler was a great authority.",
        "W 1981 roku Jan Paweł II był wielkim autorytetem.",
        "pl",
        [("Gustav Mahler", Severity.CRITICAL)],
    ),
    # a source the encoder does not read (Hindi): no cross-lingual look-up, nothing reported
    ("The minister met Kestrovia's envoy.", "मंत्री ने राजदूत से मुलाकात की।", "hi", []),
]


@pytest.mark.parametrize(("mt", "src", "src_lang", "expected"), SOURCE_ONLY_NAME_CASES)
def test_names_against_the_source_alone(mt: str, src: str, src_lang: str, expected: list[tuple]) -> None:
    seg = Segment("t", mt, src, None, src_lang, "en")
    findings = [f for f in NamesCheck().check_segment(CheckContext(seg)) if f.severity is not Severity.MINOR]
    assert [(f.span.text, f.severity) for f in findings] == expected
    assert all(f.side is Side.MT and f.category is Category.MISTRANSLATION for f in findings)
    assert all(mt[f.span.start : f.span.end] == f.span.text for f in findings)


def test_source_only_name_finding_names_the_closest_source_word() -> None:
    seg = Segment("t", "Comets may have brought water to Austria.", "彗星可能给地球带来了水。", None, "zh", "en")
    (finding,) = NamesCheck().check_segment(CheckContext(seg))
    assert "no counterpart in the source" in finding.message
    assert finding.evidence in finding.message and finding.evidence in "彗星 可能 给 地球 带来 了 水"


def test_name_consistency_document() -> None:
    segs = [
        Segment("1", "President Rouhani spoke on Monday.", ref="President Rouhani spoke on Monday."),
        Segment("2", "Rohani later left for Ankara.", ref="Rouhani later left for Ankara."),
        Segment("3", "Rouhani's aides stayed.", ref="Rouhani's aides stayed."),
    ]
    out = list(NameConsistencyCheck().check_document(segs))
    assert [(i, f.span.text, f.category, f.severity) for i, f in out] == [
        (1, "Rohani", Category.TERMINOLOGY, Severity.MINOR)
    ]
    assert out[0][1].evidence == "Rouhani"


def test_name_consistency_negative() -> None:
    segs = [
        Segment("1", "Rouhani met Rowhani's rival.", ref="Rouhani met Rowhani's rival."),
        Segment("2", "Iran and Iraq."),
    ]
    assert list(NameConsistencyCheck().check_document(segs)) == []


def test_demo_corpus_changed_number(demo_dir) -> None:  # type: ignore[no-untyped-def]
    mt_path = demo_dir / "mt.en.txt"
    if not mt_path.exists():
        pytest.skip("demo corpus not present")
    mt = mt_path.read_text(encoding="utf-8").split("\n")
    ref = (demo_dir / "ref.en.txt").read_text(encoding="utf-8").split("\n")
    src = (demo_dir / "it.txt").read_text(encoding="utf-8").split("\n")
    critical = []
    for i, line in enumerate(mt[: len(ref)]):
        seg = Segment(str(i), line, src[i], ref[i], "it", "en")
        critical += [
            (i, f.span.text, f.evidence)
            for f in NumbersCheck().check_segment(CheckContext(seg))
            if f.severity is Severity.CRITICAL
        ]
    assert critical == [(6, "24", "48")]


@pytest.mark.skipif(hunspell_dictionary("en") is None, reason="hunspell-en-us not installed")
@pytest.mark.parametrize(
    ("mt", "ref", "expected"),
    [
        # a sentence-initial name too common for word frequencies alone: the dictionary has it only capitalised
        ("Told reporters the bridge would reopen.", "Moore told reporters the bridge would reopen.", ["Moore"]),
        ("Is by far the largest island.", "Madagascar is by far the largest island.", ["Madagascar"]),
        ("Moore told reporters the bridge would reopen.", "Moore said the bridge would reopen.", []),
        ("Lost the first set in the tiebreak.", "Lost the first set in a tiebreak.", []),
        ("Flick named three attributes.", "Flick listed three attributes.", []),  # "flick" is a word
    ],
)
def test_sentence_initial_names_from_the_dictionary(mt: str, ref: str, expected: list[str]) -> None:
    seg = Segment("t", mt, None, ref, None, "en")
    findings = [f for f in NamesCheck().check_segment(CheckContext(seg)) if f.side is Side.REF]
    assert [f.span.text for f in findings] == expected

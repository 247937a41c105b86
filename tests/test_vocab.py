"""Word frequencies served from the disk cache agree with wordfreq, in both look-up modes."""

from __future__ import annotations

from pathlib import Path

import pytest
import wordfreq

from auditor import vocab
from auditor.vocab import WordFrequencies, has_vocabulary, wordfreq_zipf, zipf

WORDS = {
    "en": ["the", "Minister", "declared", "Tehran's", "don't", "U.S.", "3.5", "1999", "e-mail", "xqzvvy", "", "ÉCOLE"],
    "it": ["città", "persone", "dell'Iran", "morte", "sud-est", "Perché", "qwxzy"],
    "de": ["Straße", "STRASSE", "Bundesregierung", "über", "Grüße"],
    "zh": ["北京市", "外交部长", "经济"],
}


@pytest.mark.parametrize("lang", sorted(WORDS))
def test_wordfreq_zipf_is_wordfreqs_zipf_frequency(lang: str) -> None:
    for word in WORDS[lang]:
        assert wordfreq_zipf(word, lang) == wordfreq.zipf_frequency(word, lang), word


def test_plain_languages_need_only_nfc_and_casefold() -> None:
    from wordfreq import available_languages, get_language_info

    plain = {
        lang
        for lang in available_languages()
        if get_language_info(lang)
        == {**get_language_info(lang), "tokenizer": "regex", "normal_form": "NFC", "remove_marks": False}
        | {"dotless_i": False, "diacritics_under": None, "transliteration": None, "lookup_transliteration": None}
    }
    assert plain == vocab.PLAIN_LANGUAGES


@pytest.mark.parametrize("lang", ["en", "de", "it", "ru", "el", "vi", "pl"])
def test_single_words_agree_with_wordfreq_in_every_case(lang: str) -> None:
    words = [w for w in wordfreq.top_n_list(lang, 3000)[::10] if w.isalpha()]
    words += [w.title() for w in words[:100]] + [w.upper() for w in words[:100]] + ["Zzyzxqv"]
    for word in words:
        assert wordfreq_zipf(word, lang) == wordfreq.zipf_frequency(word, lang), word


def test_unknown_languages_have_no_vocabulary() -> None:
    assert has_vocabulary("en-GB") and has_vocabulary("it")
    assert not has_vocabulary("xx") and not has_vocabulary(None)
    assert zipf("word", "xx") == 0.0 and wordfreq_zipf("word", "xx") == 0.0


def test_zipf_folds_case_and_drops_the_possessive() -> None:
    assert zipf("Rome", "en") == zipf("rome", "en") > 3.0
    assert zipf("Spokeswoman's", "en") == zipf("spokeswoman", "en") > 0.0  # "'s" dropped when not listed
    assert 0.0 < zipf("Rome's", "en") < zipf("Rome", "en")  # listed with it
    assert zipf("qzxqzx", "en") == 0.0


def test_point_lookups_and_the_loaded_table_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    words = ["the", "people", "council", "approved", "qzxqzx", "città"]
    table = WordFrequencies("en")
    table.POINT_LOOKUPS = len(words)
    by_query = table.get_many(words)
    assert table._table is None and table._db is not None  # answered by SQLite, nothing loaded
    assert any(p.suffix == ".sqlite" for p in tmp_path.iterdir())
    by_table = table.get_many(words)  # past the limit: the whole table is in memory now
    assert table._table is not None and table._db is None
    assert by_query == by_table
    assert set(by_query) == {"the", "people", "council", "approved", "città"}  # English text has "città" too
    expected = wordfreq.get_frequency_dict("en")
    assert all(by_query[w] == expected[w] for w in by_query)


def test_without_a_cache_the_table_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITOR_CACHE_DIR", "off")
    monkeypatch.setattr(vocab, "frequency_table", vocab.frequency_table.__wrapped__)
    table = WordFrequencies("it")
    assert table.get("persone") == wordfreq.get_frequency_dict("it")["persone"]
    assert table._table is not None


def test_a_damaged_sqlite_copy_falls_back_to_the_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    WordFrequencies("en").get("the")  # builds the SQLite copy
    (db,) = [p for p in tmp_path.iterdir() if p.suffix == ".sqlite"]
    db.write_bytes(b"not a database" * 100)
    table = WordFrequencies("en")
    assert table.get("people") == wordfreq.get_frequency_dict("en")["people"]
    assert table._table is not None

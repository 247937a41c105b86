"""Fit the English part-of-speech bigram counts of the `unlikely-word-order` check: `python bench/train_tag_bigrams.py
--data ../shared/data`.

Tags (the auditor's own spaCy tagger, `auditor.parsing`) fluent English of two kinds: the DEMETR translations into
English that are not perturbed, good MT and human reference, of the train ids only (id % 5 != 0: the held-out ids
stay out, as for the scoring weights), once per source sentence; and the MLQE-PE machine translations into English
of the DA train splits that the post-editors left as they were (hter 0: questions, requests and dialogue, which
news has few of). Writes the tag and tag-pair counts to auditor/data/checks/order/en.json (the check's line stays
as it is). Deterministic: the same data and tagger give the same file.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from itertools import pairwise
from pathlib import Path

from auditor.checks.order import SENTENCE_END, SENTENCE_START, tag_sequence
from auditor.parsing import tag_batch

DATA_FILE = Path(__file__).resolve().parent.parent / "auditor" / "data" / "checks" / "order" / "en.json"


def english_sentences(data: Path) -> list[str]:
    """Unperturbed English of the DEMETR train ids: each source's good MT and reference, once, in a fixed order."""
    texts: dict[tuple[str, int], tuple[str, str]] = {}
    for path in sorted((data / "demetr").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                rec = json.loads(line)
                if rec["id"] % 5 != 0:
                    texts.setdefault((rec["source_lang"], rec["id"]), (rec["mt_good"], rec["reference"]))
    return [t for key in sorted(texts) for t in texts[key] if t and t.strip()]


DA_INTO_ENGLISH = ("et-en", "ne-en", "ro-en", "ru-en", "si-en")


def unedited_translations(data: Path) -> list[str]:
    """MLQE-PE train MTs into English that needed no post-edit (hter 0), in file order."""
    texts: list[str] = []
    for lp in DA_INTO_ENGLISH:
        path = data / "da" / f"{lp}.train.jsonl.gz"
        if not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                rec = json.loads(line)
                if rec.get("hter") == 0 and rec["mt"].strip():
                    texts.append(rec["mt"])
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="the shared data folder")
    ap.add_argument("--out", type=Path, default=DATA_FILE)
    args = ap.parse_args()
    news = english_sentences(args.data)
    if not news:
        raise SystemExit(f"no DEMETR files under {args.data / 'demetr'}")
    unedited = unedited_translations(args.data)
    texts = news + unedited
    tag_batch(texts, "en")
    unigrams: Counter[str] = Counter()
    bigrams: Counter[str] = Counter()
    for text in texts:
        seq = tag_sequence(text, "en")
        if seq is None:
            raise SystemExit("the English tagger is not installed")
        unigrams.update(seq[:-1])
        bigrams.update(f"{a} {b}" for a, b in pairwise(seq))
    doc = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    doc.update(
        {
            "_trained": f"python bench/train_tag_bigrams.py --data DATA: {len(news)} unperturbed English sentences "
            f"(DEMETR good translations and references, ids % 5 != 0) and {len(unedited)} MLQE-PE train "
            f"translations into English that needed no post-edit (hter 0; {', '.join(DA_INTO_ENGLISH)}), tagged by "
            f"the auditor's English tagger; '{SENTENCE_START}' and '{SENTENCE_END}' mark the sentence's ends",
            "tag_counts": dict(sorted(unigrams.items())),
            "tag_pair_counts": dict(sorted(bigrams.items())),
        }
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(texts)} sentences, {len(unigrams)} tags, {len(bigrams)} tag pairs")


if __name__ == "__main__":
    main()

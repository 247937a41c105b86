"""A SQLite cache of scored items: content hash of the item + the auditor's signature -> result JSON.

A changed item, or a changed auditor (version, models, checks, weights), gives a new key, so only what changed
is scored again. The cache never decides anything: a broken or foreign file is reported as `InputError`.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..formats import dumps
from ..types import Category, Finding, Segment, SegmentResult, Severity, Side, Span

SCHEMA_VERSION = 1


def signature_hash(signature: Mapping[str, Any]) -> str:
    """A short stable hash of an auditor signature."""
    return hashlib.sha256(json.dumps(signature, sort_keys=True, default=str).encode()).hexdigest()[:16]


def item_key(segment: Segment, signature_digest: str) -> str:
    """The cache key of one item: its texts, languages and id, with the signature hash."""
    payload = dumps(
        [signature_digest, segment.id, segment.mt, segment.src, segment.ref, segment.src_lang, segment.tgt_lang]
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def result_to_json(result: SegmentResult) -> str:
    """The cached form of a result: scores, band, findings and the languages the pipeline settled on."""
    seg = result.segment
    return dumps(
        {
            "scores": result.scores,
            "band": result.band,
            "langs": [seg.src_lang, seg.tgt_lang],
            "findings": [f.to_dict() for f in result.findings],
        }
    )


def result_from_json(text: str, segment: Segment) -> SegmentResult:
    """Rebuild a result for `segment` from its cached form."""
    data = json.loads(text)
    src_lang, tgt_lang = data["langs"]
    findings = tuple(
        Finding(
            check=f["check"],
            category=Category(f["category"]),
            severity=Severity(f["severity"]),
            span=Span(f["span"]["start"], f["span"]["end"], f["span"]["text"]),
            message=f["message"],
            side=Side(f["side"]),
            evidence=f.get("evidence"),
            confidence=float(f.get("confidence", 1.0)),
        )
        for f in data["findings"]
    )
    seg = Segment(segment.id, segment.mt, segment.src, segment.ref, src_lang, tgt_lang)
    return SegmentResult(seg, {k: float(v) for k, v in data["scores"].items()}, findings, band=data.get("band"))


class ResultCache:
    """The SQLite file: one table `results(key, value)`; use as a context manager."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path)
            self._db.execute("PRAGMA synchronous = NORMAL")  # a lost cache entry is only re-scored
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            row = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is None:
                self._db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            elif row[0] != str(SCHEMA_VERSION):
                self._db.execute("DELETE FROM results")
                self._db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(SCHEMA_VERSION),))
            self._db.commit()
        except sqlite3.Error as err:
            raise InputError(
                f"cache {self.path} cannot be used ({err})", fix="delete the cache file or give another --cache path"
            ) from None

    def get_many(self, keys: Iterable[str]) -> dict[str, str]:
        """Cached values for the keys that are present."""
        wanted = list(dict.fromkeys(keys))
        out: dict[str, str] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            out.update(self._db.execute(f"SELECT key, value FROM results WHERE key IN ({marks})", chunk).fetchall())
        return out

    def put_many(self, items: Iterable[tuple[str, str]]) -> None:
        """Store (key, value) pairs in one transaction."""
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?)", items)

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM results").fetchone()[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ResultCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

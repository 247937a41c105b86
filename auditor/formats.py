"""Writers for reports and segment results: json, jsonl, csv and a terminal-readable text table."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from .types import DocumentReport, Report, SegmentResult

REPORT_FORMATS = ("json", "jsonl", "csv", "text")
SCORE_FORMATS = ("jsonl", "json", "csv")
SCORE_COLUMNS = ("fidelity", "fluency", "overall")


def dumps(obj: Any) -> str:
    """Canonical JSON text used everywhere (CLI, API, caches), so equal results give equal bytes."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target` (folders created); it becomes `target` only on success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


@contextmanager
def atomic_output(path: str | Path | None) -> Iterator[TextIO]:
    """Yield a text stream; for a path, write a temporary file and move it in place only on success."""
    if path is None or str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    with atomic_path(Path(path)) as tmp, tmp.open("w", encoding="utf-8", newline="") as stream:
        yield stream


# --- document reports -------------------------------------------------------------------------------------------


def write_report(report: Report, fmt: str, stream: TextIO, *, color: bool = False) -> None:
    """Write a document report in one of `REPORT_FORMATS`."""
    if fmt == "json":
        stream.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        _report_jsonl(report, stream)
    elif fmt == "csv":
        _report_csv(report, stream)
    else:
        stream.write(render_text(report, color=color))


def _report_jsonl(report: Report, stream: TextIO) -> None:
    for doc in report.documents:
        for seg in doc.segments:
            stream.write(dumps({"document": doc.id, **seg.to_dict()}) + "\n")


def _report_csv(report: Report, stream: TextIO) -> None:
    rows = ({"document": d.id, **_segment_row(s)} for d in report.documents for s in d.segments)
    _write_csv(rows, stream)


def _segment_row(result: SegmentResult) -> dict[str, Any]:
    seg = result.segment
    row: dict[str, Any] = {"id": seg.id}
    if result.aligned is not None:
        main = result.aligned.ref_alignment or result.aligned.src_alignment
        row["alignment"] = main.type if main else ""
        row["alignment_confidence"] = round(main.confidence, 4) if main else ""
    for key, value in result.scores.items():
        row[key] = round(value, 4)
    row["band"] = result.band or ""
    row["findings"] = len(result.findings)
    row["finding_summary"] = "; ".join(
        f"{f.severity.value} {f.check} {f.side.value}[{f.span.start}:{f.span.end}] {f.span.text!r}"
        for f in result.findings
    )
    row["mt"] = seg.mt
    return row


def _write_csv(rows: Iterable[dict[str, Any]], stream: TextIO) -> None:
    writer: csv.DictWriter[str] | None = None
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(stream, fieldnames=list(row), extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
        writer.writerow(row)


# --- segment results (auditor score) --------------------------------------------------------------------------


def segment_line(result: SegmentResult) -> dict[str, Any]:
    """The JSON object written for one pre-aligned segment (`auditor score`, `POST /v1/score`)."""
    out = result.to_dict()
    return {"id": out["id"], "scores": out["scores"], "band": out.get("band"), "findings": out["findings"]}


class SegmentWriter:
    """Streams segment results in jsonl, json (an array, written incrementally) or csv."""

    def __init__(self, fmt: str, stream: TextIO) -> None:
        self.fmt = fmt
        self.stream = stream
        self._count = 0
        self._csv: csv.DictWriter[str] | None = None
        if fmt == "json":
            stream.write("[")

    def write(self, result: SegmentResult) -> None:
        if self.fmt == "jsonl":
            self.stream.write(dumps(segment_line(result)) + "\n")
        elif self.fmt == "json":
            self.stream.write(("," if self._count else "") + "\n" + dumps(segment_line(result)))
        else:
            row = _segment_row(result)
            if self._csv is None:
                self._csv = csv.DictWriter(
                    self.stream, fieldnames=list(row), extrasaction="ignore", lineterminator="\n"
                )
                self._csv.writeheader()
            self._csv.writerow(row)
        self._count += 1

    def close(self) -> None:
        if self.fmt == "json":
            self.stream.write("\n]\n")


# --- text -----------------------------------------------------------------------------------------------------

_SEVERITY_COLOR = {"critical": "\033[1;31m", "major": "\033[33m", "minor": "\033[36m"}
_RESET = "\033[0m"


def render_text(report: Report, *, color: bool = False, width: int | None = None) -> str:
    """A report a person reads in a terminal: one block per document, one row per segment, findings below."""
    width = width or min(120, shutil.get_terminal_size((100, 20)).columns)
    out = io.StringIO()
    for doc in report.documents:
        _render_document(doc, out, color=color, width=width)
    return out.getvalue()


def _render_document(doc: DocumentReport, out: io.StringIO, *, color: bool, width: int) -> None:
    scores = doc.scores
    out.write(f"Document {doc.id}  {doc.src_lang or '?'} -> {doc.tgt_lang or '?'}  band: {doc.band or '-'}\n")
    headline = "  ".join(f"{k} {scores[k]:.1f}" for k in SCORE_COLUMNS if k in scores)
    counts = "  ".join(f"{k.removeprefix('findings_')} {int(scores[k])}" for k in scores if k.startswith("findings_"))
    out.write(f"  scores: {headline}   findings: {counts}\n")
    for note in doc.notes:
        out.write(f"  note: {note}\n")
    out.write("\n")
    header = f"{'seg':<5} {'align':<6} {'conf':>4} {'fid':>5} {'flu':>5} {'all':>5} {'band':<7} text"
    out.write(header + "\n" + "-" * min(width, 100) + "\n")
    text_width = max(30, width - 45)
    for seg in doc.segments:
        a = seg.aligned
        main = (a.ref_alignment or a.src_alignment) if a else None
        s = seg.scores
        prefix = (
            f"{seg.segment.id:<5} {main.type if main else '-':<6} {main.confidence if main else 0:>4.2f} "
            f"{s.get('fidelity', 0):>5.1f} {s.get('fluency', 0):>5.1f} {s.get('overall', 0):>5.1f} "
            f"{seg.band or '-':<7} "
        )
        mt = seg.segment.mt or "(no MT: source/reference sentence left out)"
        lines = textwrap.wrap(mt, text_width) or [""]
        out.write(prefix + lines[0] + "\n")
        for line in lines[1:]:
            out.write(" " * len(prefix) + line + "\n")
        for f in seg.findings:
            sev = f.severity.value
            tag = f"{_SEVERITY_COLOR[sev]}{sev:<8}{_RESET}" if color else f"{sev:<8}"
            where = f"{f.side.value}[{f.span.start}:{f.span.end}]"
            out.write(f"{'':<6}{tag} {f.check} {where} {f.span.text!r}: {f.message}\n")
            if f.evidence:
                out.write(f"{'':<15}evidence: {f.evidence}\n")
    out.write("\n")

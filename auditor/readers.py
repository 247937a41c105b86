"""Input readers: whole UTF-8 text files, and streams of segments or documents from JSONL, TSV and CSV.

Segment readers are generators that hold one line at a time. Bad bytes or JSON raise `InputError`; records
that parse but lack what is needed raise `ValidationError`; both name the file and the line.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, cast

from .errors import InputError, LanguageError, ValidationError
from .langid import normalise_lang
from .types import DocumentInput, Segment

MAX_TEXT_BYTES = 50 * 1024 * 1024
FORMATS = ("jsonl", "tsv", "csv")
_EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".tsv": "tsv", ".csv": "csv"}
_COLUMNS = ("id", "mt", "src", "ref", "src_lang", "tgt_lang")
_ICONV = "re-encode it as UTF-8, e.g. iconv -f latin1 -t utf-8 FILE > FILE.utf8"


def read_text(path: str | Path, *, max_bytes: int = MAX_TEXT_BYTES) -> str:
    """A whole UTF-8 text file (BOM stripped, line endings normalised to \\n); rejects binary and empty files."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise InputError(f"{p} is a directory, not a text file", fix="give the path of a UTF-8 text file")
        if size > max_bytes:
            raise ValidationError(
                f"{p} is {size:,} bytes, over the limit of {max_bytes:,}",
                fix="split the document into smaller files or raise the size limit",
            )
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"file not found: {p}", fix="check the path") from None
    except PermissionError:
        raise InputError(f"permission denied reading {p}", fix="make the file readable") from None
    except OSError as e:
        raise InputError(f"cannot read {p}: {e.strerror or e}", fix="check the path and the file") from None
    text = _decode(data, str(p), 0)
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ValidationError(f"{p} is empty or contains only whitespace", fix="give a file with the text to audit")
    return text


def _decode(data: bytes, name: str, offset: int, line: int | None = None) -> str:
    """Decode UTF-8, rejecting NUL bytes (binary or UTF-16 files); `offset` is where `data` starts in the file."""
    where = f", line {line}" if line is not None else ""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            f"{name} looks binary (NUL byte at byte offset {offset + nul}{where})",
            fix="give a plain-text file; if it is UTF-16, " + _ICONV.replace("latin1", "utf-16"),
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(
            f"{name} is not valid UTF-8 (byte 0x{data[e.start]:02x} at byte offset {offset + e.start}{where})",
            fix=_ICONV,
        ) from None


@contextmanager
def _open_binary(path: str | Path) -> Iterator[IO[bytes]]:
    """Open a file (or stdin for "-"; gzip for *.gz) for binary reading, with typed errors."""
    if str(path) == "-":
        yield sys.stdin.buffer
        return
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(f"{p} is a directory, not a file", fix="give the path of a JSONL, TSV or CSV file")
        stream = cast(IO[bytes], gzip.open(p, "rb")) if p.suffix == ".gz" else open(p, "rb")  # noqa: SIM115
    except FileNotFoundError:
        raise InputError(f"file not found: {p}", fix="check the path") from None
    except PermissionError:
        raise InputError(f"permission denied reading {p}", fix="make the file readable") from None
    except OSError as e:
        raise InputError(f"cannot read {p}: {e.strerror or e}", fix="check the path and the file") from None
    try:
        yield stream
    finally:
        stream.close()


def _lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """(1-based line number, decoded line without its line ending); the BOM of the first line is dropped."""
    name = "standard input" if str(path) == "-" else str(path)
    with _open_binary(path) as stream:
        offset = 0
        try:
            for number, raw in enumerate(stream, start=1):
                text = _decode(raw, name, offset, number)
                offset += len(raw)
                if number == 1 and text.startswith("\ufeff"):
                    text = text[1:]
                yield number, text.rstrip("\r\n")
        except (OSError, EOFError) as e:  # truncated or corrupt gzip
            raise InputError(f"cannot read {name}: {e}", fix="check that the file is complete") from None


def iter_jsonl(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line of a JSON Lines file; "-" reads standard input."""
    name = "standard input" if str(path) == "-" else str(path)
    for number, line in _lines(path):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(
                f"{name}, line {number}: malformed JSON ({e.msg} at column {e.colno})",
                fix="write one JSON object per line (JSON Lines)",
            ) from None
        if not isinstance(obj, dict):
            raise ValidationError(
                f"{name}, line {number}: expected a JSON object, got {type(obj).__name__}",
                fix='write one object per line, e.g. {"mt": "...", "ref": "..."}',
            )
        yield number, obj


def _field(obj: dict[str, Any], key: str, line: int) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(
            f"line {line}: field {key!r} must be a string, got {type(value).__name__}",
            fix=f"write {key!r} as a JSON string",
        )
    return value


def _lang(value: str | None, default: str | None, line: int) -> str | None:
    code = value if value else default
    if not code:
        return None
    try:
        return normalise_lang(code)
    except LanguageError as e:
        raise LanguageError(f"line {line}: {e.problem}", fix=e.fix) from None


def _id(obj: dict[str, Any], line: int) -> str:
    value = obj.get("id")
    if value is None or value == "":
        return str(line)
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValidationError(
            f"line {line}: field 'id' must be a string or an integer, got {type(value).__name__}",
            fix="write the id as a JSON string",
        )
    return str(value)


def parse_segment_obj(
    obj: dict[str, Any], line: int, *, src_lang: str | None = None, tgt_lang: str | None = None
) -> Segment:
    """A segment from a decoded record (`mt` required; `src`, `ref`, `id`, langs optional; langs default to args)."""
    mt = _field(obj, "mt", line)
    if mt is None:
        raise ValidationError(f"line {line}: missing field 'mt'", fix="give every record the MT text as a string 'mt'")
    return Segment(
        id=_id(obj, line),
        mt=mt,
        src=_field(obj, "src", line),
        ref=_field(obj, "ref", line),
        src_lang=_lang(_field(obj, "src_lang", line), src_lang, line),
        tgt_lang=_lang(_field(obj, "tgt_lang", line), tgt_lang, line),
    )


def _with_name(err: ValidationError | LanguageError, name: str) -> ValidationError | LanguageError:
    return type(err)(f"{name}, {err.problem}", fix=err.fix)


def detect_format(path: str | Path, fmt: str | None = None) -> str:
    """The input format: `fmt` if given, else from the extension (.jsonl/.ndjson/.json, .tsv, .csv, also .gz)."""
    if fmt:
        if fmt.lower() not in FORMATS:
            raise InputError(f"unknown input format {fmt!r}", fix=f"use one of {', '.join(FORMATS)}")
        return fmt.lower()
    p = Path(str(path))
    suffix = Path(p.stem).suffix if p.suffix == ".gz" else p.suffix
    found = _EXTENSIONS.get(suffix.lower())
    if found is None:
        what = "standard input" if str(path) == "-" else f"the extension of {p.name!r}"
        raise InputError(
            f"cannot tell the input format from {what}",
            fix="name the file *.jsonl, *.tsv or *.csv, or give the format (--input-format)",
        )
    return found


def read_segments(
    path: str | Path, *, src_lang: str | None = None, tgt_lang: str | None = None, fmt: str | None = None
) -> Iterator[Segment]:
    """Stream segments from JSONL, TSV or CSV ("-" is standard input); langs are defaults for rows without one.

    An input with no segment at all (an empty file, blank lines, a table header alone) is a ValidationError: a
    feed that lost its content must not pass as a feed with nothing wrong in it."""
    kind = detect_format(path, fmt)
    name = "standard input" if str(path) == "-" else str(path)
    count = 0
    if kind == "jsonl":
        for number, obj in iter_jsonl(path):
            try:
                yield parse_segment_obj(obj, number, src_lang=src_lang, tgt_lang=tgt_lang)
            except (ValidationError, LanguageError) as e:
                raise _with_name(e, name) from None
            count += 1
    else:
        for seg in _read_table(path, name, "\t" if kind == "tsv" else ",", src_lang, tgt_lang):
            yield seg
            count += 1
    if count == 0:
        raise ValidationError(
            f"{name} holds no segments", fix=f"give a {kind.upper()} file with one segment per line (or row)"
        )


def _rows(path: str | Path, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line number where the row starts, cells); TSV is split on tabs, CSV follows RFC 4180 quoting."""
    if delimiter == "\t":
        for number, line in _lines(path):
            if line.strip():
                yield number, line.split("\t")
        return
    numbered = _lines(path)
    current = [0]

    def feed() -> Iterator[str]:
        for number, line in numbered:
            current[0] = number
            yield line + "\n"

    reader = csv.reader(feed(), delimiter=",", strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            fix = 'quote fields that contain commas, quotes or line breaks ("a, b")'
            raise InputError(f"line {current[0]}: malformed CSV ({e})", fix=fix) from None
        if any(cell.strip() for cell in row):
            yield start, row
        start = current[0] + 1


def _read_table(
    path: str | Path, name: str, delimiter: str, src_lang: str | None, tgt_lang: str | None
) -> Iterator[Segment]:
    rows = _rows(path, delimiter)
    try:
        header_line, header = next(rows)
    except StopIteration:
        raise ValidationError(f"{name} is empty", fix=f"start with a header row naming columns {_COLUMNS}") from None
    except InputError as e:
        raise InputError(f"{name}, {e.problem}", fix=e.fix) from None
    header = [h.strip().lower() for h in header]
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    if "mt" not in header:
        raise ValidationError(
            f"{name}, line {header_line}: header {header} has no 'mt' column",
            fix=f"start with a header row naming the columns, among {', '.join(_COLUMNS)}",
        )
    dupes = sorted({h for h in header if h and header.count(h) > 1})
    if dupes:
        raise ValidationError(f"{name}, line {header_line}: duplicate columns {dupes}", fix="name each column once")
    try:
        for number, row in rows:
            if len(row) != len(header):
                raise ValidationError(
                    f"{name}, line {number}: {len(row)} fields, but the header has {len(header)}",
                    fix="give every row one value per header column (empty values are allowed)",
                )
            obj = {k: (v if v != "" or k == "mt" else None) for k, v in zip(header, row, strict=True) if k in _COLUMNS}
            try:
                yield parse_segment_obj(obj, number, src_lang=src_lang, tgt_lang=tgt_lang)
            except (ValidationError, LanguageError) as e:
                raise _with_name(e, name) from None
    except InputError as e:
        if e.problem.startswith("line "):
            raise InputError(f"{name}, {e.problem}", fix=e.fix) from None
        raise


def read_documents_jsonl(
    path: str | Path, *, src_lang: str | None = None, tgt_lang: str | None = None
) -> Iterator[DocumentInput]:
    """Stream documents from JSON Lines (`mt` required; `id`, `src`, `ref`, langs optional); "-" is stdin."""
    name = "standard input" if str(path) == "-" else str(path)
    for number, obj in iter_jsonl(path):
        try:
            seg = parse_segment_obj(obj, number, src_lang=src_lang, tgt_lang=tgt_lang)
        except (ValidationError, LanguageError) as e:
            raise _with_name(e, name) from None
        yield DocumentInput(seg.id, seg.mt, seg.src, seg.ref, seg.src_lang, seg.tgt_lang)

"""Readers: text files (encodings, line endings, limits) and segment/document streams (JSONL, TSV, CSV)."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from auditor.errors import InputError, LanguageError, ValidationError
from auditor.readers import (
    detect_format,
    iter_jsonl,
    parse_segment_obj,
    read_documents_jsonl,
    read_segments,
    read_text,
)
from auditor.types import DocumentInput, Segment


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --- read_text ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Hello world.\n", "Hello world.\n"),
        (b"\xef\xbb\xbfWith a BOM.", "With a BOM."),
        (b"Line one.\r\nLine two.\r\n", "Line one.\nLine two.\n"),
        (b"Old Mac.\rLine two.", "Old Mac.\nLine two."),
        ("Caffè e tè, ß, 東京。".encode(), "Caffè e tè, ß, 東京。"),
    ],
)
def test_read_text(tmp_path: Path, data: bytes, expected: str) -> None:
    assert read_text(write(tmp_path, "doc.txt", data)) == expected


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        (b"", ValidationError, ["empty"]),
        (b"  \n\r\n\t ", ValidationError, ["empty"]),
        (b"\xef\xbb\xbf\n", ValidationError, ["empty"]),
        ("Caffè".encode("latin-1"), InputError, ["UTF-8", "byte offset 4", "iconv -f latin1 -t utf-8"]),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", InputError, ["binary", "byte offset 8"]),
        ("Hello".encode("utf-16"), InputError, ["binary", "UTF-8"]),
    ],
)
def test_read_text_rejects(tmp_path: Path, data: bytes, error: type[Exception], words: list[str]) -> None:
    path = write(tmp_path, "bad.txt", data)
    with pytest.raises(error) as info:
        read_text(path)
    message = str(info.value)
    assert "bad.txt" in message
    for word in words:
        assert word in message


def test_read_text_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read_text(tmp_path / "nope.txt")


def test_read_text_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="directory"):
        read_text(tmp_path)


def test_read_text_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", "A sentence. " * 100)
    with pytest.raises(ValidationError, match="limit"):
        read_text(path, max_bytes=1000)
    assert read_text(path, max_bytes=2000).startswith("A sentence.")


# --- segments ----------------------------------------------------------------------------------------------

JSONL = (
    '{"mt": "The cat sleeps.", "src": "Il gatto dorme.", "src_lang": "it", "tgt_lang": "en-GB"}\n'
    "\n"
    '{"id": "s7", "mt": "A dog runs.", "ref": "The dog runs."}\n'
    '{"id": 12, "mt": "", "src": null}\n'
)
JSONL_EXPECTED = [
    Segment("1", "The cat sleeps.", src="Il gatto dorme.", src_lang="it", tgt_lang="en"),
    Segment("s7", "A dog runs.", ref="The dog runs.", src_lang="de", tgt_lang="en"),
    Segment("12", "", src_lang="de", tgt_lang="en"),
]
TSV = "id\tsrc\tmt\tref\nd1\tDer Hund bellt.\tThe dog barks.\t\n\t\tOnly MT here.\tA reference.\n"
TSV_EXPECTED = [
    Segment("d1", "The dog barks.", src="Der Hund bellt.", src_lang="de", tgt_lang="en"),
    Segment("3", "Only MT here.", ref="A reference.", src_lang="de", tgt_lang="en"),
]
CSV = 'mt,ref,extra\n"Hello, world.","Hi, world."\r\n"He said ""yes"".\nTwice.",ref two\n'
CSV_EXPECTED = [
    Segment("2", "Hello, world.", ref="Hi, world.", src_lang="de", tgt_lang="en"),
    Segment("3", 'He said "yes".\nTwice.', ref="ref two", src_lang="de", tgt_lang="en"),
]


@pytest.mark.parametrize(
    ("name", "data", "fmt", "expected"),
    [
        ("segs.jsonl", JSONL, None, JSONL_EXPECTED),
        ("segs.ndjson", JSONL.replace("\n", "\r\n"), None, JSONL_EXPECTED),
        ("segs.txt", "\ufeff" + JSONL, "jsonl", JSONL_EXPECTED),
        ("segs.tsv", TSV, None, TSV_EXPECTED),
        ("segs.tsv", TSV.replace("\n", "\r\n"), None, TSV_EXPECTED),
        ("segs.csv", CSV.replace("mt,ref,extra", "mt,ref"), None, CSV_EXPECTED),
    ],
)
def test_read_segments(tmp_path: Path, name: str, data: str, fmt: str | None, expected: list[Segment]) -> None:
    path = write(tmp_path, name, data)
    assert list(read_segments(path, src_lang="de", tgt_lang="en", fmt=fmt)) == expected


def test_read_segments_gzip(tmp_path: Path) -> None:
    path = tmp_path / "segs.jsonl.gz"
    path.write_bytes(gzip.compress(JSONL.encode()))
    assert list(read_segments(path, src_lang="de", tgt_lang="en")) == JSONL_EXPECTED


def test_read_segments_is_lazy(tmp_path: Path) -> None:
    path = write(tmp_path, "segs.jsonl", '{"mt": "Fine."}\n{not json}\n')
    stream = read_segments(path)
    assert next(stream) == Segment("1", "Fine.")
    with pytest.raises(InputError, match="line 2"):
        next(stream)


def test_read_segments_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(b'{"mt": "From a pipe."}\n'), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    assert list(read_segments("-", fmt="jsonl")) == [Segment("1", "From a pipe.")]


@pytest.mark.parametrize(
    ("name", "data", "error", "words"),
    [
        ("a.jsonl", '{"mt": "ok"}\n{"mt": "broken"\n', InputError, ["a.jsonl", "line 2", "JSON"]),
        ("a.jsonl", '{"mt": "ok"}\n\n{"src": "no mt"}\n', ValidationError, ["line 3", "'mt'"]),
        ("a.jsonl", '{"mt": 42}\n', ValidationError, ["line 1", "'mt'", "string"]),
        ("a.jsonl", '["mt", "x"]\n', ValidationError, ["line 1", "object"]),
        ("a.jsonl", '{"mt": "x", "ref": ["a"]}\n', ValidationError, ["line 1", "'ref'"]),
        ("a.jsonl", '{"mt": "x", "id": {"a": 1}}\n', ValidationError, ["line 1", "'id'"]),
        ("a.jsonl", '{"mt": "x", "tgt_lang": "klingon"}\n', LanguageError, ["line 1", "klingon", "ISO 639-1"]),
        ("a.jsonl", b'{"mt": "caf\xe9"}\n', InputError, ["line 1", "UTF-8", "byte offset 11", "iconv"]),
        ("a.jsonl", b'{"mt": "ok"}\n{"mt": "\x00"}\n', InputError, ["binary", "byte offset 21"]),
        ("a.tsv", "mt\tref\nok\tfine\nonly one field\n", ValidationError, ["a.tsv", "line 3", "fields"]),
        ("a.tsv", "mt\tref\na\tb\tc\n", ValidationError, ["line 2", "3 fields"]),
        ("a.tsv", "src\tref\na\tb\n", ValidationError, ["line 1", "'mt'"]),
        ("a.tsv", "mt\tmt\na\tb\n", ValidationError, ["duplicate"]),
        ("a.csv", "", ValidationError, ["empty"]),
        ("a.csv", 'mt,ref\n"unclosed,x\n', InputError, ["a.csv", "CSV"]),
        ("a.csv", "mt,ref\nx,y\nz\n", ValidationError, ["line 3"]),
        ("a.xml", '{"mt": "x"}\n', InputError, ["format", "a.xml"]),
    ],
)
def test_read_segments_rejects(
    tmp_path: Path, name: str, data: str | bytes, error: type[Exception], words: list[str]
) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(error) as info:
        list(read_segments(path))
    for word in words:
        assert word in str(info.value)


def test_read_segments_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        list(read_segments(tmp_path / "nope.jsonl"))


@pytest.mark.parametrize(
    ("path", "fmt", "expected"),
    [
        ("x.jsonl", None, "jsonl"),
        ("x.JSON", None, "jsonl"),
        ("x.ndjson", None, "jsonl"),
        ("x.tsv", None, "tsv"),
        ("x.csv.gz", None, "csv"),
        ("x.data", "TSV", "tsv"),
        ("-", "csv", "csv"),
    ],
)
def test_detect_format(path: str, fmt: str | None, expected: str) -> None:
    assert detect_format(path, fmt) == expected


@pytest.mark.parametrize(("path", "fmt"), [("-", None), ("x.txt", None), ("x.jsonl", "xml")])
def test_detect_format_rejects(path: str, fmt: str | None) -> None:
    with pytest.raises(InputError):
        detect_format(path, fmt)


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        ({"mt": "a"}, Segment("5", "a")),
        ({"mt": "a", "id": 3, "src_lang": "PT_br"}, Segment("3", "a", src_lang="pt")),
        ({"mt": "a", "id": "", "ref": "b", "extra": 1}, Segment("5", "a", ref="b")),
    ],
)
def test_parse_segment_obj(obj: dict[str, object], expected: Segment) -> None:
    assert parse_segment_obj(obj, 5) == expected


# --- documents ---------------------------------------------------------------------------------------------


def test_read_documents_jsonl(tmp_path: Path) -> None:
    docs = [
        {"id": "d1", "mt": "First line.\nSecond line.", "ref": "A reference.", "tgt_lang": "en"},
        {"mt": "Another doc.", "src": "Un altro documento.", "src_lang": "it"},
    ]
    path = write(tmp_path, "docs.jsonl", "\n".join(json.dumps(d) for d in docs) + "\n")
    assert list(read_documents_jsonl(path, tgt_lang="en")) == [
        DocumentInput("d1", "First line.\nSecond line.", ref="A reference.", tgt_lang="en"),
        DocumentInput("2", "Another doc.", src="Un altro documento.", src_lang="it", tgt_lang="en"),
    ]


def test_iter_jsonl_skips_blank_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "x.jsonl", '\n{"a": 1}\n   \n{"b": 2}')
    assert list(iter_jsonl(path)) == [(2, {"a": 1}), (4, {"b": 2})]


@pytest.mark.parametrize(
    ("name", "data"), [("segs.jsonl", ""), ("segs.jsonl", "\n  \n"), ("segs.tsv", "id\tmt\tref\n")]
)
def test_input_without_segments_is_an_error(tmp_path: Path, name: str, data: str) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(ValidationError, match="holds no segments"):
        list(read_segments(path, src_lang="de", tgt_lang="en"))

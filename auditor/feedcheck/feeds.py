"""Readers for translated feeds: JSONL, CSV/TSV, XLIFF 1.2 and 2.0, TMX, RSS 2.0 and Atom.

Every reader returns a `Feed`: the items (an `auditor.types.Segment` each, with the line where it starts) and the
items that could not be used (`ItemError`, with id and line), never silently dropped. A file that cannot be read
at all (missing, not UTF-8, malformed or unsafe XML) raises `InputError` with the line and column.

Where the source comes from, per format:

- JSONL / CSV / TSV: the fields of `auditor score` (`auditor.readers.parse_segment_obj`): `id`, `mt`, `src`,
  `ref`, `src_lang`, `tgt_lang`; a missing `id` becomes the line number. A row without `src` takes its source
  from the `--sources` file by `id`.
- XLIFF 1.2: `<trans-unit id>` with `<source>`/`<target>`; languages from `<file source-language target-language>`;
  an optional reference in `<alt-trans origin="reference"><target>`. Units with `translate="no"` are skipped.
- XLIFF 2.0: `<unit id>` whose `<segment>`s (and `<ignorable>`s) are joined; languages from `<xliff srcLang
  trgLang>`; an optional reference in `<note category="reference">`.
- TMX: `<tu tuid>`; the `<tuv>` in the header's `srclang` is the source, the next one the MT and a further one
  in the MT's language the reference; `<prop type="x-auditor-role">source|mt|reference</prop>` in a `<tuv>` overrides.
- RSS 2.0 / Atom: the item (`<item>` / `<entry>`) carries the MT in `<description>` / `<content>` or `<summary>`
  (HTML markup removed; the title when there is no body). The source is either inline, `<auditor:source
  lang="it">...</auditor:source>` (namespace `urn:auditor:feed:1`), or linked by id into a `--sources` file:
  the id is `<auditor:source ref="...">`, else `<auditor:source-id>`, else the item's `<guid>` / `<id>`.
  `<auditor:reference>` gives a reference. The target language is the channel's `<language>` / `xml:lang`.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from ..errors import AuditorError, InputError, LanguageError, ValidationError
from ..readers import parse_segment_obj
from ..types import Segment

FEED_FORMATS = ("jsonl", "csv", "tsv", "xliff", "tmx", "rss", "atom")
AUDITOR_NS = "urn:auditor:feed:1"
_EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".xlf2": "xliff",
    ".tmx": "tmx",
    ".rss": "rss",
    ".atom": "atom",
}
_COLUMNS = ("id", "mt", "src", "ref", "src_lang", "tgt_lang")


@dataclass(frozen=True)
class FeedItem:
    """One item to audit and where it starts in the feed file (1-based line and column)."""

    segment: Segment
    line: int
    column: int = 1


@dataclass(frozen=True)
class ItemError:
    """An item that could not be used: `kind` is "unreadable" (exit 3) or "invalid" (exit 4)."""

    path: str
    message: str
    kind: str = "invalid"
    item_id: str | None = None
    line: int | None = None
    column: int | None = None

    @property
    def where(self) -> str:
        loc = f"{self.path}:{self.line}" if self.line else self.path
        return f"{loc} (item {self.item_id})" if self.item_id else loc

    def to_error(self) -> AuditorError:
        """The library error this item error stands for (decides the exit code)."""
        cls = InputError if self.kind == "unreadable" else ValidationError
        return cls(f"{self.where}: {self.message}", fix="correct or remove the item in the feed")

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v is not None}


@dataclass(frozen=True)
class Feed:
    """A parsed feed file: usable items, item errors, and the raw text (to locate spans for reports)."""

    path: str
    format: str
    items: tuple[FeedItem, ...]
    errors: tuple[ItemError, ...] = ()
    text: str = field(default="", repr=False)


# --- entry points -----------------------------------------------------------------------------------------------


def detect_format(path: str | Path, data: bytes | None = None) -> str:
    """The feed format from the extension, or from the XML root element for `.xml` files."""
    suffix = Path(path).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    if data is not None:
        head = data[:4096].decode("utf-8", "replace")
        for pattern, fmt in ((r"<xliff\b", "xliff"), (r"<tmx\b", "tmx"), (r"<rss\b", "rss"), (r"<feed\b", "atom")):
            if re.search(pattern, head):
                return fmt
    raise InputError(
        f"{path}: cannot tell the feed format from the name",
        fix="use one of the extensions .jsonl .csv .tsv .xlf .tmx .rss .atom, or pass --format",
    )


def read_feed(
    path: str | Path,
    fmt: str | None = None,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    sources: Mapping[str, tuple[str, str | None]] | None = None,
) -> Feed:
    """Read one feed file; `src_lang`/`tgt_lang` fill in items without languages, `sources` maps ids to sources."""
    display = Path(path).as_posix()
    data = _read_bytes(path)
    fmt = fmt or detect_format(path, data)
    if fmt not in FEED_FORMATS:
        raise InputError(f"unknown feed format {fmt!r}", fix="use one of: " + ", ".join(FEED_FORMATS))
    builder = _FeedBuilder(display, fmt, src_lang, tgt_lang, sources or {})
    if fmt in ("jsonl", "csv", "tsv"):
        text = _decode(data, display)
        (_read_jsonl if fmt == "jsonl" else _read_table)(text, builder)
    else:
        text = data.decode("utf-8", "replace")
        root, positions = parse_xml(data, display)
        _XML_READERS[fmt](root, positions, builder)
    return Feed(display, fmt, tuple(builder.items), tuple(builder.errors), text)


def read_sources(path: str | Path) -> dict[str, tuple[str, str | None]]:
    """A sources file (JSONL/CSV/TSV with `id` and `src`, optional `src_lang`) as id -> (source, language)."""
    display = Path(path).as_posix()
    data = _read_bytes(path)
    fmt = detect_format(path, data)
    if fmt not in ("jsonl", "csv", "tsv"):
        raise InputError(f"{display}: a sources file must be JSONL, CSV or TSV", fix="convert it to JSONL")
    out: dict[str, tuple[str, str | None]] = {}
    rows = _jsonl_rows(_decode(data, display), display) if fmt == "jsonl" else _table_rows(_decode(data, display), fmt)
    for line, row in rows:
        if isinstance(row, json.JSONDecodeError):
            raise InputError(f"{display}:{line}: malformed JSON ({row.msg})", fix="write one JSON object per line")
        if not isinstance(row, dict):
            raise InputError(f"{display}:{line}: expected a JSON object", fix="write one object per line")
        ident, src, lang = row.get("id"), row.get("src"), row.get("src_lang")
        if ident in (None, "") or not isinstance(src, str):
            raise InputError(f"{display}:{line}: a source row needs `id` and `src`", fix="add both fields")
        out[str(ident)] = (src, lang if isinstance(lang, str) and lang else None)
    return out


# --- building items ---------------------------------------------------------------------------------------------


class _FeedBuilder:
    """Collects items and item errors, validating each item on its own."""

    def __init__(
        self,
        path: str,
        fmt: str,
        src_lang: str | None,
        tgt_lang: str | None,
        sources: Mapping[str, tuple[str, str | None]],
    ) -> None:
        self.path, self.fmt = path, fmt
        self.src_lang, self.tgt_lang, self.sources = src_lang, tgt_lang, sources
        self.items: list[FeedItem] = []
        self.errors: list[ItemError] = []
        self._seen: set[str] = set()

    def error(self, message: str, *, line: int | None, item_id: str | None = None, kind: str = "invalid") -> None:
        self.errors.append(ItemError(self.path, message, kind, item_id, line))

    def add(
        self,
        item_id: str,
        line: int,
        *,
        mt: Any,
        src: Any = None,
        ref: Any = None,
        src_lang: Any = None,
        tgt_lang: Any = None,
        source_key: str | None = None,
        column: int = 1,
    ) -> None:
        if item_id in self._seen:
            self.error(f"duplicate item id {item_id!r}", line=line, item_id=item_id)
            return
        self._seen.add(item_id)
        if src is None and source_key is not None and source_key in self.sources:
            src, linked_lang = self.sources[source_key]
            src_lang = src_lang or linked_lang
        for name, value in (("mt", mt), ("src", src), ("ref", ref), ("src_lang", src_lang), ("tgt_lang", tgt_lang)):
            if value is not None and not isinstance(value, str):
                self.error(f"`{name}` must be a string, not {type(value).__name__}", line=line, item_id=item_id)
                return
        if mt is None:
            self.error("the item has no machine translation", line=line, item_id=item_id)
            return
        if not (src or ref):
            hint = f" (no source with id {source_key!r} found)" if source_key else ""
            self.error(f"the item has neither a source nor a reference{hint}", line=line, item_id=item_id)
            return
        try:
            langs = [_normalise(v) for v in (src_lang or self.src_lang, tgt_lang or self.tgt_lang)]
        except LanguageError as err:
            self.error(err.problem, line=line, item_id=item_id)
            return
        self.items.append(FeedItem(Segment(item_id, mt, src or None, ref or None, langs[0], langs[1]), line, column))


def _normalise(lang: str | None) -> str | None:
    if not lang:
        return None
    from ..langid import normalise_lang

    return normalise_lang(lang)


# --- JSONL / CSV / TSV ------------------------------------------------------------------------------------------


def _read_bytes(path: str | Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file", fix="check the feed path") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory", fix="give feed files, or a directory to `auditor check`") from None
    except OSError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror})", fix="check the permissions") from None


def _decode(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not valid UTF-8", fix="re-encode the feed as UTF-8") from None


def _jsonl_rows(text: str, path: str) -> Iterator[tuple[int, Any]]:
    for number, raw in enumerate(text.splitlines(), 1):
        if raw.strip():
            try:
                yield number, json.loads(raw)
            except json.JSONDecodeError as err:
                yield number, err


def _read_jsonl(text: str, builder: _FeedBuilder) -> None:
    for line, row in _jsonl_rows(text, builder.path):
        if isinstance(row, json.JSONDecodeError):
            builder.error(f"malformed JSON at column {row.colno}: {row.msg}", line=line, kind="unreadable")
        elif not isinstance(row, dict):
            builder.error(f"expected a JSON object, got {type(row).__name__}", line=line, kind="unreadable")
        else:
            _add_row(row, line, builder)


def _table_rows(text: str, fmt: str) -> Iterator[tuple[int, dict[str, Any]]]:
    if fmt == "tsv":  # as `auditor score`: split on tabs, no quoting
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
    else:
        reader = csv.DictReader(io.StringIO(text, newline=""))
    start = 2
    for row in reader:
        yield start, row
        start = reader.line_num + 1


def _read_table(text: str, builder: _FeedBuilder) -> None:
    try:
        for line, row in _table_rows(text, builder.fmt):
            if None in row:
                builder.error("the row has more fields than the header", line=line, kind="unreadable")
            else:
                _add_row(row, line, builder)
    except csv.Error as err:
        raise InputError(f"{builder.path}: malformed {builder.fmt.upper()}: {err}", fix="check the quoting") from None


def _add_row(row: Mapping[Any, Any], line: int, builder: _FeedBuilder) -> None:
    obj = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
    if builder.fmt != "jsonl":  # empty cells are missing values, except an empty MT
        obj = {k: (v if v != "" or k == "mt" else None) for k, v in obj.items()}
    try:
        seg = parse_segment_obj({k: v for k, v in obj.items() if k in _COLUMNS}, line)
    except (ValidationError, LanguageError) as err:
        ident = obj.get("id")
        builder.error(re.sub(r"^line \d+: ", "", err.problem), line=line, item_id=str(ident) if ident else None)
        return
    builder.add(
        seg.id,
        line,
        mt=seg.mt,
        src=seg.src,
        ref=seg.ref,
        src_lang=seg.src_lang,
        tgt_lang=seg.tgt_lang,
        source_key=seg.id,
    )


# --- XML --------------------------------------------------------------------------------------------------------


class _PositionBuilder(TreeBuilder):
    """A tree builder that remembers the (line, column) of each element's start tag."""

    def __init__(self) -> None:
        super().__init__()
        self.positions: dict[Element, tuple[int, int]] = {}
        self.parser: DefusedXMLParser | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        elem = super().start(tag, attrs)
        if self.parser is not None:
            expat = self.parser.parser
            self.positions[elem] = (expat.CurrentLineNumber, expat.CurrentColumnNumber + 1)
        return elem


def parse_xml(data: bytes, path: str) -> tuple[Element, dict[Element, tuple[int, int]]]:
    """Parse XML safely (no entity declarations, no external references); element -> (line, column)."""
    builder = _PositionBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except ParseError as err:
        line, column = err.position
        message = str(err).split(":")[0]
        raise InputError(
            f"{path}:{line}:{column + 1}: malformed XML ({message}) at line {line}, column {column + 1}",
            fix="fix the XML (an unescaped & or < is a common cause)",
        ) from None
    except DefusedXmlException as err:
        raise InputError(
            f"{path}: unsafe XML refused ({type(err).__name__}: {err})",
            fix="remove entity declarations and external references from the feed",
        ) from None
    return root, builder.positions


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(elem: Element, name: str) -> list[Element]:
    return [c for c in elem if _local(c.tag) == name]


def _child(elem: Element, name: str) -> Element | None:
    found = _children(elem, name)
    return found[0] if found else None


def _iter(elem: Element, name: str) -> Iterator[Element]:
    return (e for e in elem.iter() if isinstance(e.tag, str) and _local(e.tag) == name)


_INLINE_CODES = {"bpt", "ept", "ph", "it", "ut", "sub"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _text(elem: Element | None) -> str | None:
    """Text of an element without inline native codes (XLIFF/TMX `<ph>`, `<bpt>`...); `<cp hex>` decoded."""
    if elem is None:
        return None
    parts = [elem.text or ""]
    for child in elem:
        name = _local(child.tag) if isinstance(child.tag, str) else ""
        if name == "cp" and child.get("hex"):
            parts.append(chr(int(child.get("hex", "0"), 16)))
        elif name not in _INLINE_CODES:
            parts.append(_text(child) or "")
        parts.append(child.tail or "")
    return "".join(parts).strip()


def _read_xliff(root: Element, pos: dict[Element, tuple[int, int]], builder: _FeedBuilder) -> None:
    if _local(root.tag) != "xliff":
        raise InputError(f"{builder.path}: root element is <{_local(root.tag)}>, not <xliff>", fix="pass --format")
    if root.get("version", "").startswith("2"):
        _read_xliff2(root, pos, builder)
        return
    for file_elem in _iter(root, "file"):
        src_lang, tgt_lang = file_elem.get("source-language"), file_elem.get("target-language")
        for unit in _iter(file_elem, "trans-unit"):
            line, column = pos.get(unit, (0, 1))
            item_id = unit.get("id") or f"L{line}"
            if unit.get("translate") == "no":
                continue
            ref = None
            for alt in _children(unit, "alt-trans"):
                if alt.get("origin") == "reference":
                    ref = _text(_child(alt, "target"))
            target = _child(unit, "target")
            builder.add(
                item_id,
                line,
                mt=_text(target),
                src=_text(_child(unit, "source")),
                ref=ref,
                src_lang=src_lang,
                tgt_lang=(target.get(XML_LANG) if target is not None else None) or tgt_lang,
                source_key=item_id,
                column=column,
            )


def _read_xliff2(root: Element, pos: dict[Element, tuple[int, int]], builder: _FeedBuilder) -> None:
    src_lang, tgt_lang = root.get("srcLang"), root.get("trgLang")
    for unit in _iter(root, "unit"):
        line, column = pos.get(unit, (0, 1))
        item_id = unit.get("id") or f"L{line}"
        parts = [p for p in unit if _local(p.tag) in ("segment", "ignorable")]
        sources = [_text(_child(p, "source")) or "" for p in parts]
        targets = [_text(_child(p, "target")) for p in parts if _local(p.tag) == "segment"]
        mt = None if not targets or any(t is None for t in targets) else " ".join(t for t in targets if t)
        ref = None
        notes = _child(unit, "notes")
        for note in _children(notes, "note") if notes is not None else []:
            if note.get("category") == "reference":
                ref = _text(note)
        builder.add(
            item_id,
            line,
            mt=mt,
            src=" ".join(s for s in sources if s) or None,
            ref=ref,
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            source_key=item_id,
            column=column,
        )


def _read_tmx(root: Element, pos: dict[Element, tuple[int, int]], builder: _FeedBuilder) -> None:
    if _local(root.tag) != "tmx":
        raise InputError(f"{builder.path}: root element is <{_local(root.tag)}>, not <tmx>", fix="pass --format")
    header = _child(root, "header")
    srclang = (header.get("srclang") if header is not None else None) or "*all*"
    for tu in _iter(root, "tu"):
        line, column = pos.get(tu, (0, 1))
        item_id = tu.get("tuid") or f"L{line}"
        roles: dict[str, tuple[str | None, str | None]] = {}
        rest: list[tuple[str | None, str | None]] = []
        for tuv in _children(tu, "tuv"):
            lang = tuv.get(XML_LANG) or tuv.get("lang")
            text = _text(_child(tuv, "seg"))
            role = next((p.text for p in _children(tuv, "prop") if p.get("type") == "x-auditor-role"), None)
            if role in ("source", "mt", "reference") and role not in roles:
                roles[role] = (text, lang)
            elif "source" not in roles and srclang != "*all*" and lang and lang.lower() == srclang.lower():
                roles["source"] = (text, lang)
            else:
                rest.append((text, lang))
        for role in ("source", "mt", "reference"):
            if role not in roles and rest:
                if role == "reference" and "mt" in roles and rest[0][1] != roles["mt"][1]:
                    break
                roles[role] = rest.pop(0)
        src, mt, ref = (roles.get(r, (None, None)) for r in ("source", "mt", "reference"))
        builder.add(item_id, line, mt=mt[0], src=src[0], ref=ref[0], src_lang=src[1], tgt_lang=mt[1], column=column)


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _strip_html(text: str | None) -> str | None:
    if text is None or "<" not in text:
        return html.unescape(text).strip() if text else text
    parser = _TextOnly()
    parser.feed(text)
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def _auditor_fields(item: Element) -> tuple[str | None, str | None, str | None, str | None]:
    """(inline source, its language, the id of a linked source, reference) from the auditor namespace."""
    source = item.find(f"{{{AUDITOR_NS}}}source")
    link = item.find(f"{{{AUDITOR_NS}}}source-id")
    ref = item.find(f"{{{AUDITOR_NS}}}reference")
    src_text = _text(source) if source is not None and source.get("ref") is None else None
    key = (source.get("ref") if source is not None else None) or (_text(link) if link is not None else None)
    return src_text or None, source.get("lang") if source is not None else None, key, _text(ref)


def _read_rss(root: Element, pos: dict[Element, tuple[int, int]], builder: _FeedBuilder) -> None:
    if _local(root.tag) != "rss":
        raise InputError(f"{builder.path}: root element is <{_local(root.tag)}>, not <rss>", fix="pass --format")
    for channel in _children(root, "channel"):
        tgt_lang = _text(_child(channel, "language"))
        channel_src = channel.find(f"{{{AUDITOR_NS}}}source-language")
        for item in _children(channel, "item"):
            line, column = pos.get(item, (0, 1))
            guid = _text(_child(item, "guid"))
            item_id = guid or _text(_child(item, "link")) or f"L{line}"
            src, src_lang, key, ref = _auditor_fields(item)
            body = _child(item, "description")
            mt = _strip_html((body.text or "") if body is not None else _text(_child(item, "title")))
            builder.add(
                item_id,
                line,
                mt=mt,
                src=_strip_html(src),
                ref=_strip_html(ref),
                src_lang=src_lang or _text(channel_src),
                tgt_lang=tgt_lang,
                source_key=key or item_id,
                column=column,
            )


def _read_atom(root: Element, pos: dict[Element, tuple[int, int]], builder: _FeedBuilder) -> None:
    if _local(root.tag) != "feed":
        raise InputError(f"{builder.path}: root element is <{_local(root.tag)}>, not <feed>", fix="pass --format")
    feed_lang = root.get(XML_LANG)
    feed_src = root.find(f"{{{AUDITOR_NS}}}source-language")
    for entry in _children(root, "entry"):
        line, column = pos.get(entry, (0, 1))
        item_id = _text(_child(entry, "id")) or f"L{line}"
        src, src_lang, key, ref = _auditor_fields(entry)
        body = _child(entry, "content")
        if body is None:
            body = _child(entry, "summary")
        raw = _text(body) if body is not None and body.get("type", "text") == "text" else None
        if body is not None and body.get("type") in ("html", "xhtml"):
            raw = _strip_html(body.text if body.get("type") == "html" else "".join(body.itertext()))
        mt = raw if body is not None else _text(_child(entry, "title"))
        lang = entry.get(XML_LANG) or feed_lang
        builder.add(
            item_id,
            line,
            mt=mt,
            src=_strip_html(src),
            ref=_strip_html(ref),
            src_lang=src_lang or _text(feed_src),
            tgt_lang=lang,
            source_key=key or item_id,
            column=column,
        )


_XML_READERS: dict[str, Callable[[Element, dict[Element, tuple[int, int]], _FeedBuilder], None]] = {
    "xliff": _read_xliff,
    "tmx": _read_tmx,
    "rss": _read_rss,
    "atom": _read_atom,
}

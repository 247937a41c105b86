"""The reports of `auditor check`: SARIF against its schema, JUnit, GitHub annotations and summary, HTML."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from test_feedcheck_support import ITEMS, FakeAuditor, fake

from auditor.cli import EXIT_UNREADABLE, main
from auditor.feedcheck.feeds import FeedItem
from auditor.feedcheck.reports.github import annotation
from auditor.feedcheck.reports.html import highlight
from auditor.feedcheck.reports.location import Locator, Region
from auditor.types import Category, Finding, Segment, Severity, Span

__all__ = ["fake"]

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "auditor" / "data" / "schemas" / "sarif-2.1.0-subset.schema.json"
BAD_ITEMS = [
    *ITEMS[:2],
    ("n3", "Il sindaco ha parlato per 5 minuti.", "The mayor spoke for 15 minutes, then left."),
    ("n4", "Domenica si corre la maratona.", "The marathon is on Sunday. [score=20]"),
]


def _feeds(tmp_path: Path) -> dict[str, Path]:
    """The same items as JSONL, XLIFF 1.2 and RSS (with HTML in the description)."""
    jsonl = tmp_path / "items.jsonl"
    jsonl.write_text(
        "".join(
            json.dumps({"id": i, "src": s, "mt": m, "src_lang": "it", "tgt_lang": "en"}) + "\n" for i, s, m in BAD_ITEMS
        )
    )
    units = "".join(
        f'\n    <trans-unit id="{i}">\n      <source>{s}</source>\n      <target>{m}</target>\n    </trans-unit>'
        for i, s, m in BAD_ITEMS
    )
    xlf = tmp_path / "items.xlf"
    xlf.write_text(
        f'<xliff version="1.2"><file source-language="it" target-language="en"><body>{units}\n</body></file></xliff>'
    )
    entries = "".join(
        f'\n<item><guid>{i}</guid><description>&lt;p&gt;{m}&lt;/p&gt;</description><auditor:source lang="it">{s}'
        "</auditor:source></item>"
        for i, s, m in BAD_ITEMS
    )
    rss = tmp_path / "items.rss"
    rss.write_text(
        '<rss version="2.0" xmlns:auditor="urn:auditor:feed:1"><channel><language>en</language>'
        f"{entries}\n</channel></rss>"
    )
    return {"jsonl": jsonl, "xliff": xlf, "rss": rss}


@pytest.fixture
def reports(tmp_path: Path, fake: FakeAuditor, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    feeds = _feeds(tmp_path)
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "z", "src": "Zeta.", "mt": "Zeta."}\n{oops\n')
    out = {k: tmp_path / f"report.{k}" for k in ("sarif", "junit", "html", "md", "step")}
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(out["step"]))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main,
        [
            "check",
            *(p.name for p in feeds.values()),
            broken.name,
            "--min-segment-overall",
            "30",
            "--sarif",
            str(out["sarif"]),
            "--junit",
            str(out["junit"]),
            "--html",
            str(out["html"]),
            "--summary",
            str(out["md"]),
            "--github-annotations",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == EXIT_UNREADABLE, result.output
    (tmp_path / "stdout.txt").write_text(result.output)
    return {**out, "stdout": tmp_path / "stdout.txt", **feeds, "broken": broken}


def test_sarif_validates_and_locates_spans(reports: dict[str, Path]) -> None:
    log = json.loads(reports["sarif"].read_text())
    jsonschema.Draft7Validator(json.loads(SCHEMA.read_text())).validate(log)
    (run,) = log["runs"]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    findings = [r for r in run["results"] if r["ruleId"] == "numbers"]
    # n3 has one changed number ("15") in each of the three feeds
    assert len(findings) == 3
    for result in findings:
        assert rules[result["ruleIndex"]] == result["ruleId"]
        loc = result["locations"][0]
        region = loc["physicalLocation"]["region"]
        text = Path(loc["physicalLocation"]["artifactLocation"]["uri"]).read_text()
        assert text[region["charOffset"] : region["charOffset"] + region["charLength"]] == "15"
        line = text.splitlines()[region["startLine"] - 1]
        assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == "15"
        assert loc["logicalLocations"][0]["name"] == "n3"
        assert result["level"] == "error" and result["properties"]["span"]["text"] == "15"
    gate = {r["ruleId"] for r in run["results"]} - {"numbers"}
    assert gate == {"gate/item-threshold", "input/unreadable"}
    assert run["columnKind"] == "unicodeCodePoints"


def test_sarif_schema_rejects_bad_logs() -> None:
    validator = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text()))
    assert not validator.is_valid({"version": "2.0.0", "runs": []})
    bad_region = {
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "level": "fatal"}]}],
    }
    assert not validator.is_valid(bad_region)


def test_junit_one_case_per_item(reports: dict[str, Path]) -> None:
    root = ET.parse(reports["junit"]).getroot()
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"items.jsonl", "items.xlf", "items.rss", "broken.jsonl", "auditor gate"}
    for name in ("items.jsonl", "items.xlf", "items.rss"):
        cases = suites[name].findall("testcase")
        assert [c.get("name") for c in cases] == ["n1", "n2", "n3", "n4"]
        failed = [c.get("name") for c in cases if c.find("failure") is not None]
        assert failed == ["n3", "n4"]
        assert suites[name].get("tests") == "4" and suites[name].get("failures") == "2"
        assert all(c.get("line") for c in cases)
    broken = suites["broken.jsonl"].findall("testcase")
    assert [c.find("error") is not None for c in broken] == [False, True]
    assert int(root.get("tests", "0")) == sum(int(s.get("tests", "0")) for s in suites.values())


def test_github_annotations_and_summary(reports: dict[str, Path]) -> None:
    lines = [line for line in reports["stdout"].read_text().splitlines() if line.startswith("::")]
    assert any(
        line.startswith("::error file=items.jsonl,line=3,col=") and "title=numbers [critical] item n3" in line
        for line in lines
    )
    assert any(line.startswith("::error file=broken.jsonl,line=2") for line in lines)
    md = reports["md"].read_text()
    assert md.startswith("## Translation quality gate: ❌ failed")
    assert "| `items.xlf` | xliff | 4 | 0 |" in md and "### Input errors (1)" in md
    assert reports["step"].read_text() == md  # appended to $GITHUB_STEP_SUMMARY


def test_annotation_escaping() -> None:
    line = annotation("warning", "50% off\nnow", file="a,b:c.jsonl", region=Region(3, 4, 3, 9), title="x, y")
    assert line == "::warning file=a%2Cb%3Ac.jsonl,line=3,col=4,endColumn=9,title=x%2C y::50%25 off%0Anow"


def test_highlight_overlaps_and_escapes() -> None:
    text = "Costs <5> and 40 euros"
    f1 = Finding("a", Category.MISTRANSLATION, Severity.MINOR, Span.of(text, 6, 16), "m1")
    f2 = Finding("b", Category.MISTRANSLATION, Severity.CRITICAL, Span.of(text, 14, 16), "m2 <x>")
    out = highlight(text, [f1, f2])
    assert out.startswith('Costs <mark class="sev-minor" data-check="a" title="a (minor): m1">&lt;5&gt; and </mark>')
    assert (
        '<mark class="sev-critical" data-check="b" title="a (minor): m1; b (critical): m2 &lt;x&gt;">40</mark>' in out
    )
    assert out.endswith(" euros")


def test_html_is_self_contained(reports: dict[str, Path]) -> None:
    html = reports["html"].read_text()
    assert '<mark class="sev-critical" data-check="numbers"' in html
    assert "<svg" in html and 'class="bar"' in html
    assert "<script" not in html and "<link" not in html and "src=" not in html and "url(" not in html


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tempfile.mkdtemp(prefix="auditor-chromium-")
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        *args,
    ]
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": profile})
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_html_renders_in_headless_chromium(reports: dict[str, Path], tmp_path: Path) -> None:
    url = reports["html"].resolve().as_uri()
    dom = _chromium("--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert '<mark class="sev-critical" data-check="numbers"' in dom.stdout
    assert "Translation quality gate" in dom.stdout
    shot = tmp_path / "out.png"
    proc = _chromium(f"--screenshot={shot}", "--window-size=1200,900", url)
    assert shot.exists() and shot.stat().st_size > 5000, proc.stderr[-2000:]
    _assert_not_blank(shot.read_bytes())


def _assert_not_blank(png: bytes) -> None:
    """Decode the PNG (stdlib only) and check that it has many distinct colours, among them the highlight red."""
    import struct
    import zlib

    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], b""
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        data = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = data
        elif kind == b"IDAT":
            chunks.append(data)
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6)
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        ftype, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b, c = prev[x], prev[x - channels] if x >= channels else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 255
            elif ftype == 2:
                line[x] = (line[x] + b) & 255
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    colours = {row[x : x + 3] for row in rows[::4] for x in range(0, stride, channels * 4)}
    assert len(colours) > 20, "the screenshot is (nearly) blank"
    # the critical highlight background (#ffd7d5) or its red outline appears somewhere
    assert any(c[0] > 200 and c[1] < 120 and c[2] < 120 for c in colours) or bytes((0xFF, 0xD7, 0xD5)) in colours


# --- properties ----------------------------------------------------------------------------------------------------

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(text=_TEXT, data=st.data(), ascii_only=st.booleans())
def test_located_span_is_the_span_or_the_item_line(text: str, data: st.DataObject, ascii_only: bool) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    lines = [
        json.dumps({"id": "a", "src": "x", "mt": "filler"}),
        json.dumps({"id": "b", "src": "y", "mt": text}, ensure_ascii=ascii_only),
    ]
    raw = "\n".join(lines) + "\n"
    item = FeedItem(Segment("b", text, "y"), 2)
    finding = Finding("c", Category.MISTRANSLATION, Severity.MINOR, Span.of(text, start, end), "m")
    region = Locator({"f": raw}).finding("f", item, item.segment, finding)
    if region.char_offset is None:
        assert (region.start_line, region.start_column) == (2, 1)
    else:
        assert raw[region.char_offset : region.char_offset + region.char_length] == text[start:end]
        assert region.start_line == 2


@settings(max_examples=150, deadline=None)
@given(text=_TEXT, data=st.data())
def test_highlight_keeps_the_text(text: str, data: st.DataObject) -> None:
    import html as html_lib
    import re

    spans = []
    for _ in range(data.draw(st.integers(0, 4))):
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        severity = data.draw(st.sampled_from(list(Severity)))
        spans.append(Finding("c", Category.MISTRANSLATION, severity, Span.of(text, start, end), "m"))
    out = highlight(text, spans)
    assert html_lib.unescape(re.sub(r"<[^>]*>", "", out)) == text
    assert out.count("<mark") == out.count("</mark>")

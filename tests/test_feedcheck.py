"""`auditor check`: feed readers, configuration, the gate's exit codes, baselines and the cache."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from test_feedcheck_support import ITEMS, FakeAuditor, fake, jsonl_feed

from auditor.cli import EXIT_CONFIG, EXIT_GATE_FAILED, EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE, main
from auditor.errors import ConfigError, InputError
from auditor.feedcheck.config import STARTER_CONFIG, load_config, parse_config
from auditor.feedcheck.feeds import detect_format, read_feed, read_sources

__all__ = ["fake"]  # the fixture, imported for the tests below

ROOT = Path(__file__).resolve().parent.parent
FEEDS = ROOT / "corpora" / "feeds"
FORMAT_FILES = ["news.jsonl", "news.csv", "news.tsv", "news.xlf", "news-v2.xlf", "news.tmx", "news.rss", "news.atom"]


def run_check(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)


# --- readers ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FORMAT_FILES)
def test_every_format_reads_the_same_items(name: str) -> None:
    sources = read_sources(FEEDS / "news.sources.jsonl")
    feed = read_feed(FEEDS / name, sources=sources)
    reference = read_feed(FEEDS / "news.jsonl")
    assert feed.errors == ()
    assert [(i.segment.id.rsplit(":", 1)[-1], i.segment.mt, i.segment.src) for i in feed.items] == [
        (i.segment.id, i.segment.mt, i.segment.src) for i in reference.items
    ]
    assert {(i.segment.src_lang, i.segment.tgt_lang) for i in feed.items} == {("it", "en")}
    # every item's line is the line where it starts
    lines = feed.text.splitlines()
    for item in feed.items:
        assert item.segment.id.rsplit(":", 1)[-1] in lines[item.line - 1] or name.endswith((".rss", ".atom", ".tmx"))


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.jsonl", "jsonl"), ("a.CSV", "csv"), ("a.xliff", "xliff"), ("a.tmx", "tmx"), ("a.atom", "atom")],
)
def test_format_from_extension(name: str, fmt: str) -> None:
    assert detect_format(name) == fmt


def test_xml_format_sniffed_from_root() -> None:
    assert detect_format("feed.xml", b'<?xml version="1.0"?>\n<rss version="2.0">') == "rss"
    with pytest.raises(InputError, match="cannot tell"):
        detect_format("feed.txt", b"hello")


def test_malformed_xml_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlf"
    path.write_text('<xliff version="1.2">\n<file>\n<body><trans-unit id="1"></file>\n</xliff>\n')
    with pytest.raises(InputError, match=r"bad.xlf:3:\d+: malformed XML .*line 3, column \d+"):
        read_feed(path)


@pytest.mark.parametrize(
    "doc",
    [
        '<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><rss version="2.0"><channel>&b;</channel></rss>',
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel>&e;</channel></rss>',
    ],
)
def test_entity_expansion_and_external_entities_refused(tmp_path: Path, doc: str) -> None:
    path = tmp_path / "evil.rss"
    path.write_text(doc)
    with pytest.raises(InputError, match="unsafe XML refused"):
        read_feed(path)


def test_bad_items_are_reported_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"id": "a", "src": "Uno.", "mt": "One."}\n'
        "{not json\n"
        '{"id": "c", "src": "Tre."}\n'
        '{"id": "a", "src": "Quattro.", "mt": "Four."}\n'
        '{"id": "e", "mt": "Five."}\n'
        '{"id": "f", "src": "Sei.", "mt": "Six.", "tgt_lang": "klingon"}\n'
        "[1, 2]\n",
        encoding="utf-8",
    )
    feed = read_feed(path)
    assert [i.segment.id for i in feed.items] == ["a"]
    got = [(e.line, e.kind, e.item_id) for e in feed.errors]
    assert got == [
        (2, "unreadable", None),
        (3, "invalid", "c"),
        (4, "invalid", "a"),
        (5, "invalid", "e"),
        (6, "invalid", "f"),
        (7, "unreadable", None),
    ]
    assert "duplicate" in feed.errors[2].message
    assert "neither a source nor a reference" in feed.errors[3].message


def test_csv_row_with_extra_field_and_multiline_cell(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text('id,src,mt\n1,"Riga uno\ncontinua.","Line one\ngoes on."\n2,Due.,Two.,extra\n3,Tre.,Three.\n')
    feed = read_feed(path)
    assert [(i.segment.id, i.line) for i in feed.items] == [("1", 2), ("3", 6)]
    assert [(e.line, e.kind) for e in feed.errors] == [(5, "unreadable")]


def test_tmx_roles_and_xliff_inline_codes(tmp_path: Path) -> None:
    tmx = tmp_path / "t.tmx"
    tmx.write_text(
        '<tmx version="1.4"><header srclang="*all*"/><body><tu tuid="7">'
        '<tuv xml:lang="en"><prop type="x-auditor-role">mt</prop><seg>Good <ph>&lt;b&gt;</ph>news.</seg></tuv>'
        '<tuv xml:lang="it"><prop type="x-auditor-role">source</prop><seg>Buone notizie.</seg></tuv>'
        "</tu></body></tmx>"
    )
    (item,) = read_feed(tmx).items
    assert (item.segment.mt, item.segment.src, item.segment.src_lang, item.segment.tgt_lang) == (
        "Good news.",
        "Buone notizie.",
        "it",
        "en",
    )
    xlf = tmp_path / "x.xlf"
    xlf.write_text(
        '<xliff version="1.2"><file source-language="de" target-language="en"><body>'
        '<trans-unit id="u1"><source>Hallo <x id="1"/>Welt</source><target>Hello <g id="2">world</g></target>'
        '</trans-unit><trans-unit id="u2" translate="no"><source>X</source></trans-unit>'
        '<trans-unit id="u3"><source>Ohne Ziel</source></trans-unit></body></file></xliff>'
    )
    feed = read_feed(xlf)
    assert [(i.segment.id, i.segment.mt) for i in feed.items] == [("u1", "Hello world")]
    assert [(e.item_id, e.message) for e in feed.errors] == [("u3", "the item has no machine translation")]


def test_rss_links_missing_source_reported(tmp_path: Path) -> None:
    rss = tmp_path / "f.rss"
    rss.write_text(
        '<rss version="2.0" xmlns:auditor="urn:auditor:feed:1"><channel><language>en-gb</language>'
        "<item><guid>g1</guid><description>&lt;p&gt;Fresh &lt;b&gt;bread&lt;/b&gt; daily.&lt;/p&gt;</description>"
        '<auditor:source ref="s1"/></item>'
        "<item><guid>g2</guid><description>Orphan.</description></item></channel></rss>"
    )
    feed = read_feed(rss, sources={"s1": ("Pane fresco ogni giorno.", "it")})
    (item,) = feed.items
    assert (item.segment.mt, item.segment.src, item.segment.src_lang, item.segment.tgt_lang) == (
        "Fresh bread daily.",
        "Pane fresco ogni giorno.",
        "it",
        "en",
    )
    assert feed.errors[0].item_id == "g2" and "no source with id 'g2'" in feed.errors[0].message


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_feed(tmp_path / "nope.jsonl")
    bad = tmp_path / "latin.jsonl"
    bad.write_bytes('{"id": "1", "src": "caff\xe8", "mt": "coffee"}\n'.encode("latin-1"))
    with pytest.raises(InputError, match=r"latin\.jsonl:1: not valid UTF-8"):
        read_feed(bad)


# --- configuration ---------------------------------------------------------------------------------------------


def test_starter_config_is_valid() -> None:
    import tomllib

    cfg = parse_config(tomllib.loads(STARTER_CONFIG))
    assert cfg.thresholds.min_segment_overall == 30
    assert cfg.thresholds.max_findings == {"critical": 0, "major": 25}
    assert cfg.pairs == ("it-en",)
    assert cfg.auditor.token_encoder == "none"
    with_tokens = parse_config(
        tomllib.loads(STARTER_CONFIG.replace('token_encoder = "none"', 'token_encoder = "e5-small"'))
    )
    assert with_tokens.auditor.token_encoder == "e5-small"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("colour = 1", "unknown key `colour`"),
        ("[thresholds]\nmin_segment_overal = 3", "unknown key `thresholds.min_segment_overal`.*min_segment_overall"),
        ("[thresholds.checks.numbers]\nmax_finding = 1", "unknown key `thresholds.checks.numbers.max_finding`"),
        ("[thresholds]\nmin_segment_overall = 'high'", "must be int or float"),
        ("[thresholds]\nmin_segment_overall = 130", "outside 0-100"),
        ("[checks.severity]\nnumbers = 'huge'", "not a severity"),
        ("[languages]\npairs = ['italian']", "not SRC-TGT"),
        ("[thresholds.checks.numbrs]\nmax_findings = 1", "unknown check.*numbrs"),
    ],
)
def test_config_errors_name_the_key(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "auditor.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_pyproject_tool_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.auditor.thresholds]\nmin_document_overall = 55\n'
    )
    (tmp_path / "sub").mkdir()
    cfg = load_config(search_from=tmp_path / "sub")
    assert cfg.thresholds.min_document_overall == 55
    assert cfg.path == str(tmp_path / "pyproject.toml")


def test_init_writes_then_refuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    first = run_check("--init")
    assert first.exit_code == EXIT_OK and (tmp_path / "auditor.toml").read_text() == STARTER_CONFIG
    second = run_check("--init")
    assert second.exit_code == EXIT_CONFIG
    assert "already exists" in second.output


# --- the gate's exit codes ---------------------------------------------------------------------------------------


def test_pass(tmp_path: Path, fake: FakeAuditor) -> None:
    feed = jsonl_feed(tmp_path / "ok.jsonl")
    result = run_check(str(feed), "--min-segment-overall", "50")
    assert result.exit_code == EXIT_OK, result.output
    assert "auditor check passed: 4 items in 1 feeds" in result.output


def test_fail_on_segment_threshold_and_critical_finding(tmp_path: Path, fake: FakeAuditor) -> None:
    items = [
        *ITEMS[:2],
        ("n3", "Il sindaco ha parlato.", "The mayor spoke. [score=20]"),
        ("n4", "Costa 5 euro.", "It costs 50 euros."),
    ]
    feed = jsonl_feed(tmp_path / "bad.jsonl", items)
    result = run_check(str(feed), "--min-segment-overall", "30")
    assert result.exit_code == EXIT_GATE_FAILED
    assert "bad.jsonl:3 item n3: overall score 20.0 is below the minimum 30" in result.output
    assert "bad.jsonl:4 item n4: critical finding numbers" in result.output


def test_fail_on_document_and_count_thresholds(tmp_path: Path, fake: FakeAuditor) -> None:
    (tmp_path / "auditor.toml").write_text(
        "[thresholds]\nmin_document_overall = 89\nfail_on_severity = 'none'\n"
        "[thresholds.max_findings]\ncritical = 0\n[thresholds.checks.numbers]\nmax_findings = 0\n"
    )
    feed = jsonl_feed(tmp_path / "f.jsonl", [*ITEMS[:3], ("n4", "Costa 5 euro.", "It costs 50 euros.")])
    result = run_check(str(feed), "--config", str(tmp_path / "auditor.toml"))
    assert result.exit_code == EXIT_GATE_FAILED
    assert "feed overall score" in result.output
    assert "1 critical findings, more than the 0 allowed" in result.output
    assert "1 findings of check numbers, more than the 0 allowed" in result.output


def test_ignored_check_does_not_count(tmp_path: Path, fake: FakeAuditor) -> None:
    (tmp_path / "auditor.toml").write_text("[thresholds.checks.numbers]\nignore = true\n")
    feed = jsonl_feed(tmp_path / "f.jsonl", [("n4", "Costa 5 euro.", "It costs 50 euros.")])
    result = run_check(str(feed), "--config", str(tmp_path / "auditor.toml"))
    assert result.exit_code == EXIT_OK, result.output


def test_usage_errors(tmp_path: Path, fake: FakeAuditor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run_check().exit_code == EXIT_USAGE  # no feeds anywhere
    assert run_check("x.jsonl", "--min-segment-overall", "200").exit_code == EXIT_USAGE


def test_unreadable_input_still_writes_reports(tmp_path: Path, fake: FakeAuditor) -> None:
    good = jsonl_feed(tmp_path / "good.jsonl")
    bad = tmp_path / "broken.xlf"
    bad.write_text('<xliff version="1.2"><file>\n<body>\n</xliff>')
    junit = tmp_path / "out.xml"
    result = run_check(str(good), str(bad), "--junit", str(junit))
    assert result.exit_code == EXIT_UNREADABLE
    assert "broken.xlf:3:" in result.output and "malformed XML" in result.output
    assert junit.exists()


def test_invalid_item_exit_4(tmp_path: Path, fake: FakeAuditor) -> None:
    feed = tmp_path / "f.jsonl"
    feed.write_text('{"id": "1", "src": "Uno.", "mt": "One."}\n{"id": "2", "mt": "Two."}\n')
    result = run_check(str(feed))
    assert result.exit_code == EXIT_INVALID
    assert "f.jsonl:2 (item 2): the item has neither a source nor a reference" in result.output


def test_pipeline_rejection_isolated_to_its_item(tmp_path: Path, fake: FakeAuditor) -> None:
    feed = jsonl_feed(tmp_path / "f.jsonl", [*ITEMS, ("bad", "Rifiuto.", "<<reject>>")])
    out = tmp_path / "r.json"
    result = run_check(str(feed), "--json", str(out))
    assert result.exit_code == EXIT_INVALID
    report = json.loads(out.read_text())
    assert [i["id"] for i in report["items"]] == ["n1", "n2", "n3", "n4"]
    assert report["input_errors"][0]["item_id"] == "bad"


def test_language_pair_not_allowed(tmp_path: Path, fake: FakeAuditor) -> None:
    (tmp_path / "auditor.toml").write_text("[languages]\npairs = ['de-en']\n")
    feed = jsonl_feed(tmp_path / "f.jsonl")
    result = run_check(str(feed), "--config", str(tmp_path / "auditor.toml"))
    assert result.exit_code == EXIT_INVALID
    assert "language pair it-en is not one of de-en" in result.output


def test_config_error_exit_5(tmp_path: Path, fake: FakeAuditor) -> None:
    (tmp_path / "auditor.toml").write_text("[thresholds]\nmax_segment = 1\n")
    result = run_check(str(jsonl_feed(tmp_path / "f.jsonl")), "--config", str(tmp_path / "auditor.toml"))
    assert result.exit_code == EXIT_CONFIG
    assert "unknown key `thresholds.max_segment`" in result.output


def test_crash_is_not_a_gate_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.feedcheck.cli import EXIT_INTERNAL

    class Broken(FakeAuditor):
        def signature(self) -> dict[str, object]:
            raise ValueError("boom")

    monkeypatch.setattr("auditor.feedcheck.cli.build_auditor", lambda config: Broken())
    result = CliRunner().invoke(main, ["check", str(jsonl_feed(tmp_path / "f.jsonl"))])
    assert result.exit_code == EXIT_INTERNAL
    assert "ValueError: boom" in result.output and "internal error" in result.output


def test_directories_and_ignore_globs(tmp_path: Path, fake: FakeAuditor) -> None:
    (tmp_path / "feeds" / "drafts").mkdir(parents=True)
    jsonl_feed(tmp_path / "feeds" / "a.jsonl")
    jsonl_feed(tmp_path / "feeds" / "drafts" / "b.jsonl", [("x", "Costa 5 euro.", "It costs 50 euros.")])
    (tmp_path / "feeds" / "notes.txt").write_text("not a feed")
    (tmp_path / "auditor.toml").write_text('feeds = ["feeds"]\nignore = ["feeds/drafts/*"]\n')
    out = tmp_path / "r.json"
    result = run_check("--config", str(tmp_path / "auditor.toml"), "--json", str(out))
    assert result.exit_code == EXIT_OK, result.output
    assert [f["path"].rsplit("/", 1)[-1] for f in json.loads(out.read_text())["feeds"]] == ["a.jsonl"]


# --- baselines ---------------------------------------------------------------------------------------------------


def test_baseline_regressions(tmp_path: Path, fake: FakeAuditor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    items = [("a", "Il treno parte.", "The train leaves. [score=60]"), *ITEMS[1:]]
    jsonl_feed(tmp_path / "f.jsonl", items)
    # absolute thresholds would fail (score 60 < 70); the baseline accepts the current state
    assert run_check("f.jsonl", "--min-segment-overall", "70").exit_code == EXIT_GATE_FAILED
    written = run_check("f.jsonl", "--update-baseline", "--baseline", "base.json")
    assert written.exit_code == EXIT_OK and "wrote baseline base.json (4 items)" in written.output
    schema = json.loads((ROOT / "auditor" / "data" / "schemas" / "baseline.schema.json").read_text())
    import jsonschema

    jsonschema.validate(json.loads((tmp_path / "base.json").read_text()), schema)
    assert not list(tmp_path.glob(".base.json.*"))  # atomic write left no temporary file

    assert run_check("f.jsonl", "--baseline", "base.json", "--min-segment-overall", "70").exit_code == EXIT_OK
    # a drop within the noise margin (5 points) passes
    jsonl_feed(tmp_path / "f.jsonl", [("a", "Il treno parte.", "The train leaves. [score=57]"), *ITEMS[1:]])
    assert run_check("f.jsonl", "--baseline", "base.json").exit_code == EXIT_OK
    # a larger drop fails
    jsonl_feed(tmp_path / "f.jsonl", [("a", "Il treno parte.", "The train leaves. [score=40]"), *ITEMS[1:]])
    result = run_check("f.jsonl", "--baseline", "base.json")
    assert result.exit_code == EXIT_GATE_FAILED
    assert "item a: overall score fell from 60.0 to 40.0" in result.output
    # a new critical finding fails even when scores hold
    jsonl_feed(tmp_path / "f.jsonl", [("a", "Il treno parte.", "The train leaves at 9. [score=60]"), *ITEMS[1:]])
    result = run_check("f.jsonl", "--baseline", "base.json")
    assert result.exit_code == EXIT_GATE_FAILED
    assert "new critical finding numbers" in result.output


def test_existing_critical_finding_is_not_a_regression(tmp_path: Path, fake: FakeAuditor) -> None:
    feed = jsonl_feed(tmp_path / "f.jsonl", [("a", "Costa 5 euro.", "It costs 50 euros."), *ITEMS[1:]])
    base = tmp_path / "b.json"
    assert run_check(str(feed), "--update-baseline", "--baseline", str(base)).exit_code == EXIT_OK
    assert run_check(str(feed)).exit_code == EXIT_GATE_FAILED
    assert run_check(str(feed), "--baseline", str(base)).exit_code == EXIT_OK


def test_missing_or_corrupt_baseline(tmp_path: Path, fake: FakeAuditor) -> None:
    feed = jsonl_feed(tmp_path / "f.jsonl")
    missing = run_check(str(feed), "--baseline", str(tmp_path / "none.json"))
    assert missing.exit_code == EXIT_UNREADABLE and "--update-baseline" in missing.output
    (tmp_path / "bad.json").write_text('{"version": 99}')
    assert run_check(str(feed), "--baseline", str(tmp_path / "bad.json")).exit_code == EXIT_UNREADABLE


# --- the cache ---------------------------------------------------------------------------------------------------


def test_cache_rescores_only_changed_items(tmp_path: Path, fake: FakeAuditor) -> None:
    feed = jsonl_feed(tmp_path / "f.jsonl")
    cache = tmp_path / "c.sqlite"
    out1, out2 = tmp_path / "r1.json", tmp_path / "r2.json"
    assert run_check(str(feed), "--cache", str(cache), "--json", str(out1)).exit_code == EXIT_OK
    assert fake.scored == 4
    assert run_check(str(feed), "--cache", str(cache)).exit_code == EXIT_OK
    assert fake.scored == 4  # nothing changed: nothing scored
    jsonl_feed(feed, [*ITEMS[:3], ("n4", ITEMS[3][1], "On Sunday the city marathon takes place.")])
    result = run_check(str(feed), "--cache", str(cache), "--json", str(out2))
    assert fake.scored == 5 and "scored 1, cached 3" in result.output
    first, second = json.loads(out1.read_text())["items"], json.loads(out2.read_text())["items"]
    assert first[:3] == second[:3]  # cached results are the same as fresh ones
    with sqlite3.connect(cache) as db:
        assert db.execute("SELECT COUNT(*) FROM results").fetchone()[0] == 5


def test_cache_keyed_by_signature(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    feed = jsonl_feed(tmp_path / "f.jsonl")
    cache = str(tmp_path / "c.sqlite")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    for version, expected in (("v1", 4), ("v1", 0), ("v2", 4)):
        instance = FakeAuditor(version=version)
        monkeypatch.setattr("auditor.feedcheck.cli.build_auditor", lambda config, i=instance: i)
        run_check(str(feed), "--cache", cache)
        assert instance.scored == expected


def test_corrupt_cache_is_an_input_error(tmp_path: Path, fake: FakeAuditor) -> None:
    cache = tmp_path / "c.sqlite"
    cache.write_bytes(b"this is not sqlite" * 100)
    result = run_check(str(jsonl_feed(tmp_path / "f.jsonl")), "--cache", str(cache))
    assert result.exit_code == EXIT_UNREADABLE and "delete the cache file" in result.output


def test_config_cache_and_no_cache(tmp_path: Path, fake: FakeAuditor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "auditor.toml").write_text("cache = true\n")
    jsonl_feed(tmp_path / "f.jsonl")
    assert run_check("f.jsonl").exit_code == EXIT_OK
    assert (tmp_path / ".auditor-cache.sqlite").exists()
    assert run_check("f.jsonl", "--no-cache").exit_code == EXIT_OK
    assert fake.scored == 8


# --- a real process ------------------------------------------------------------------------------------------------


def _auditor_cmd() -> list[str]:
    import sys

    return [sys.executable, "-c", "from auditor.cli import main; main()"]


def test_subprocess_exit_codes(tmp_path: Path) -> None:
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    (tmp_path / "auditor.toml").write_text("[gate]\nstrict = true\n")
    proc = subprocess.run(
        [*_auditor_cmd(), "check", "x.jsonl"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == EXIT_CONFIG
    assert "unknown key `gate`" in proc.stderr
    (tmp_path / "auditor.toml").unlink()
    proc = subprocess.run(
        [*_auditor_cmd(), "check"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == EXIT_USAGE


@pytest.mark.slow
def test_subprocess_real_pipeline(tmp_path: Path) -> None:
    """The installed pipeline end to end on the example feed (the planted critical errors fail the gate)."""
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    sarif = tmp_path / "out.sarif"
    proc = subprocess.run(
        [*_auditor_cmd(), "check", str(FEEDS / "news.jsonl"), "--sarif", str(sarif), "--cache", str(tmp_path / "c")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert proc.returncode == EXIT_GATE_FAILED, proc.stderr
    log = json.loads(sarif.read_text())
    assert log["runs"][0]["invocations"][0]["properties"]["items"] == 6
    # the planted problems of corpora/feeds/README.md, each on its item, as errors
    planted = {("tr-102", "numbers"), ("fi-105", "negation"), ("mo-106", "untranslated-segment")}
    found = {
        (loc["logicalLocations"][0]["name"], r["ruleId"])
        for r in log["runs"][0]["results"]
        if r["level"] == "error"
        for loc in r["locations"]
        if loc.get("logicalLocations")
    }
    assert planted <= found, found


# --- integrations --------------------------------------------------------------------------------------------------


def test_action_and_pre_commit_hooks_use_real_flags() -> None:
    yaml = pytest.importorskip("yaml")
    from auditor.feedcheck.cli import check

    flags = {opt for p in check.params for opt in p.opts}
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert {"feeds", "config", "baseline", "sarif", "upload-sarif"} <= set(action["inputs"])
    script = "\n".join(step.get("run", "") for step in action["runs"]["steps"])
    used = {word.strip("()\"'") for word in script.split() if word.strip("()\"'").startswith("--")}
    assert used - {"--disable-pip-version-check"} <= flags
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["auditor-check", "auditor-check-all"]
    assert all(h["entry"].startswith("auditor check") for h in hooks)


def test_tsv_has_no_quoting(tmp_path: Path) -> None:
    path = tmp_path / "f.tsv"
    path.write_text('id\tsrc\tmt\n1\t"Ciao" disse.\t"Hello" he said.\n')
    (item,) = read_feed(path).items
    assert (item.segment.src, item.segment.mt) == ('"Ciao" disse.', '"Hello" he said.')


def test_baseline_from_another_auditor_is_noted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    feed, base = jsonl_feed(tmp_path / "f.jsonl"), tmp_path / "b.json"
    for version, args in (("v1", ["--update-baseline"]), ("v2", [])):
        monkeypatch.setattr("auditor.feedcheck.cli.build_auditor", lambda config, v=version: FakeAuditor(version=v))
        result = run_check(str(feed), "--baseline", str(base), *args)
        assert result.exit_code == EXIT_OK
    assert "changed since the baseline" in result.output

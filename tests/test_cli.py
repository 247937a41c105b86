"""The command line end to end, with the real models: reports, exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import EXIT_CONFIG, EXIT_INVALID, EXIT_UNREADABLE, EXIT_USAGE, main
from auditor.splitting import split_sentences

pytestmark = pytest.mark.slow


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _demo_args(demo_dir: Path, *extra: str) -> list[str]:
    return [
        "audit",
        "--src",
        str(demo_dir / "it.txt"),
        "--mt",
        str(demo_dir / "mt.en.txt"),
        "--ref",
        str(demo_dir / "ref.en.txt"),
        "--src-lang",
        "it",
        "--tgt-lang",
        "en",
        *extra,
    ]


@pytest.fixture(scope="module")
def demo_report(demo_dir: Path) -> dict:  # type: ignore[type-arg]
    code, out, err = _run(*_demo_args(demo_dir, "--format", "json"))
    assert code == 0, err
    return json.loads(out)


def test_demo_report_accounts_for_every_mt_sentence_once(demo_report: dict, demo_dir: Path) -> None:  # type: ignore[type-arg]
    mt_text = (demo_dir / "mt.en.txt").read_text(encoding="utf-8")
    doc = demo_report["documents"][0]
    segments = [s for s in doc["segments"] if s["mt"]["text"]]
    for seg in segments:
        assert mt_text[seg["mt"]["start"] : seg["mt"]["end"]] == seg["mt"]["text"]
    covered = [(s.start, s.end) for s in split_sentences(mt_text, "en")]
    owners = [[seg["id"] for seg in segments if seg["mt"]["start"] <= a and b <= seg["mt"]["end"]] for a, b in covered]
    assert all(len(o) == 1 for o in owners), owners
    starts = [s["mt"]["start"] for s in segments]
    assert starts == sorted(starts)


def test_demo_report_shape_and_languages(demo_report: dict) -> None:  # type: ignore[type-arg]
    assert demo_report["version"] and demo_report["signature"]["auditor"]
    doc = demo_report["documents"][0]
    assert (doc["src_lang"], doc["tgt_lang"]) == ("it", "en")
    for seg in doc["segments"]:
        assert {"id", "mt", "ref", "src", "alignment", "scores", "findings"} <= set(seg)
        assert {"fidelity", "fluency", "overall"} <= set(seg["scores"])
        for finding in seg["findings"]:
            side_text = (
                seg["mt"]["text"] if finding["side"] == "mt" else " ".join(x["text"] for x in seg[finding["side"]])
            )
            span = finding["span"]
            assert side_text[span["start"] : span["end"]] == span["text"]


def test_demo_alignment_has_split_merge_and_unmatched(demo_report: dict) -> None:  # type: ignore[type-arg]
    types = [s["alignment"]["ref"]["type"] for s in demo_report["documents"][0]["segments"] if "ref" in s["alignment"]]
    assert "1-2" in types and "2-1" in types and "1-0" in types


@pytest.mark.parametrize("fmt", ["text", "jsonl", "csv"])
def test_other_formats(demo_dir: Path, fmt: str) -> None:
    code, out, err = _run(*_demo_args(demo_dir, "--format", fmt))
    assert code == 0, err
    if fmt == "text":
        assert "Document doc1" in out and "Iranwhere" in out
    elif fmt == "jsonl":
        lines = [json.loads(line) for line in out.splitlines()]
        assert lines and all(line["document"] == "doc1" for line in lines)
    else:
        assert out.splitlines()[0].startswith("document,id,alignment")


def test_output_file_is_written_atomically(demo_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.json"
    code, _, err = _run(*_demo_args(demo_dir, "--format", "json", "-o", str(target)))
    assert code == 0, err
    assert json.loads(target.read_text(encoding="utf-8"))["documents"]
    assert not list(target.parent.glob("*.part"))


def test_missing_src_and_ref_is_usage_error(demo_dir: Path) -> None:
    code, _, err = _run("audit", "--mt", str(demo_dir / "mt.en.txt"))
    assert code == EXIT_USAGE
    assert "--src" in err


@pytest.mark.parametrize(
    ("content", "expected_code", "needle"),
    [
        (None, EXIT_UNREADABLE, "not found"),
        ("Caffè latte al bar.\n".encode("latin-1"), EXIT_UNREADABLE, "UTF-8"),
        (b"\x00\x01\x02binary\x00", EXIT_UNREADABLE, "binary"),
        (b"  \n\n \n", EXIT_INVALID, "empty"),
    ],
)
def test_bad_mt_files(tmp_path: Path, demo_dir: Path, content: bytes | None, expected_code: int, needle: str) -> None:
    mt = tmp_path / "mt.txt"
    if content is not None:
        mt.write_bytes(content)
    target = tmp_path / "report.json"
    code, _, err = _run("audit", "--mt", str(mt), "--ref", str(demo_dir / "ref.en.txt"), "-o", str(target))
    assert code == expected_code
    assert needle.lower() in err.lower()
    assert err.count("\n") == 1 and "Fix:" in err
    assert not target.exists()


def test_unknown_language_code(demo_dir: Path) -> None:
    code, _, err = _run(*_demo_args(demo_dir)[:-4], "--src-lang", "it", "--tgt-lang", "klingon")
    assert code == EXIT_INVALID
    assert "klingon" in err and "Fix:" in err


def test_unknown_check_is_config_error(demo_dir: Path) -> None:
    code, _, err = _run(*_demo_args(demo_dir, "--disable", "no_such_check"))
    assert code == EXIT_CONFIG
    assert "no_such_check" in err and "auditor checks list" in err


def test_windows_line_endings_give_the_same_report(demo_dir: Path, tmp_path: Path) -> None:
    for name in ("it.txt", "mt.en.txt", "ref.en.txt"):
        text = (demo_dir / name).read_text(encoding="utf-8")
        (tmp_path / name).write_bytes(text.replace("\n", "\r\n\r\n" if name == "ref.en.txt" else "\r\n").encode())
    _, lf, _ = _run(*_demo_args(demo_dir, "--format", "json"))
    _, crlf, _ = _run(*_demo_args(tmp_path, "--format", "json"))
    lf_doc, crlf_doc = json.loads(lf)["documents"][0], json.loads(crlf)["documents"][0]
    assert lf_doc["scores"] == crlf_doc["scores"]
    for a, b in zip(lf_doc["segments"], crlf_doc["segments"], strict=True):
        # the reference's doubled blank lines move its offsets, nothing else
        assert [r["text"] for r in a["ref"]] == [r["text"] for r in b["ref"]]
        a.pop("ref"), b.pop("ref")
        assert a == b


def test_document_in_the_wrong_language_is_flagged(demo_dir: Path) -> None:
    # The Italian source passed as the English MT: the report must say so.
    code, out, err = _run(
        "audit",
        "--mt",
        str(demo_dir / "it.txt"),
        "--ref",
        str(demo_dir / "ref.en.txt"),
        "--tgt-lang",
        "en",
        "--format",
        "json",
    )
    assert code == 0, err
    doc = json.loads(out)["documents"][0]
    assert any("reads as 'it'" in note for note in doc["notes"])


def test_reference_with_no_overlap_is_flagged(tmp_path: Path, demo_dir: Path) -> None:
    ref = tmp_path / "ref.txt"
    ref.write_text(
        "The recipe needs two eggs and a cup of flour.\n\nBake the cake for forty minutes in a hot oven.\n",
        encoding="utf-8",
    )
    code, out, err = _run("audit", "--mt", str(demo_dir / "mt.en.txt"), "--ref", str(ref), "--format", "json")
    assert code == 0, err
    notes = json.loads(out)["documents"][0]["notes"]
    assert any("does not match" in n for n in notes)


def test_huge_article_gets_a_clear_error(tmp_path: Path, demo_dir: Path) -> None:
    mt = tmp_path / "big.txt"
    paragraph = (demo_dir / "mt.en.txt").read_text(encoding="utf-8")
    mt.write_text(paragraph * (5_000_000 // len(paragraph) + 1), encoding="utf-8")
    code, _, err = _run("audit", "--mt", str(mt), "--ref", str(demo_dir / "ref.en.txt"))
    assert code == EXIT_INVALID
    assert "characters" in err and "Fix:" in err


def _write_jsonl(path: Path, rows: list[object]) -> None:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")


def test_score_one_line_per_input_in_order(tmp_path: Path) -> None:
    rows = [
        {
            "id": "a",
            "src": "Il governo ha approvato la legge.",
            "mt": "The government approved the law.",
            "ref": "The government passed the law.",
            "src_lang": "it",
            "tgt_lang": "en",
        },
        {"src": "Sono morte sette persone.", "mt": "Seven people died.", "src_lang": "it", "tgt_lang": "en"},
        {"id": "c", "src": "Piove.", "mt": "", "ref": "It is raining.", "src_lang": "it", "tgt_lang": "en"},
    ]
    source = tmp_path / "in.jsonl"
    _write_jsonl(source, rows)
    code, out, err = _run("score", "--input", str(source), "--batch-size", "2")
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["id"] for line in lines] == ["a", "2", "c"]
    for line in lines:
        assert {"fidelity", "fluency", "overall"} <= set(line["scores"])
        assert isinstance(line["findings"], list)
    assert lines[2]["scores"]["fidelity"] < lines[0]["scores"]["fidelity"]


def test_score_with_the_token_encoder(tmp_path: Path) -> None:
    rows = [
        {
            "id": "good",
            "mt": "The government approved the law on Monday.",
            "ref": "The government passed the law on Monday.",
        },
        {
            "id": "dropped",
            "mt": "The government approved on Monday.",
            "ref": "The government passed the law on Monday.",
        },
        {"id": "no-ref", "src": "Piove.", "mt": "It is raining.", "src_lang": "it"},
    ]
    source = tmp_path / "in.jsonl"
    _write_jsonl(source, rows)
    code, out, err = _run("score", "--input", str(source), "--tgt-lang", "en", "--token-encoder", "e5-small")
    assert code == 0, err
    good, dropped, no_ref = (json.loads(line) for line in out.splitlines())
    assert good["scores"]["token_f"] > dropped["scores"]["token_f"]
    assert "token_f" not in no_ref["scores"]
    code, _, err = _run("score", "--input", str(source), "--token-encoder", "bert")
    assert code == 2 and "bert" in err


@pytest.mark.parametrize(
    ("bad_line", "expected_code"),
    [("{not json", EXIT_UNREADABLE), (json.dumps({"src": "Ciao.", "src_lang": "it"}), EXIT_INVALID)],
)
def test_score_bad_line_fails_without_partial_output(tmp_path: Path, bad_line: str, expected_code: int) -> None:
    source = tmp_path / "in.jsonl"
    good = {"src": "Ciao a tutti.", "mt": "Hello everyone.", "src_lang": "it", "tgt_lang": "en"}
    _write_jsonl(source, [good, good, bad_line])
    target = tmp_path / "out.jsonl"
    code, _, err = _run("score", "--input", str(source), "-o", str(target), "--batch-size", "1")
    assert code == expected_code
    assert "line 3" in err
    assert not target.exists()


def test_score_input_without_segments_fails_without_output(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("\n\n", encoding="utf-8")
    target = tmp_path / "out.jsonl"
    code, _, err = _run("score", "--input", str(source), "-o", str(target))
    assert code == EXIT_INVALID
    assert "holds no segments" in err and "Fix:" in err
    assert not target.exists()


def test_checks_list_names_every_check() -> None:
    from auditor.checks.runner import load_all_checks

    code, out, _ = _run("checks", "list")
    assert code == 0
    for name in load_all_checks():
        assert name in out


def test_console_script_runs_in_a_subprocess(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    _write_jsonl(source, [{"src": "Buongiorno.", "mt": "Good morning.", "src_lang": "it", "tgt_lang": "en"}])
    proc = subprocess.run(
        [sys.executable, "-m", "auditor.cli", "score", "--input", str(source)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # no progress bar when stderr is not a terminal
    assert len(proc.stdout.splitlines()) == 1


def _report_schema() -> dict:  # type: ignore[type-arg]
    from importlib import resources

    return json.loads(resources.files("auditor.data").joinpath("schemas/report-1.0.schema.json").read_text())


def test_report_validates_against_the_json_schema(demo_report: dict) -> None:  # type: ignore[type-arg]
    jsonschema = pytest.importorskip("jsonschema")
    schema = _report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(demo_report, schema)
    broken = json.loads(json.dumps(demo_report))
    broken["documents"][0]["segments"][0]["findings"].append({"check": "x", "severity": "fatal"})
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_score_lines_validate_against_the_json_schema(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = _report_schema()
    line_schema = {**schema, "$ref": "#/$defs/scoreLine"}
    for key in ("required", "properties", "additionalProperties", "type"):
        line_schema.pop(key, None)
    source = tmp_path / "in.jsonl"
    rows = [
        {"src": "Il sindaco non si è dimesso.", "mt": "The mayor resigned.", "ref": "The mayor did not resign."},
        {"src": "Piove a Roma.", "mt": "It rains in Rome.", "src_lang": "it", "tgt_lang": "en"},
    ]
    _write_jsonl(source, rows)
    code, out, err = _run("score", "--input", str(source))
    assert code == 0, err
    for line in out.splitlines():
        jsonschema.validate(json.loads(line), line_schema)

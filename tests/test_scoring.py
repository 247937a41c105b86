"""Scorer invariants with the shipped weights and the real encoders (sentences written for these tests)."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path

import pytest

from auditor.config import AuditorConfig
from auditor.metrics import surface_metrics
from auditor.scoring import Scorer
from auditor.scoring.features import (
    fluency_features,
    multiset_mismatch,
    negation_count,
    numbers,
    verb_form_mismatch,
)
from auditor.types import Category, Finding, Segment, Severity, Span

pytestmark = pytest.mark.slow

SRC = "Der Stadtrat hat am Dienstag 42 neue Busse bestellt, weil die alten Fahrzeuge zu viel Diesel verbrauchen."
REF = "On Tuesday the city council ordered 42 new buses because the old vehicles use too much diesel."
GOOD = "The city council ordered 42 new buses on Tuesday because the old vehicles consume too much diesel."
NUMBER = "The city council ordered 24 new buses on Tuesday because the old vehicles consume too much diesel."
NEGATION = "The city council did not order 42 new buses on Tuesday because the old vehicles consume too much diesel."
DROPPED = "The city council ordered 42 new buses on Tuesday."
DROPPED_VERB = "The city council 42 new buses on Tuesday because the old vehicles consume too much diesel."

SHORT_SRC = "Es regnet."
SHORT_REF = "It is raining."
SHORT_MT = "It's raining."
LONG_SRC = (
    "Nach monatelangen Verhandlungen haben sich die beiden Gewerkschaften und der Arbeitgeberverband auf einen "
    "neuen Tarifvertrag geeinigt, der ab Januar höhere Löhne und zwei zusätzliche Urlaubstage vorsieht."
)
LONG_REF = (
    "After months of negotiations, the two trade unions and the employers' association have agreed on a new "
    "collective agreement that provides for higher wages and two additional days of leave from January."
)
LONG_MT = (
    "After months of negotiations, the two trade unions and the employers' association agreed on a new "
    "collective agreement that provides for higher wages and two additional days of holiday from January."
)


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(AuditorConfig())


def seg(mt: str, src: str | None = SRC, ref: str | None = REF, sid: str = "s") -> Segment:
    return Segment(sid, mt, src, ref, "de", "en")


@pytest.mark.parametrize("bad", [NUMBER, NEGATION, DROPPED], ids=["number", "negation", "dropped-clause"])
@pytest.mark.parametrize("mode", ["both", "ref-only", "src-only"])
def test_correct_outscores_meaning_errors(scorer: Scorer, bad: str, mode: str) -> None:
    src = None if mode == "ref-only" else SRC
    ref = None if mode == "src-only" else REF
    good_s, bad_s = scorer.score([seg(GOOD, src, ref), seg(bad, src, ref)])
    assert good_s["fidelity"] > bad_s["fidelity"]
    assert good_s["overall"] > bad_s["overall"]


@pytest.mark.parametrize("mode", ["both", "ref-only", "src-only"])
def test_long_correct_not_below_short_correct(scorer: Scorer, mode: str) -> None:
    src_l, src_s = (None, None) if mode == "ref-only" else (LONG_SRC, SHORT_SRC)
    ref_l, ref_s = (None, None) if mode == "src-only" else (LONG_REF, SHORT_REF)
    long_s, short_s = scorer.score([seg(LONG_MT, src_l, ref_l, "l"), seg(SHORT_MT, src_s, ref_s, "s")])
    assert long_s["fidelity"] >= short_s["fidelity"] - 5.0


def test_batch_size_and_order_do_not_change_scores(scorer: Scorer) -> None:
    segments = [
        seg(GOOD),
        seg(NUMBER, ref=None),
        seg(NEGATION, src=None),
        seg(LONG_MT, LONG_SRC, LONG_REF),
        Segment("de", "Der Stadtrat bestellte 42 Busse.", "The council ordered 42 buses.", None, "en", "de"),
    ]
    together = scorer.score(segments)
    alone = [scorer.score([s])[0] for s in segments]
    reversed_ = list(reversed(scorer.score(list(reversed(segments)))))
    for a, b, c in zip(together, alone, reversed_, strict=True):
        assert a.keys() == b.keys() == c.keys()
        for k in a:
            assert a[k] == pytest.approx(b[k], abs=1e-3)
            assert a[k] == pytest.approx(c[k], abs=1e-3)


def test_keys_per_mode(scorer: Scorer) -> None:
    both, ref_only, src_only, neither = scorer.score(
        [seg(GOOD), seg(GOOD, src=None), seg(GOOD, ref=None), seg(GOOD, src=None, ref=None)]
    )
    assert {"chrf", "chrf++", "bleu", "sim_ref", "sim_src", "fidelity", "fluency", "overall"} <= both.keys()
    assert "ter" not in both  # TER only on request (AuditorConfig.ter)
    assert both["chrf"] == pytest.approx(surface_metrics(GOOD, REF, "en")["chrf"])  # 0-100, as sacrebleu gives
    assert "sim_src" not in ref_only and "sim_ref" in ref_only
    assert "chrf" not in src_only and "sim_src" in src_only
    assert "fidelity" not in neither and neither["overall"] == neither["fluency"]
    for s in (both, ref_only, src_only):
        assert 0.0 <= s["fidelity"] <= 100.0 and 0.0 <= s["overall"] <= 100.0


def test_empty_mt_scores_zero(scorer: Scorer) -> None:
    (s,) = scorer.score([seg("")])
    assert s["fidelity"] == 0.0 and s["overall"] == 0.0
    assert scorer.band(s["overall"]) == "reject"


def test_good_translation_is_ok(scorer: Scorer) -> None:
    (s,) = scorer.score([seg(GOOD)])
    assert scorer.band(s["overall"]) == "ok"


def _finding(severity: Severity, category: Category = Category.MISTRANSLATION) -> Finding:
    return Finding("test", category, severity, Span.of(GOOD, 0, 3), "test finding")


def test_findings_lower_scores_and_critical_is_never_ok(scorer: Scorer) -> None:
    plain, major, critical, fluency = scorer.score(
        [seg(GOOD)] * 4,
        [[], [_finding(Severity.MAJOR)], [_finding(Severity.CRITICAL)], [_finding(Severity.MAJOR, Category.GRAMMAR)]],
    )
    assert major["fidelity"] < plain["fidelity"]
    assert critical["fidelity"] < major["fidelity"]
    assert scorer.band(critical["overall"]) != "ok"
    assert fluency["fluency"] < plain["fluency"] and fluency["fidelity"] == plain["fidelity"]


def test_low_alignment_confidence_lowers_fidelity(scorer: Scorer) -> None:
    a, b = scorer.score([seg(GOOD), seg(GOOD)], [[], []], [0.9, 0.1])
    assert b["fidelity"] < a["fidelity"]


def test_fluency_prefers_clean_text(scorer: Scorer) -> None:
    clean, broken = scorer.score(
        [
            seg(GOOD, src=None, ref=None),
            seg("the city council council ordered 42 new busses on tuesday , because the old vehicels", None, None),
        ]
    )
    assert clean["fluency"] > broken["fluency"]


def test_one_minor_slip_lowers_fluency_but_keeps_it_readable(scorer: Scorer) -> None:
    clean_text = "The council approved the budget on Monday."
    slips = [
        "The council approved the budget on Monday .",
        "the council approved the budget on Monday.",
        "The council approved the the budget on Monday.",
    ]
    clean, *slipped = scorer.score([seg(t, src=None, ref=None) for t in [clean_text, *slips]])
    assert clean["fluency"] >= 90
    for text, scores in zip(slips, slipped, strict=True):
        assert 45 <= scores["fluency"] < clean["fluency"] - 10, text  # worse, not "unreadable"
    word_salad = scorer.score([seg("budget the the the Monday council , , approved on on", src=None, ref=None)])[0]
    assert word_salad["fluency"] < min(s["fluency"] for s in slipped)


def test_bands_and_document_scores(scorer: Scorer) -> None:
    w = scorer.weights
    assert w.reject_line < w.review_line
    assert scorer.band(w.review_line) == "ok"
    assert scorer.band(w.review_line - 0.1) == "review"
    assert scorer.band(w.reject_line - 0.1) == "reject"
    doc = scorer.document_scores([{"overall": 90.0, "fidelity": 80.0}, {"overall": 30.0}], [3.0, 1.0])
    assert doc["overall"] == pytest.approx(75.0)
    assert doc["fidelity"] == pytest.approx(80.0)
    assert doc["share_reject"] + doc["share_review"] + doc["share_ok"] == pytest.approx(1.0)


def test_signature_has_checksum(scorer: Scorer) -> None:
    sig = scorer.signature("en")
    data = resources.files("auditor.models").joinpath(sig["weights_file"]).read_bytes()
    assert sig["weights_sha256"] == hashlib.sha256(data).hexdigest()
    assert sig["ref_encoder"] == "use-m3" and sig["src_encoder"] == "use-m3"
    assert "newstest2021" in sig["trained_on"]


def test_unknown_fluency_model_is_a_config_error() -> None:
    from auditor.errors import ConfigError

    with pytest.raises(ConfigError):
        Scorer(AuditorConfig(fluency_model="nope"))


@pytest.mark.parametrize(
    "shifted",
    [
        "The city council will order 42 new buses on Tuesday because the old vehicles consume too much diesel.",
        "The city council was ordering 42 new buses on Tuesday because the old vehicles consume too much diesel.",
    ],
    ids=["future", "progressive"],
)
def test_a_shifted_tense_or_aspect_costs_fidelity_with_the_reference(scorer: Scorer, shifted: str) -> None:
    good, bad = scorer.score([seg(GOOD, SRC, REF), seg(shifted, SRC, REF)])
    assert good["fidelity"] > bad["fidelity"]


def test_a_dropped_word_costs_fidelity_with_the_reference(scorer: Scorer) -> None:
    good, bad = scorer.score([seg(GOOD, None, REF), seg(DROPPED_VERB, None, REF)])
    assert good["fidelity"] > bad["fidelity"]


def test_feature_helpers() -> None:
    assert numbers("It cost 1,500 euros in 2023.") == numbers("Es kostete 1.500 Euro im Jahr 2023.")
    assert multiset_mismatch(numbers("3 cats"), numbers("4 cats")) == 1.0
    # native digits are the same numbers: Devanagari (Nepali source), Arabic-Indic
    assert numbers("२०१९ मा ५ जना") == numbers("In 2019, 5 people") == numbers("في عام ٢٠١٩ توفي ٥ أشخاص")
    assert multiset_mismatch(numbers("२०१९"), numbers("2018")) == 1.0
    assert multiset_mismatch(numbers("no digits"), numbers("none here")) == 0.0
    assert negation_count("She didn't go and never will.", "en") == 2.0
    assert negation_count("Er kommt nicht.", "de") == 1.0
    assert negation_count("text", "xx") is None
    f = fluency_features("the the report was was published", "en")
    assert f["repeat_rate"] > 0 and f["lower_start"] == 1.0
    assert verb_form_mismatch("The mayor was opening the bridge.", "The mayor opened the bridge.", "en") == 1.0
    assert verb_form_mismatch("The mayor will open it.", "The mayor opened it.", "en") == 2.0  # past for a future
    assert verb_form_mismatch("The mayor has opened it.", "The mayor has opened it.", "en") == 0.0
    assert verb_form_mismatch("Er hat es eröffnet.", "Er eröffnete es.", "de") == 0.0  # no tense forms for German


def test_ter_on_request_does_not_change_the_scores(scorer: Scorer) -> None:
    with_ter = Scorer(AuditorConfig(ter=True)).score([seg(GOOD)])[0]
    without = scorer.score([seg(GOOD)])[0]
    assert with_ter["ter"] == pytest.approx(surface_metrics(GOOD, REF, "en")["ter"])
    assert with_ter["fidelity"] == pytest.approx(without["fidelity"])


def test_weights_from_a_file_are_used_and_signed(tmp_path: Path) -> None:
    shipped = resources.files("auditor.models").joinpath("scoring_v1.json").read_text(encoding="utf-8")
    data = json.loads(shipped)
    data["bands"] = {"review": 99.0, "reject": 98.0}
    custom = tmp_path / "custom.json"
    custom.write_text(json.dumps(data), encoding="utf-8")
    scorer = Scorer(AuditorConfig(weights=str(custom)))
    assert scorer.band(97.0) == "reject"
    assert scorer.signature("en")["weights_file"] == "custom.json"


def test_missing_weights_file_is_a_model_error(tmp_path: Path) -> None:
    from auditor.errors import ModelError

    with pytest.raises(ModelError, match="train_fidelity"):
        _ = Scorer(AuditorConfig(weights=str(tmp_path / "nope.json"))).weights


def test_weights_refuse_other_encoders() -> None:
    from auditor.errors import ConfigError

    with pytest.raises(ConfigError, match="minilm"):
        _ = Scorer(AuditorConfig(ref_encoder="minilm")).weights


@pytest.fixture(scope="module")
def token_scorer() -> Scorer:
    return Scorer(AuditorConfig(token_encoder="e5-small"))


def test_token_encoder_picks_its_weights(token_scorer: Scorer) -> None:
    assert token_scorer.weights.file_name == "scoring_v1-tokens.json"
    assert token_scorer.weights.meta["encoders"]["tokens"] == "e5-small"
    assert {"ref_tok_precision", "ref_tok_recall", "ref_tok_f"} <= set(token_scorer.weights.ref.features)
    assert token_scorer.signature("en")["token_encoder"] == "e5-small"


@pytest.mark.parametrize("bad", [NUMBER, NEGATION, DROPPED, DROPPED_VERB], ids=["number", "negation", "clause", "verb"])
def test_token_weights_keep_the_invariants(token_scorer: Scorer, bad: str) -> None:
    good_s, bad_s = token_scorer.score([seg(GOOD), seg(bad)])
    assert good_s["fidelity"] > bad_s["fidelity"]
    assert good_s["token_f"] > 0.5
    long_s, short_s = token_scorer.score(
        [seg(LONG_MT, LONG_SRC, LONG_REF, "l"), seg(SHORT_MT, SHORT_SRC, SHORT_REF, "s")]
    )
    assert long_s["fidelity"] >= short_s["fidelity"] - 5.0


def test_token_scores_do_not_depend_on_the_batch(token_scorer: Scorer) -> None:
    segments = [seg(GOOD), seg(NUMBER, ref=None), seg(DROPPED), seg(LONG_MT, LONG_SRC, LONG_REF)]
    together = token_scorer.score(segments)
    alone = [token_scorer.score([s])[0] for s in segments]
    for a, b in zip(together, alone, strict=True):
        assert a.keys() == b.keys()
        for k in a:
            assert a[k] == pytest.approx(b[k], abs=1e-3)
    assert "token_f" not in together[1]  # no reference, no token match


def test_token_weights_and_encoder_must_go_together() -> None:
    from auditor.errors import ConfigError

    tokens_file = str(resources.files("auditor.models").joinpath("scoring_v1-tokens.json"))
    with pytest.raises(ConfigError, match="tokens encoder 'none'"):
        _ = Scorer(AuditorConfig(weights=tokens_file)).weights
    plain_file = str(resources.files("auditor.models").joinpath("scoring_v1.json"))
    with pytest.raises(ConfigError, match="tokens encoder 'e5-small'"):
        _ = Scorer(AuditorConfig(weights=plain_file, token_encoder="e5-small")).weights
    with pytest.raises(ConfigError, match="token encoder"):
        Scorer(AuditorConfig(token_encoder="bert"))

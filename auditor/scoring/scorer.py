"""Per-segment fidelity, fluency and overall scores (0-100), bands and document scores.

Fidelity comes from a linear model over frozen embedding cosines, surface metrics and cheap agreement features
(one model with a reference, one without); fluency from MT-only evidence: word frequencies and form (`fast`), plus
a language model's token surprisal for English targets (`lm`, see `lm.py`). Findings and alignment confidence
then lower the scores by fixed rules, so scores and findings never contradict.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ..config import FLUENCY_MODELS, AuditorConfig
from ..embeddings import cosine_rows, get_encoder, resolve_ref_encoder
from ..errors import ConfigError
from ..metrics import metrics_signature, surface_metrics
from ..types import Finding, Segment, Severity
from .coverage import coverage, prefetch_coverage
from .features import fluency_features, ref_features, src_features
from .lm import LM_NAME, TextSurprisal, get_surprisal_model, model_file, supports, uses_language_model
from .model import (
    LmWeights,
    ScoringWeights,
    load_lm_weights,
    load_weights_file,
    shipped_weights_for,
    trained_encoders,
)
from .qe_head import HeadSet
from .token_match import check_token_encoder, token_features

# Categories (top level) whose findings lower fluency; the others lower fidelity.
_FLUENCY_CATEGORIES = frozenset({"Fluency", "Style", "Other", "Locale convention"})
FINDING_POINTS = 3.0  # points per unit of severity weight: minor 3, major 15, critical 30


# One worker: sacrebleu's metric objects are shared, so all surface metrics are computed in this thread.
_SURFACE_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="auditor-surface")


def _surface_all(segments: Sequence[Segment], ter: bool) -> dict[int, dict[str, float]]:
    """Surface metrics of every segment that has a reference, by segment index."""
    return {i: surface_metrics(s.mt, s.ref, s.tgt_lang, ter=ter) for i, s in enumerate(segments) if s.ref}


def _check_encoders(weights: ScoringWeights, config: AuditorConfig) -> None:
    """Weights fitted to one encoder's cosines mean nothing with another's: refuse the mix."""
    trained = dict(weights.meta.get("encoders") or {})
    if not trained:  # a file that does not say: nothing to check
        return
    trained.setdefault("tokens", "none")  # files name a token encoder only when they were trained with one
    used = trained_encoders(config.src_encoder, config.ref_encoder, config.token_encoder)
    wrong = [
        f"{side} encoder {used.get(side, 'none')!r} (trained with {trained[side]!r})"
        for side in ("src", "ref", "tokens")
        if side in trained and trained[side] != used.get(side, "none")
    ]
    if wrong:
        raise ConfigError(
            f"the scoring weights {weights.file_name!r} do not fit the {', '.join(wrong)}",
            fix="train weights for these encoders (python bench/train_fidelity.py --src-encoder ... --ref-encoder ... "
            "--token-encoder ... "
            "--out FILE) and pass them with --weights FILE",
        )


def quality_estimates(heads: HeadSet, encoder: str, segments: Sequence[Segment]) -> dict[int, float]:
    """`src_qe` (the target language's quality head) for every segment with a source and an MT, by segment index.

    Vectors come from the encoder's per-run cache, so after `Scorer.base_features` this encodes nothing again.
    """
    idx = [i for i, s in enumerate(segments) if s.src and s.mt.strip()]
    if not idx:
        return {}
    vecs = get_encoder(encoder).encode([segments[i].src or "" for i in idx] + [segments[i].mt for i in idx])
    by_head: dict[str, list[int]] = defaultdict(list)  # rows of `idx` by the key of the head that scores them
    for row, i in enumerate(idx):
        by_head[heads.key_for(segments[i].src_lang, segments[i].tgt_lang)].append(row)
    out: dict[int, float] = {}
    for key, rows in by_head.items():
        preds = heads.heads[key].predict(vecs[rows], vecs[[len(idx) + r for r in rows]])
        out.update({idx[r]: float(p) for r, p in zip(rows, preds, strict=True)})
    return out


def lm_surprisal(segments: Sequence[Segment]) -> dict[int, TextSurprisal]:
    """Token surprisal of each non-empty MT whose target language the language model covers, by segment index."""
    idx = [i for i, s in enumerate(segments) if supports(s.tgt_lang) and s.mt.strip()]
    if not idx:
        return {}
    return dict(zip(idx, get_surprisal_model().score([segments[i].mt for i in idx]), strict=True))


def _is_fluency(finding: Finding) -> bool:
    return finding.category.top_level in _FLUENCY_CATEGORIES


class Scorer:
    """Scores segments with the shipped weights and the configured encoders (loaded lazily)."""

    def __init__(self, config: AuditorConfig | None = None, weights: ScoringWeights | None = None) -> None:
        self.config = config or AuditorConfig()
        if self.config.fluency_model not in FLUENCY_MODELS:
            raise ConfigError(
                f"unknown fluency model {self.config.fluency_model!r}",
                fix="use one of: " + ", ".join(FLUENCY_MODELS),
            )
        check_token_encoder(self.config.token_encoder)
        self._weights = weights
        self.uses_lm = uses_language_model(self.config.fluency_model)
        self._lm_weights: LmWeights | None = None
        if self.uses_lm:
            model_file()  # a missing model is a ModelError now, not after the first batch

    @property
    def lm_weights(self) -> LmWeights:
        """The `lm` fluency weights, loaded on first use."""
        if self._lm_weights is None:
            self._lm_weights = load_lm_weights()
        return self._lm_weights

    @property
    def weights(self) -> ScoringWeights:
        """The scoring weights (the shipped file unless given), loaded on first use."""
        if self._weights is None:
            weights = (
                load_weights_file(self.config.weights)
                if self.config.weights
                else shipped_weights_for(self.config.src_encoder, self.config.ref_encoder, self.config.token_encoder)
            )
            _check_encoders(weights, self.config)
            self._weights = weights
        return self._weights

    # -- features ---------------------------------------------------------------------------------------------

    def features(self, segments: Sequence[Segment]) -> list[dict[str, float]]:
        """Every model input per segment: `base_features` plus the quality head's `src_qe` (if the weights have one)."""
        rows = self.base_features(segments)
        heads = self.weights.src_heads
        if heads is not None:
            for i, qe in quality_estimates(heads, self.config.src_encoder, segments).items():
                rows[i]["src_qe"] = qe
        return rows

    def base_features(self, segments: Sequence[Segment]) -> list[dict[str, float]]:
        """Surface metrics, cosines, agreement and fluency features (what does not depend on trained weights)."""
        rows: list[dict[str, float]] = [{} for _ in segments]
        # sacrebleu is pure Python and the encoders are numpy/torch: run them side by side on the two cores.
        surface_job = _SURFACE_POOL.submit(_surface_all, segments, self.config.ter)
        # (encoder, segment index, side) pairs to compare; all texts of one encoder go in one call
        jobs: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for i, seg in enumerate(segments):
            if not seg.mt.strip():
                continue
            if seg.ref:
                jobs[resolve_ref_encoder(self.config.ref_encoder, seg.tgt_lang)].append((i, "ref"))
            if seg.src:
                jobs[self.config.src_encoder].append((i, "src"))
        similarities: list[tuple[int, str, float]] = []
        for name, pairs in sorted(jobs.items()):
            texts = [segments[i].mt for i, _ in pairs]
            texts += [(segments[i].ref if side == "ref" else segments[i].src) or "" for i, side in pairs]
            vecs = get_encoder(name).encode(texts)
            sims = cosine_rows(vecs[: len(pairs)], vecs[len(pairs) :])
            similarities.extend((i, side, float(sim)) for (i, side), sim in zip(pairs, sims, strict=True))
        prefetch_coverage(segments)
        surfaces = surface_job.result()
        for i, surface in surfaces.items():
            rows[i].update(surface)
        for i, side, sim in similarities:
            seg = segments[i]
            if side == "ref":
                rows[i].update(ref_features(seg.mt, seg.ref or "", seg.tgt_lang, surfaces[i], sim))
                cover = coverage(seg.mt, seg.ref or "", seg.tgt_lang)
                rows[i]["ref_soft_recall"] = cover.recall
                rows[i]["ref_gap_rate"] = cover.gap_rate
            else:
                rows[i].update(src_features(seg.mt, seg.src or "", seg.src_lang, seg.tgt_lang, sim))
        for i, feats in token_features(segments, self.config.token_encoder).items():
            rows[i].update(feats)
        for i, seg in enumerate(segments):
            rows[i].update(fluency_features(seg.mt, seg.tgt_lang))
        if self.uses_lm:
            for i, surprisal in lm_surprisal(segments).items():
                rows[i].update(surprisal.features(segments[i].mt))
        return rows

    # -- scores -----------------------------------------------------------------------------------------------

    def score(
        self,
        segments: Sequence[Segment],
        findings: Sequence[Sequence[Finding]] | None = None,
        alignment_confidence: Sequence[float | None] | None = None,
    ) -> list[dict[str, float]]:
        """Per segment: surface metrics (with a reference), `sim_ref`, `sim_src`, `fidelity`, `fluency`, `overall`."""
        return self.score_features(segments, self.features(segments), findings, alignment_confidence)

    def score_features(
        self,
        segments: Sequence[Segment],
        rows: Sequence[Mapping[str, float]],
        findings: Sequence[Sequence[Finding]] | None = None,
        alignment_confidence: Sequence[float | None] | None = None,
    ) -> list[dict[str, float]]:
        """`score` from feature rows already computed by `features` (for benchmarks and training)."""
        if findings is None:
            findings = [() for _ in segments]
        if len(findings) != len(segments) or len(rows) != len(segments):
            raise ValueError("one list of findings and one feature row per segment are needed")
        w = self.weights
        ref_rows = [i for i, s in enumerate(segments) if s.ref]
        src_rows = [i for i, s in enumerate(segments) if s.src and not s.ref]
        fidelity: dict[int, float] = {}
        for idx, model in ((ref_rows, w.ref), (src_rows, w.src)):
            if idx:
                for i, v in zip(idx, model.score([rows[i] for i in idx]), strict=True):
                    fidelity[i] = float(v)
        fluency = w.fluency.score(rows)
        if self.uses_lm:
            lm_rows = [i for i, row in enumerate(rows) if "lm_mean" in row]
            if lm_rows:
                fluency[lm_rows] = self.lm_weights.fluency.score([rows[i] for i in lm_rows])
        out: list[dict[str, float]] = []
        for i, seg in enumerate(segments):
            row = rows[i]
            scores: dict[str, float] = {k: row[k] for k in ("chrf", "chrf++", "bleu", "ter") if k in row}
            for k in ("sim_ref", "sim_src"):
                if k in row:
                    scores[k] = row[k]
            if "ref_tok_f" in row:  # with a token encoder: the token-match F of MT and reference (BERTScore-like)
                scores["token_f"] = row["ref_tok_f"]
            flu = float(fluency[i])
            fid = fidelity.get(i)
            empty = not seg.mt.strip()
            conf = alignment_confidence[i] if alignment_confidence is not None else None
            fid, flu, cap = self._apply_rules(fid, flu, findings[i], conf, empty)
            if fid is not None:
                scores["fidelity"] = fid
                overall = w.fidelity_share * fid + (1.0 - w.fidelity_share) * flu
            else:
                overall = flu
            scores["fluency"] = flu
            scores["overall"] = min(overall, cap)
            out.append(scores)
        return out

    def _apply_rules(
        self,
        fid: float | None,
        flu: float,
        findings: Sequence[Finding],
        confidence: float | None,
        empty: bool,
    ) -> tuple[float | None, float, float]:
        """Findings, alignment confidence and empty MT lower the model scores; returns (fidelity, fluency, cap)."""
        if empty:
            return (0.0 if fid is not None else None), 0.0, 0.0
        fid_pen = flu_pen = 0.0
        cap = 100.0
        for f in findings:
            points = FINDING_POINTS * f.severity.weight * f.confidence * self.config.check_weights.get(f.check, 1.0)
            if _is_fluency(f):
                flu_pen += points
            else:
                fid_pen += points
            if f.severity is Severity.CRITICAL:  # never "ok" with a critical finding
                cap = min(cap, self.weights.review_line - 0.01)
        if fid is not None:
            if confidence is not None and math.isfinite(confidence):
                fid *= min(1.0, 0.5 + max(0.0, confidence))  # confidence 0.5+ keeps the score; 0 halves it
            fid = max(0.0, fid - fid_pen)
        return fid, max(0.0, flu - flu_pen), cap

    # -- bands, documents, signature --------------------------------------------------------------------------

    def band(self, overall: float) -> str:
        """ "ok" at or above the review line, "review" down to the reject line, "reject" below it."""
        if overall >= self.weights.review_line:
            return "ok"
        if overall >= self.weights.reject_line:
            return "review"
        return "reject"

    def document_scores(
        self, scores: Sequence[Mapping[str, float]], weights: Sequence[float] | None = None
    ) -> dict[str, float]:
        """Weighted means (e.g. by MT length) of every score present, plus the share of each band."""
        if not scores:
            return {}
        ws = [max(0.0, float(x)) for x in weights] if weights is not None else [1.0] * len(scores)
        if len(ws) != len(scores):
            raise ValueError("one weight per segment is needed")
        if sum(ws) == 0:
            ws = [1.0] * len(scores)
        out: dict[str, float] = {}
        keys = sorted({k for s in scores for k in s})
        for key in keys:
            pairs = [(s[key], w) for s, w in zip(scores, ws, strict=True) if key in s]
            total = sum(w for _, w in pairs)
            if total > 0:
                out[key] = sum(v * w for v, w in pairs) / total
        bands = [self.band(s["overall"]) for s in scores if "overall" in s]
        if bands:
            for name in ("ok", "review", "reject"):
                out[f"share_{name}"] = bands.count(name) / len(bands)
        return out

    def signature(self, tgt_lang: str | None = None) -> dict[str, Any]:
        """Models, weights file and checksum, training data, band thresholds and sacrebleu signatures."""
        w = self.weights
        return {
            "src_encoder": self.config.src_encoder,
            "ref_encoder": resolve_ref_encoder(self.config.ref_encoder, tgt_lang)
            if tgt_lang
            else self.config.ref_encoder,
            "token_encoder": self.config.token_encoder,
            "fluency_model": self.config.fluency_model,
            **(self._lm_signature() if self.uses_lm else {}),
            "weights_file": w.file_name,
            "weights_sha256": w.sha256,
            "trained_on": w.meta.get("trained_on", ""),
            "bands": {"review": w.review_line, "reject": w.reject_line},
            "fidelity_share": w.fidelity_share,
            "metrics": metrics_signature(tgt_lang),
        }

    def _lm_signature(self) -> dict[str, Any]:
        w = self.lm_weights
        return {
            "fluency_lm": {
                "model": LM_NAME,
                "languages": w.meta.get("languages", []),
                "weights_file": w.file_name,
                "weights_sha256": w.sha256,
                "trained_on": w.meta.get("trained_on", ""),
            }
        }

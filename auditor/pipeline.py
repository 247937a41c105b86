"""The auditor's main job: score pre-aligned segments, or split, align and audit whole documents.

`Auditor` is what the CLI, the REST API and the feed check call; it owns the models (loaded lazily, once) and
the configured checks.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from itertools import islice
from typing import Any

import numpy as np

from . import __version__
from .alignment import Bead, align_sentences, build_segments
from .checks.runner import CheckRunner, merge_findings
from .config import AuditorConfig
from .embeddings import get_encoder
from .errors import LanguageError, ValidationError
from .langid import detect_language, normalise_lang
from .scoring import Scorer
from .scoring.feature_process import FeatureProcess, Findings, Rows, split_beside_features
from .splitting import split_sentences
from .types import (
    AlignedSegment,
    DocumentInput,
    DocumentReport,
    Finding,
    Report,
    Segment,
    SegmentResult,
    Sentence,
    Severity,
)

# Feature extraction (mostly encoding) overlaps with the checks; two workers serve concurrent API threads.
_FEATURE_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="auditor-features")

# A started feature computation: a worker thread's future, or the feature process with its job.
_FeatureJob = Future[Rows] | tuple[FeatureProcess, Future[tuple[Rows, Findings]]]

# Below this mean bead similarity the reference is reported as not matching the MT at all.
NO_OVERLAP_SIMILARITY = 0.25


class Auditor:
    """Scores segments and audits documents with one configuration; thread-safe for concurrent calls."""

    def __init__(self, config: AuditorConfig | None = None) -> None:
        self.config = config or AuditorConfig()
        self.checks = CheckRunner(self.config)
        # with a feature process, the checks that run here (the others run there, beside the features)
        self._checks_here, self._checks_beside = split_beside_features(self.checks)
        self._scorer: Scorer | None = None
        self._feature_process: FeatureProcess | None = None
        self._lock = threading.Lock()

    @property
    def scorer(self) -> Scorer:
        with self._lock:
            if self._scorer is None:
                self._scorer = Scorer(self.config)
            return self._scorer

    def close(self) -> None:
        """Stop the feature process, if one was started (`feature_process=True`)."""
        with self._lock:
            process, self._feature_process = self._feature_process, None
        if process is not None:
            process.close()

    def _features_and_findings(
        self, segments: Sequence[Segment], as_document: bool = False
    ) -> tuple[list[dict[str, float]], list[list[Finding]]]:
        """The scorer's feature rows and every check's findings (in report order) for `segments`.

        The features run beside the checks: the encoders (numpy, outside the interpreter lock) in a worker thread,
        or, with `feature_process=True`, a second process that also runs the checks marked `beside_features`.
        """
        return self._finish_features(segments, self._start_features(segments, as_document), as_document)

    def _start_features(self, segments: Sequence[Segment], as_document: bool = False) -> _FeatureJob:
        """Start computing the feature rows (and the findings of the checks beside them) for `segments`."""
        scorer = self.scorer
        if not self.config.feature_process:
            return _FEATURE_POOL.submit(scorer.features, segments)
        with self._lock:
            if self._feature_process is None:
                self._feature_process = FeatureProcess(self.config, scorer, self._checks_beside)
            process = self._feature_process
        return process, process.submit(segments, as_document)

    def _finish_features(
        self, segments: Sequence[Segment], job: _FeatureJob, as_document: bool = False
    ) -> tuple[list[dict[str, float]], list[list[Finding]]]:
        """Run the checks of this process on `segments`, then collect the started job's rows and findings."""
        if isinstance(job, Future):
            findings = self.checks.run(segments, as_document=as_document)
            return job.result(), findings
        process, remote = job
        local = self._checks_here.run(segments, as_document=as_document)
        rows, remote_findings = process.results(segments, remote, as_document)
        return rows, merge_findings(local, remote_findings)

    def warm_up(self, tgt_langs: Iterable[str] = ("en",)) -> None:
        """Load every default model now (for services that must be ready before the first request)."""
        langs = list(tgt_langs)
        self.score_segments([Segment("warm-up", "A test.", "Un test.", "A test.", "it", lang) for lang in langs])

    def signature(self) -> dict[str, Any]:
        """What produced a report: auditor version, models, checks and the scorer's weights and thresholds."""
        return {
            "auditor": __version__,
            "config": self.config.to_signature(),
            "checks": self.checks.names,
            "scorer": self.scorer.signature(),
        }

    # --- pre-aligned segments -------------------------------------------------------------------------------

    def score_segments(self, segments: Sequence[Segment]) -> list[SegmentResult]:
        """Scores and findings for each segment, in input order."""
        prepared = [self._prepare_segment(s) for s in segments]
        rows, findings = self._features_and_findings(prepared)
        return self._results(prepared, rows, findings)

    def _results(
        self, prepared: Sequence[Segment], rows: list[dict[str, float]], findings: list[list[Finding]]
    ) -> list[SegmentResult]:
        scores = self.scorer.score_features(prepared, rows, findings)
        return [
            SegmentResult(seg, sc, tuple(f), band=self.scorer.band(sc["overall"]))
            for seg, sc, f in zip(prepared, scores, findings, strict=True)
        ]

    def iter_score(self, segments: Iterable[Segment], batch_size: int | None = None) -> Iterator[SegmentResult]:
        """Stream results for a (possibly huge) iterable of segments, holding two batches in memory at a time.

        The features of the next batch start before the checks of the current one run, so that neither the
        feature process nor the checks wait for the other's slower batches. Scores do not depend on batching.
        """
        batches = _batches(segments, batch_size or self.config.batch_size)
        pending: tuple[list[Segment], _FeatureJob] | None = None
        while True:
            try:
                batch = next(batches, None)
                prepared = [self._prepare_segment(s) for s in batch] if batch is not None else None
            except Exception:
                if pending is not None:  # a bad segment, or input that fails to read: the batches before it count
                    yield from self._score_started(*pending)
                raise
            job = self._start_features(prepared) if prepared is not None else None
            if pending is not None:
                yield from self._score_started(*pending)
            if prepared is None or job is None:
                return
            pending = (prepared, job)

    def _score_started(self, prepared: Sequence[Segment], job: _FeatureJob) -> list[SegmentResult]:
        rows, findings = self._finish_features(prepared, job)
        return self._results(prepared, rows, findings)

    def _prepare_segment(self, segment: Segment) -> Segment:
        if not isinstance(segment.mt, str):
            raise ValidationError(f"segment {segment.id!r}: `mt` must be a string", fix="give the MT text as a string")
        if not (segment.src or segment.ref):
            raise ValidationError(
                f"segment {segment.id!r} has neither `src` nor `ref`",
                fix="give the source text, a reference translation, or both",
            )
        src_lang = normalise_lang(segment.src_lang) if segment.src_lang else None
        tgt_lang = normalise_lang(segment.tgt_lang) if segment.tgt_lang else None
        if tgt_lang is None:
            tgt_lang = _detect_or_none(segment.mt) or _detect_or_none(segment.ref or "")
        if src_lang is None and segment.src:
            src_lang = _detect_or_none(segment.src)
        return replace(segment, src_lang=src_lang, tgt_lang=tgt_lang)

    # --- whole documents ------------------------------------------------------------------------------------

    def audit(self, documents: Iterable[DocumentInput]) -> Report:
        """Audit several documents into one report."""
        reports = tuple(self.audit_document(d) for d in documents)
        return Report(self.signature(), reports)

    def audit_document(self, doc: DocumentInput) -> DocumentReport:
        """Split, align, check and score one document; every MT sentence lands in exactly one segment."""
        if not doc.mt.strip():
            raise ValidationError(f"document {doc.id!r}: the MT text is empty", fix="give a non-empty MT text")
        if not ((doc.src and doc.src.strip()) or (doc.ref and doc.ref.strip())):
            raise ValidationError(
                f"document {doc.id!r} has neither a source nor a reference",
                fix="give --src, --ref or both",
            )
        for side, text in (("MT", doc.mt), ("source", doc.src), ("reference", doc.ref)):
            if text and len(text) > self.config.max_document_chars:
                raise ValidationError(
                    f"document {doc.id!r}: the {side} has {len(text):,} characters, "
                    f"more than the limit of {self.config.max_document_chars:,}",
                    fix="split the article into several documents, or raise the limit (--max-chars)",
                )
        notes: list[str] = []
        detected: dict[str, str] = {}
        src_lang, tgt_lang = self._document_languages(doc, detected, notes)

        mt_sents = split_sentences(doc.mt, tgt_lang)
        src_sents = split_sentences(doc.src, src_lang) if doc.src and doc.src.strip() else None
        ref_sents = split_sentences(doc.ref, tgt_lang) if doc.ref and doc.ref.strip() else None

        src_beads = self._align(mt_sents, src_sents) if src_sents else None
        ref_beads = self._align(mt_sents, ref_sents) if ref_sents else None
        if ref_beads is not None:
            paired = [b.confidence for b in ref_beads if b.mt and b.other]
            if not paired or float(np.mean(paired)) < NO_OVERLAP_SIMILARITY:
                notes.append(
                    "the reference does not match the MT (no confidently aligned sentences): "
                    "check that it is the reference of this document"
                )

        aligned = build_segments(mt_sents, src_sents, ref_sents, src_beads, ref_beads, doc.mt)
        plain = [
            a.as_segment(src_lang, tgt_lang, has_src=src_sents is not None, has_ref=ref_sents is not None)
            for a in aligned
        ]
        rows, findings = self._features_and_findings(plain, as_document=True)
        confidences = [_segment_confidence(a) for a in aligned]
        scores = self.scorer.score_features(plain, rows, findings, confidences)
        results = tuple(
            SegmentResult(seg, sc, tuple(f), aligned=a, band=self.scorer.band(sc["overall"]))
            for seg, sc, f, a in zip(plain, scores, findings, aligned, strict=True)
        )
        doc_scores = self.scorer.document_scores(scores, [max(1, len(a.mt.text)) for a in aligned])
        doc_scores.update(_finding_counts([f for fs in findings for f in fs]))
        doc_scores["segments"] = float(len(results))
        return DocumentReport(
            id=doc.id,
            src_lang=src_lang,
            tgt_lang=tgt_lang,
            scores=doc_scores,
            segments=results,
            detected_langs=detected,
            notes=tuple(notes),
            band=self.scorer.band(doc_scores["overall"]),
        )

    def _document_languages(
        self, doc: DocumentInput, detected: dict[str, str], notes: list[str]
    ) -> tuple[str | None, str | None]:
        src_lang = normalise_lang(doc.src_lang) if doc.src_lang else None
        tgt_lang = normalise_lang(doc.tgt_lang) if doc.tgt_lang else None
        mt_detected = _detect_or_none(doc.mt)
        if mt_detected:
            detected["mt"] = mt_detected
        if doc.src and doc.src.strip():
            src_detected = _detect_or_none(doc.src)
            if src_detected:
                detected["src"] = src_detected
            if src_lang is None:
                src_lang = src_detected
            elif src_detected and src_detected != src_lang:
                notes.append(f"the source is labelled {src_lang!r} but reads as {src_detected!r}")
        if tgt_lang is None:
            tgt_lang = mt_detected or (_detect_or_none(doc.ref) if doc.ref else None)
        elif mt_detected and mt_detected != tgt_lang:
            notes.append(f"the MT is labelled {tgt_lang!r} but reads as {mt_detected!r}: wrong language?")
        if doc.ref and doc.ref.strip():
            ref_detected = _detect_or_none(doc.ref)
            if ref_detected:
                detected["ref"] = ref_detected
            if ref_detected and tgt_lang and ref_detected != tgt_lang:
                notes.append(f"the reference reads as {ref_detected!r}, not the target language {tgt_lang!r}")
        for side in ("src_lang", "tgt_lang"):
            if getattr(doc, side) is None and (src_lang if side == "src_lang" else tgt_lang):
                notes.append(f"{side} was not given: detected {src_lang if side == 'src_lang' else tgt_lang!r}")
        return src_lang, tgt_lang

    def _align(self, mt: Sequence[Sentence], other: Sequence[Sentence]) -> list[Bead]:
        encoder = get_encoder(self.config.align_encoder)
        mt_vectors = encoder.encode([s.text for s in mt])
        other_vectors = encoder.encode([s.text for s in other])
        return align_sentences(
            mt_vectors,
            other_vectors,
            [len(s.text) for s in mt],
            [len(s.text) for s in other],
            mt_paragraphs=[s.paragraph for s in mt],
            other_paragraphs=[s.paragraph for s in other],
        )


def _detect_or_none(text: str) -> str | None:
    try:
        return detect_language(text)
    except LanguageError:
        return None


def _segment_confidence(segment: AlignedSegment) -> float | None:
    values = [a.confidence for a in (segment.ref_alignment, segment.src_alignment) if a is not None]
    return min(values) if values else None


def _finding_counts(findings: Sequence[Finding]) -> dict[str, float]:
    counts = Counter(f.severity for f in findings)
    return {f"findings_{s.value}": float(counts.get(s, 0)) for s in Severity}


def _batches(segments: Iterable[Segment], size: int) -> Iterator[list[Segment]]:
    """`segments` in lists of `size` (the last one shorter), read lazily."""
    items = iter(segments)
    while batch := list(islice(items, size)):
        yield batch

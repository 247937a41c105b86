"""Words an English language model finds very unlikely where they stand (the `lm` fluency model's spans).

Runs only with the `lm` fluency model (`--fluency-model lm`, or `auto` with the model installed) and English
targets; the surprisal comes from `auditor.scoring.lm`, computed once per MT text for this check and the score.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..config import AuditorConfig
from ..scoring.lm import WORD, TextSurprisal, get_surprisal_model, supports, uses_language_model
from ..types import Category, Finding, Segment, Severity, Span
from .base import Check, CheckContext, Needs, register

SPAN_NATS = 14.0  # DEMETR train: 6% of unperturbed translations have a word above this, 11-42% of perturbed (by type)


def unlikely_words(mt: str, surprisal: TextSurprisal, threshold: float = SPAN_NATS) -> list[tuple[Span, float]]:
    """Lower-case words holding a token above `threshold` nats, with the word's highest surprisal, in order.

    Capitalised words (names, sentence starts) and words with digits are left out: they are often rare and right.
    """
    words = [(m.start(), m.end()) for m in WORD.finditer(mt)]
    peaks: dict[tuple[int, int], float] = {}
    for token in surprisal.tokens:
        if token.surprisal <= threshold:
            continue
        for start, end in words:
            if start < token.end and token.start < end:  # the token overlaps this word
                if mt[start].islower() and not any(c.isdigit() for c in mt[start:end]):
                    peaks[(start, end)] = max(peaks.get((start, end), 0.0), token.surprisal)
                break
    return [(Span.of(mt, s, e), v) for (s, e), v in sorted(peaks.items())]


@register
class UnlikelyWord(Check):
    """A lower-case word that SmolLM2 finds very unlikely where it stands (above 14 nats of surprisal): often a
    mistranslated, misspelled or misplaced word. Off unless the `lm` fluency model is in use.

    Example: "Officials said the bridge would be opened cat next week." -> finding on "cat".
    """

    name = "lm-surprisal"
    category = Category.AWKWARD
    severity = Severity.MINOR
    needs = Needs.NONE

    @classmethod
    def on_by_default(cls, config: AuditorConfig) -> bool:
        return uses_language_model(config.fluency_model)

    def __init__(self, severity: Severity | None = None, weight: float = 1.0) -> None:
        super().__init__(severity, weight)
        self._surprisal: dict[str, TextSurprisal] = {}

    def prepare(self, segments: Sequence[Segment]) -> None:
        texts = [s.mt for s in segments if supports(s.tgt_lang) and s.mt.strip()]
        self._surprisal = dict(zip(texts, get_surprisal_model().score(texts), strict=True)) if texts else {}

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        mt = ctx.segment.mt
        if not supports(ctx.segment.tgt_lang) or not mt.strip():
            return
        surprisal = self._surprisal.get(mt)
        if surprisal is None:  # not prepared with its batch: score it alone
            surprisal = get_surprisal_model().score([mt])[0]
        values = [t.surprisal for t in surprisal.tokens]
        mean = sum(values) / len(values) if values else 0.0
        for span, peak in unlikely_words(mt, surprisal):
            yield self.finding(
                span=span,
                message=f"an English language model finds {span.text!r} very unlikely here "
                f"({peak:.1f} nats of surprisal; the sentence averages {mean:.1f})",
                confidence=0.5,
            )

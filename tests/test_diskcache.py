"""The on-disk cache of derived resources: reuse, rebuild on damage, off switch, unwritable directories."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from auditor import diskcache
from auditor.diskcache import cache_dir, cached_file, load_or_build


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(root))
    return root


def _counting(value: object) -> tuple[list[int], Callable[[], object]]:
    calls: list[int] = []

    def build() -> object:
        calls.append(1)
        return value

    return calls, build


@pytest.mark.parametrize("codec", ["marshal", "pickle"])
def test_second_load_comes_from_disk(cache: Path, codec: diskcache.Codec) -> None:
    calls, build = _counting({"word": 0.5, "other": 1e-6})
    assert load_or_build("table-v1", build, codec=codec) == {"word": 0.5, "other": 1e-6}
    assert load_or_build("table-v1", build, codec=codec) == {"word": 0.5, "other": 1e-6}
    assert len(calls) == 1
    assert [p.name for p in cache.iterdir()] == [f"table-v1.{codec}"]


def test_a_different_key_builds_again(cache: Path) -> None:
    calls, build = _counting([1, 2, 3])
    load_or_build("list-v1", build)
    load_or_build("list-v2", build)
    assert len(calls) == 2


def test_a_corrupt_file_is_rebuilt_and_replaced(cache: Path) -> None:
    cache.mkdir()
    (cache / "table.marshal").write_bytes(b"\x00 not marshal data")
    calls, build = _counting({"a": 1.0})
    assert load_or_build("table", build, codec="marshal") == {"a": 1.0}
    assert load_or_build("table", build, codec="marshal") == {"a": 1.0}
    assert len(calls) == 1


def test_off_builds_every_time_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITOR_CACHE_DIR", "off")
    monkeypatch.chdir(tmp_path)
    assert cache_dir() is None
    calls, build = _counting("value")
    load_or_build("thing", build)
    load_or_build("thing", build)
    assert len(calls) == 2
    assert cached_file("thing", "bin", lambda p: p.write_bytes(b"x")) is None
    assert list(tmp_path.iterdir()) == []


def test_default_directory_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("AUDITOR_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "auditor"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes to read-only directories")
def test_an_unwritable_directory_still_returns_the_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(locked / "sub"))
    assert load_or_build("thing", lambda: 42) == 42


def test_a_cache_path_that_is_a_file_still_returns_the_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the directory should be")
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(blocker))
    assert load_or_build("thing", lambda: 42) == 42
    assert cached_file("thing", "bin", lambda p: p.write_bytes(b"x")) is None


def test_cached_file_appears_only_when_complete(cache: Path) -> None:
    def failing(path: Path) -> None:
        path.write_bytes(b"half")
        raise OSError("disk full")

    assert cached_file("db", "sqlite", failing) is None
    assert list(cache.iterdir()) == []  # no half-written file, no temporary left behind
    made = cached_file("db", "sqlite", lambda p: p.write_bytes(b"whole"))
    assert made is not None and made.read_bytes() == b"whole"
    assert cached_file("db", "sqlite", failing) == made  # an existing file is not rebuilt

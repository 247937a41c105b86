"""The feed check's configuration: `auditor.toml`, or `[tool.auditor]` in pyproject.toml (read with tomllib).

Relative paths in a config file are relative to the file's directory. Unknown keys raise `ConfigError` naming the
key; `STARTER_CONFIG` is what `auditor check --init` writes.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import AuditorConfig
from ..errors import ConfigError
from ..types import Severity

CONFIG_NAME = "auditor.toml"
DEFAULT_CACHE = ".auditor-cache.sqlite"
DEFAULT_BASELINE = ".auditor-baseline.json"
SEVERITY_NAMES = tuple(s.value for s in Severity)

STARTER_CONFIG = """\
# auditor.toml: settings for `auditor check` (the translation-quality gate).
# The same keys work under [tool.auditor] in pyproject.toml. Paths are relative to this file.

# Feeds checked when `auditor check` is run without paths (files or directories).
feeds = ["feeds"]
# Glob patterns (relative to this file) of feeds to skip.
ignore = ["**/drafts/**"]
# Content-hash cache of scored items: only changed items are re-scored (true: .auditor-cache.sqlite).
# Remove the line, or pass --no-cache, to score every item.
cache = ".auditor-cache.sqlite"
# Optional JSONL/CSV file of sources (id, src, src_lang) for items that link to their source by id.
# sources = "sources.jsonl"

[languages]
# Defaults for items that do not name their languages (detected when neither is set).
source = "it"
target = "en"
# Language pairs allowed in the feeds; an item of another pair is an input error. Empty: any pair.
pairs = ["it-en"]

[models]
src_encoder = "use-m3"    # source-MT similarity
ref_encoder = "use-m3"    # MT-reference similarity (auto: minilm for English targets, use-m3 otherwise)
align_encoder = "use-m3"
fluency_model = "fast"
token_encoder = "none"    # e5-small: token-match features with references (closer to MQM, about 4x slower)
batch_size = 64

[checks]
# enable = ["numbers", "person"]   # run only these (default: every check; see `auditor checks list`)
disable = []

[checks.severity]
# person = "major"                 # override a check's severity: minor, major or critical

[thresholds]
# The gate fails (exit 1) when any of these is broken.
min_document_overall = 60         # length-weighted mean overall score (0-100) of each feed file
min_segment_overall = 30          # every item's overall score
fail_on_severity = "critical"     # an item with a finding of this severity or worse fails ("none": never)

[thresholds.max_findings]
# Most findings allowed in the whole run, per severity.
critical = 0
major = 25
# minor = 200

# Per-check overrides: a maximum count for one check, or `ignore = true` to leave it out of the counts.
# [thresholds.checks.person]
# max_findings = 3

[baseline]
# With `auditor check --baseline` the gate fails on regressions against this file instead of absolute levels.
path = ".auditor-baseline.json"
score_margin = 5.0                # an item regresses when its overall score drops by more than this
document_margin = 1.0             # a feed regresses when its overall score drops by more than this
fail_on_new = "critical"          # new findings of this severity or worse are regressions ("none": never)
"""


@dataclass(frozen=True)
class CheckLimit:
    """Per-check override: a maximum count of its findings, or leave them out of the severity counts."""

    max_findings: int | None = None
    ignore: bool = False


@dataclass(frozen=True)
class Thresholds:
    """Absolute levels the gate enforces (None: not enforced)."""

    min_document_overall: float | None = None
    min_segment_overall: float | None = None
    fail_on_severity: Severity | None = Severity.CRITICAL
    max_findings: dict[str, int] = field(default_factory=dict)
    checks: dict[str, CheckLimit] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "min_document_overall": self.min_document_overall,
            "min_segment_overall": self.min_segment_overall,
            "fail_on_severity": self.fail_on_severity.value if self.fail_on_severity else "none",
            "max_findings": dict(sorted(self.max_findings.items())),
            "checks": {k: vars(v) for k, v in sorted(self.checks.items())},
        }


@dataclass(frozen=True)
class BaselineSettings:
    """How a run is compared with a baseline."""

    path: str = DEFAULT_BASELINE
    score_margin: float = 5.0
    document_margin: float = 1.0
    fail_on_new: Severity | None = Severity.CRITICAL


@dataclass(frozen=True)
class CheckConfig:
    """Everything `auditor check` needs besides the command-line flags."""

    auditor: AuditorConfig = field(default_factory=AuditorConfig)
    thresholds: Thresholds = field(default_factory=Thresholds)
    baseline: BaselineSettings = field(default_factory=BaselineSettings)
    feeds: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    cache: str | None = None
    sources: str | None = None
    source_lang: str | None = None
    target_lang: str | None = None
    pairs: tuple[str, ...] = ()
    path: str | None = None  # the config file read, if any

    def resolve(self, value: str) -> str:
        """A path from the config file, relative to the file's directory."""
        if self.path is None or Path(value).is_absolute():
            return value
        return str(Path(self.path).parent / value)


# --- loading ----------------------------------------------------------------------------------------------------

# The accepted keys: a type (or tuple of types) per key, or a nested dict; "*" matches any key of a table.
_SPEC: dict[str, Any] = {
    "feeds": list,
    "ignore": list,
    "cache": (str, bool),
    "sources": str,
    "languages": {"source": str, "target": str, "pairs": list},
    "models": {
        "src_encoder": str,
        "ref_encoder": str,
        "align_encoder": str,
        "fluency_model": str,
        "token_encoder": str,
        "batch_size": int,
    },
    "checks": {"enable": list, "disable": list, "severity": {"*": str}, "weights": {"*": (int, float)}},
    "thresholds": {
        "min_document_overall": (int, float),
        "min_segment_overall": (int, float),
        "fail_on_severity": str,
        "max_findings": {s: int for s in SEVERITY_NAMES},
        "checks": {"*": {"max_findings": int, "ignore": bool}},
    },
    "baseline": {"path": str, "score_margin": (int, float), "document_margin": (int, float), "fail_on_new": str},
}


def find_config(start: str | Path = ".") -> Path | None:
    """The nearest `auditor.toml`, or pyproject.toml with [tool.auditor], in `start` or its parents."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "tool" in _read_toml(pyproject) and "auditor" in _read_toml(pyproject)["tool"]:
            return pyproject
        if (folder / ".git").exists():
            return None
    return None


def load_config(path: str | Path | None = None, *, search_from: str | Path = ".") -> CheckConfig:
    """Load the given config file, or the nearest one; defaults when there is none."""
    found = Path(path) if path is not None else find_config(search_from)
    if found is None:
        return CheckConfig()
    if not found.is_file():
        raise ConfigError(
            f"config file not found: {found}", fix="check the --config path or run `auditor check --init`"
        )
    data = _read_toml(found)
    if found.name == "pyproject.toml":
        data = data.get("tool", {}).get("auditor")
        if data is None:
            raise ConfigError(f"{found} has no [tool.auditor] table", fix="add one, or use an auditor.toml")
    return parse_config(data, str(found))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: invalid TOML ({err})", fix="fix the syntax at the line shown") from None
    except OSError as err:
        raise ConfigError(f"{path}: cannot be read ({err.strerror})", fix="check the path") from None


def parse_config(data: dict[str, Any], source: str | None = None) -> CheckConfig:
    """Validate a config mapping (keys and types) and build a `CheckConfig`."""
    where = source or "the configuration"
    _validate(data, _SPEC, "", where)
    langs, models, checks = data.get("languages", {}), data.get("models", {}), data.get("checks", {})
    thr, base = data.get("thresholds", {}), data.get("baseline", {})
    auditor = AuditorConfig(
        **{k: v for k, v in models.items()},
        checks_enabled=tuple(_strings(checks["enable"], "checks.enable", where)) if checks.get("enable") else None,
        checks_disabled=tuple(_strings(checks.get("disable", []), "checks.disable", where)),
        severity_overrides={
            k: _severity(v, f"checks.severity.{k}", where) for k, v in checks.get("severity", {}).items()
        },
        check_weights={k: float(v) for k, v in checks.get("weights", {}).items()},
    )
    thresholds = Thresholds(
        min_document_overall=_score(thr.get("min_document_overall"), "thresholds.min_document_overall", where),
        min_segment_overall=_score(thr.get("min_segment_overall"), "thresholds.min_segment_overall", where),
        fail_on_severity=_severity_or_none(
            thr.get("fail_on_severity", "critical"), "thresholds.fail_on_severity", where
        ),
        max_findings={
            k: _count(v, f"thresholds.max_findings.{k}", where) for k, v in thr.get("max_findings", {}).items()
        },
        checks={
            name: CheckLimit(
                max_findings=_count(v["max_findings"], f"thresholds.checks.{name}.max_findings", where)
                if "max_findings" in v
                else None,
                ignore=bool(v.get("ignore", False)),
            )
            for name, v in thr.get("checks", {}).items()
        },
    )
    baseline = BaselineSettings(
        path=base.get("path", DEFAULT_BASELINE),
        score_margin=float(base.get("score_margin", 5.0)),
        document_margin=float(base.get("document_margin", 1.0)),
        fail_on_new=_severity_or_none(base.get("fail_on_new", "critical"), "baseline.fail_on_new", where),
    )
    _known_checks(thresholds, where)
    pairs = tuple(_strings(langs.get("pairs", []), "languages.pairs", where))
    for pair in pairs:
        if pair.count("-") != 1:
            raise ConfigError(f"{where}: languages.pairs entry {pair!r} is not SRC-TGT", fix='write pairs as "it-en"')
    return CheckConfig(
        auditor=auditor,
        thresholds=thresholds,
        baseline=baseline,
        feeds=tuple(_strings(data.get("feeds", []), "feeds", where)),
        ignore=tuple(_strings(data.get("ignore", []), "ignore", where)),
        cache=DEFAULT_CACHE if data.get("cache") is True else data.get("cache") or None,
        sources=data.get("sources"),
        source_lang=langs.get("source"),
        target_lang=langs.get("target"),
        pairs=pairs,
        path=source,
    )


def _known_checks(thresholds: Thresholds, where: str) -> None:
    """Per-check thresholds must name registered checks (the auditor itself checks enable/disable/severity)."""
    if not thresholds.checks:
        return
    from ..checks.runner import load_all_checks

    unknown = sorted(set(thresholds.checks) - set(load_all_checks()))
    if unknown:
        raise ConfigError(
            f"{where}: unknown check(s) in thresholds.checks: {', '.join(unknown)}",
            fix="run `auditor checks list` to see the check names",
        )


def _validate(data: dict[str, Any], spec: dict[str, Any], prefix: str, where: str) -> None:
    for key, value in data.items():
        name = f"{prefix}{key}"
        expected = spec.get(key, spec.get("*"))
        if expected is None:
            close = difflib.get_close_matches(key, [k for k in spec if k != "*"], n=1)
            hint = f"did you mean `{prefix}{close[0]}`?" if close else "known keys: " + ", ".join(sorted(spec))
            raise ConfigError(f"{where}: unknown key `{name}`", fix=hint)
        if isinstance(expected, dict):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: `{name}` must be a table", fix=f"write it as [{name}]")
            _validate(value, expected, f"{name}.", where)
        elif not isinstance(value, expected) or (isinstance(value, bool) and bool not in _types(expected)):
            names = expected.__name__ if isinstance(expected, type) else " or ".join(t.__name__ for t in expected)
            raise ConfigError(f"{where}: `{name}` must be {names}, not {type(value).__name__}", fix=f"fix `{name}`")


def _types(expected: type | tuple[type, ...]) -> tuple[type, ...]:
    return expected if isinstance(expected, tuple) else (expected,)


def _strings(value: list[Any], name: str, where: str) -> list[str]:
    if not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: `{name}` must be a list of strings", fix=f"quote every entry of `{name}`")
    return value


def _severity(value: str, name: str, where: str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise ConfigError(
            f"{where}: `{name}` = {value!r} is not a severity", fix="use " + ", ".join(SEVERITY_NAMES)
        ) from None


def _severity_or_none(value: str, name: str, where: str) -> Severity | None:
    return None if value == "none" else _severity(value, name, where)


def _score(value: float | None, name: str, where: str) -> float | None:
    if value is not None and not 0 <= value <= 100:
        raise ConfigError(f"{where}: `{name}` = {value} is outside 0-100", fix="give a score between 0 and 100")
    return None if value is None else float(value)


def _count(value: int, name: str, where: str) -> int:
    if value < 0:
        raise ConfigError(f"{where}: `{name}` = {value} is negative", fix="give a count of 0 or more")
    return value


def write_starter(path: str | Path) -> Path:
    """Write `STARTER_CONFIG` to `path`, refusing to overwrite an existing file."""
    target = Path(path)
    try:
        with target.open("x", encoding="utf-8") as stream:
            stream.write(STARTER_CONFIG)
    except FileExistsError:
        raise ConfigError(f"{target} already exists; not overwriting it", fix="edit it, or remove it first") from None
    return target

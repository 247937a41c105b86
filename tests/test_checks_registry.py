"""The check registry: every check is documented, named consistently and configurable."""

from __future__ import annotations

import pytest

from auditor.checks.base import Check, Needs
from auditor.checks.runner import CheckRunner, load_all_checks
from auditor.config import AuditorConfig
from auditor.errors import ConfigError
from auditor.types import Category, Segment, Severity

REGISTRY = load_all_checks()


def test_registry_is_not_empty() -> None:
    assert len(REGISTRY) >= 20


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_check_is_documented(name: str) -> None:
    cls: type[Check] = REGISTRY[name]
    assert cls.name == name and name == name.lower() and " " not in name
    assert isinstance(cls.category, Category)
    assert isinstance(cls.severity, Severity)
    assert isinstance(cls.needs, Needs)
    doc = cls.__doc__ or ""
    assert len(cls.describe()["description"]) > 20, f"{name} needs a docstring"
    assert "Example" in doc or "example" in doc, f"{name}'s docstring needs an example"


def test_disable_and_enable_by_configuration() -> None:
    every = CheckRunner(AuditorConfig())
    lm_only = {"lm-surprisal", "lm-dropped-word", "lm-added-word"}  # on with the `lm` fluency model only
    assert sorted(every.names) == sorted(set(REGISTRY) - lm_only)
    assert "lm-added-word" in CheckRunner(AuditorConfig(checks_enabled=("lm-added-word", "numbers"))).names
    assert sorted(CheckRunner(AuditorConfig(fluency_model="lm")).names) == sorted(REGISTRY)
    some = CheckRunner(AuditorConfig(checks_enabled=("numbers", "glued-words"), checks_disabled=("numbers",)))
    assert some.names == ["glued-words"]


def test_severity_override_changes_findings() -> None:
    segment = Segment("1", "The storm hit Iranwhere people live.", ref="The storm hit Iran, where people live.")
    runner = CheckRunner(
        AuditorConfig(checks_enabled=("glued-words",), severity_overrides={"glued-words": Severity.MAJOR})
    )
    [findings] = runner.run([segment])
    assert findings and all(f.severity is Severity.MAJOR for f in findings)


def test_unknown_check_names_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="no-such-check"):
        CheckRunner(AuditorConfig(checks_disabled=("no-such-check",)))


def test_checks_that_need_a_reference_are_skipped_without_one() -> None:
    needs_ref = [n for n, c in REGISTRY.items() if c.needs is Needs.REFERENCE]
    runner = CheckRunner(AuditorConfig(checks_enabled=tuple(needs_ref))) if needs_ref else None
    if runner is None:
        pytest.skip("no reference-only checks registered")
    [findings] = runner.run([Segment("1", "Seven people died.", src="Sono morte sette persone.", src_lang="it")])
    assert findings == []

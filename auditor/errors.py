"""Typed errors raised by the library.

Only the CLI and the API turn these into exit codes and HTTP statuses. Every message says what is wrong
and ends with how to fix it.
"""

from __future__ import annotations


class AuditorError(Exception):
    """Base class of every error the auditor raises on purpose."""

    def __init__(self, message: str, *, fix: str | None = None) -> None:
        self.problem = message
        self.fix = fix
        super().__init__(f"{message}; {fix}" if fix else message)

    def __reduce__(self) -> tuple[object, ...]:
        # keeps `fix` when the error crosses a process boundary (the feature process)
        return (_rebuild, (type(self), self.problem, self.fix))


def _rebuild(cls: type[AuditorError], problem: str, fix: str | None) -> AuditorError:
    return cls(problem, fix=fix)


class InputError(AuditorError):
    """Input that cannot be read or parsed: missing file, wrong encoding, malformed JSON/CSV/XML."""


class ValidationError(AuditorError):
    """Input that was read but does not make sense: empty text, missing fields, mismatched line counts."""


class LanguageError(AuditorError):
    """A language code the auditor does not know, or text whose language does not match its label."""


class ConfigError(AuditorError):
    """Bad configuration: unknown check, bad threshold, unreadable config file."""


class ModelError(AuditorError):
    """A model that cannot be loaded (not installed, not found offline)."""

"""auditor: a multilingual translation-quality auditor for machine-translated news."""

__version__ = "0.1.0"

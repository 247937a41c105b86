"""Report writers for `auditor check`: SARIF, JUnit XML, GitHub annotations and job summary, HTML."""

from .github import annotation_lines, markdown_summary
from .html import to_html
from .junit import to_junit
from .sarif import to_sarif

__all__ = ["annotation_lines", "markdown_summary", "to_html", "to_junit", "to_sarif"]

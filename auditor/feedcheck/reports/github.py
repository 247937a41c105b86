"""GitHub Actions output: workflow annotations (`::error file=...::`) and a Markdown job summary.

Annotations: critical findings, violations and input errors are errors, major findings warnings, minor notices;
at most `limit` are printed (GitHub shows only a few per step), most severe first.
"""

from __future__ import annotations

from typing import Any

from ..gate import CheckRun
from .location import Locator, Region

_LEVEL = {"critical": "error", "major": "warning", "minor": "notice"}
_RANK = {"error": 0, "warning": 1, "notice": 2}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(
    level: str, message: str, *, file: str | None = None, region: Region | None = None, title: str = ""
) -> str:
    """One workflow command line."""
    props: list[str] = []
    if file:
        props.append(f"file={_escape_property(file)}")
    if region is not None:
        props.append(f"line={region.start_line}")
        if region.end_line is not None and region.end_line != region.start_line:
            props.append(f"endLine={region.end_line}")
        else:
            props.append(f"col={region.start_column}")
            if region.end_column is not None:
                props.append(f"endColumn={region.end_column}")
    if title:
        props.append(f"title={_escape_property(title)}")
    joined = " " + ",".join(props) if props else ""
    return f"::{level}{joined}::{_escape_data(message)}"


def annotation_lines(run: CheckRun, limit: int = 50) -> list[str]:
    """The annotation lines of a run, most severe first, with a final notice when some were left out."""
    locator = Locator(run.texts)
    entries: list[tuple[int, str]] = []
    for e in run.errors:
        region = Region(e.line or 1, e.column or 1)
        entries.append((0, annotation("error", e.message, file=e.path, region=region, title=f"input {e.kind}")))
    by_key = {(r.feed, r.item.segment.id): r for r in run.results}
    for v in run.violations:
        item = by_key.get((v.feed or "", v.item_id or ""))
        where = locator.item(item.item) if item is not None else None
        title = f"auditor gate: {v.rule}" + (f" (item {v.item_id})" if v.item_id else "")
        entries.append((0, annotation("error", v.message, file=v.feed, region=where, title=title)))
    for r in run.results:
        for f in r.result.findings:
            level = _LEVEL[f.severity.value]
            region = locator.finding(r.feed, r.item, r.result.segment, f)
            message = f"{f.message} ({f.side.value} text {f.span.text!r})"
            title = f"{f.check} [{f.severity.value}] item {r.item.segment.id}"
            entries.append((_RANK[level], annotation(level, message, file=r.feed, region=region, title=title)))
    entries.sort(key=lambda e: e[0])
    lines = [line for _, line in entries[:limit]]
    if len(entries) > limit:
        lines.append(annotation("notice", f"{len(entries) - limit} more annotations left out; see the reports"))
    return lines


def markdown_summary(run: CheckRun, worst: int = 10, max_violations: int = 20) -> str:
    """A Markdown job summary: verdict, per-feed table, violations, input errors and the worst items."""
    s = run.summary()
    verdict = "✅ passed" if run.passed else "❌ failed"
    mode = "regressions against the baseline" if run.mode == "baseline" else "absolute thresholds"
    out = [f"## Translation quality gate: {verdict}", "", f"Checked {s['items']} items in {s['feeds']} feeds ({mode})."]
    if run.stats is not None:
        out.append(f"Scored {run.stats.scored} items, {run.stats.cached} from the cache, in {run.stats.seconds:.1f} s.")
    counts = ", ".join(f"{n} {k}" for k, n in run.severity_counts.items())
    out += ["", f"Findings: {counts}.", "", "| feed | format | items | input errors | overall | fidelity | fluency |"]
    out.append("|---|---|---:|---:|---:|---:|---:|")
    for feed in run.feeds:
        out.append(
            f"| `{feed.path}` | {feed.format} | {feed.items} | {feed.errors} | {_num(feed.scores, 'overall')} "
            f"| {_num(feed.scores, 'fidelity')} | {_num(feed.scores, 'fluency')} |"
        )
    if run.comparison is not None:
        c = run.comparison
        out += [
            "",
            f"Baseline: {len(c.regressions)} regressions, {c.worsened} items worse, {c.improved} better, "
            f"{c.new_items} new, {c.removed_items} removed, {len(c.new_findings)} new findings.",
        ]
        if c.signature_changed:
            out.append(
                "> The auditor's models or settings changed since the baseline: score changes may come from that."
            )
    if run.violations:
        out += ["", f"### Violations ({len(run.violations)})", ""]
        out += [f"- {_where(v.feed, v.line, v.item_id)}{_md(v.message)}" for v in run.violations[:max_violations]]
        if len(run.violations) > max_violations:
            out.append(f"- ... and {len(run.violations) - max_violations} more")
    if run.errors:
        out += ["", f"### Input errors ({len(run.errors)})", ""]
        out += [f"- {_where(e.path, e.line, e.item_id)}{_md(e.message)}" for e in run.errors[:max_violations]]
    ranked = sorted(run.results, key=lambda r: r.result.scores.get("overall", 0.0))[:worst]
    if ranked:
        out += [
            "",
            "### Lowest-scoring items",
            "",
            "| feed | item | overall | band | findings | MT |",
            "|---|---|---:|---|---|---|",
        ]
        for r in ranked:
            found = ", ".join(sorted({f"{f.check} ({f.severity.value})" for f in r.result.findings})) or "-"
            mt = r.result.segment.mt
            mt = mt if len(mt) <= 80 else mt[:77] + "..."
            out.append(
                f"| `{r.feed}` | `{r.item.segment.id}` | {r.result.scores.get('overall', 0):.1f} "
                f"| {r.result.band or '-'} | {_md(found)} | {_md(mt)} |"
            )
    return "\n".join(out) + "\n"


def _num(scores: dict[str, Any], key: str) -> str:
    return f"{scores[key]:.1f}" if key in scores else "-"


def _where(feed: str | None, line: int | None, item_id: str | None) -> str:
    if not feed:
        return ""
    loc = f"`{feed}:{line}`" if line else f"`{feed}`"
    return f"{loc} item `{item_id}`: " if item_id else f"{loc}: "


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell or list item."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")

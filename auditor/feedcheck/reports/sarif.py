"""SARIF 2.1.0: one result per finding, plus results for broken thresholds and unreadable items.

A finding's location is the feed file with a region (line/column and `charOffset`/`charLength` of the span in
the file, code points; see `location`) and a logical location naming the item id. Schema subset used by the
tests: `auditor/data/schemas/sarif-2.1.0-subset.schema.json`.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ... import __version__
from ..gate import CheckRun, Violation
from ..runner import ItemResult
from .location import Locator, Region

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://pypi.org/project/auditor/"
LEVELS = {"critical": "error", "major": "warning", "minor": "note"}


def to_sarif(run: CheckRun) -> dict[str, Any]:
    """The SARIF log of a run."""
    locator = Locator(run.texts)
    rules: dict[str, dict[str, Any]] = {}
    results: list[dict[str, Any]] = []
    new = run.comparison.new_findings if run.comparison is not None else None
    for r in run.results:
        for index, f in enumerate(r.result.findings):
            rule_index = _rule(rules, f.check, f.category.value, LEVELS[f.severity.value])
            region = locator.finding(r.feed, r.item, r.result.segment, f)
            result: dict[str, Any] = {
                "ruleId": f.check,
                "ruleIndex": rule_index,
                "level": LEVELS[f.severity.value],
                "message": {
                    "text": f"{f.message} [{f.severity.value}, {f.category.value}] in item {r.item.segment.id}"
                },
                "locations": [_location(r.feed, region, r.item.segment.id, f.span.text)],
                "partialFingerprints": {
                    "auditorFinding/v1": _digest(r.key, f.check, f.side.value, f.severity.value, f.span.text)
                },
                "properties": {
                    "item": r.item.segment.id,
                    "side": f.side.value,
                    "category": f.category.value,
                    "severity": f.severity.value,
                    "span": f.span.to_dict(),
                    "confidence": round(f.confidence, 4),
                    "overall": round(r.result.scores.get("overall", 0.0), 2),
                },
            }
            if f.evidence:
                result["properties"]["evidence"] = f.evidence
            if new is not None:
                result["baselineState"] = "new" if (r.key, index) in new else "unchanged"
            results.append(result)
    by_key = {(r.feed, r.item.segment.id): r for r in run.results}
    for v in run.violations:
        results.append(_violation(rules, v, by_key.get((v.feed or "", v.item_id or "")), locator))
    for e in run.errors:
        rule_index = _rule(rules, f"input/{e.kind}", "Input", "error", f"An item that is {e.kind} and was not scored.")
        region = Region(e.line or 1, e.column or 1)
        results.append(
            {
                "ruleId": f"input/{e.kind}",
                "ruleIndex": rule_index,
                "level": "error",
                "message": {"text": e.message},
                "locations": [_location(e.path, region, e.item_id)],
            }
        )
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "auditor",
                        "version": __version__,
                        "informationUri": INFO_URI,
                        "rules": list(rules.values()),
                    }
                },
                "columnKind": "unicodeCodePoints",
                "invocations": [{"executionSuccessful": True, "properties": run.summary()}],
                "results": results,
                "properties": {"signature": run.signature, "thresholds": run.thresholds.to_dict()},
            }
        ],
    }


def _rule(rules: dict[str, dict[str, Any]], rule_id: str, category: str, level: str, text: str | None = None) -> int:
    if rule_id not in rules:
        rules[rule_id] = {
            "id": rule_id,
            "name": rule_id.replace("/", "-"),
            "shortDescription": {"text": text or _describe(rule_id) or f"{category} check {rule_id}"},
            "defaultConfiguration": {"level": level},
            "properties": {"category": category},
        }
    return list(rules).index(rule_id)


def _describe(check: str) -> str | None:
    from ...checks.runner import load_all_checks

    cls = load_all_checks().get(check)
    return str(cls.describe()["description"]) if cls is not None else None


def _location(feed: str, region: Region, item_id: str | None, snippet: str | None = None) -> dict[str, Any]:
    reg: dict[str, Any] = {"startLine": region.start_line, "startColumn": region.start_column}
    if region.end_line is not None and region.end_column is not None:
        reg["endLine"], reg["endColumn"] = region.end_line, region.end_column
    if region.char_offset is not None and region.char_length is not None:
        reg["charOffset"], reg["charLength"] = region.char_offset, region.char_length
    if snippet:
        reg["snippet"] = {"text": snippet}
    out: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": feed}, "region": reg}}
    if item_id is not None:
        out["logicalLocations"] = [{"name": item_id, "fullyQualifiedName": f"{feed}#{item_id}", "kind": "object"}]
    return out


def _violation(
    rules: dict[str, dict[str, Any]], v: Violation, item: ItemResult | None, locator: Locator
) -> dict[str, Any]:
    rule_id = f"gate/{v.rule}"
    rule_index = _rule(rules, rule_id, "Gate", "error", f"Quality gate: {v.rule.replace('-', ' ')}.")
    out: dict[str, Any] = {"ruleId": rule_id, "ruleIndex": rule_index, "level": "error", "message": {"text": v.message}}
    if v.feed is not None:
        region = locator.item(item.item) if item is not None else Region(v.line or 1, 1)
        out["locations"] = [_location(v.feed, region, v.item_id)]
    return out


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]

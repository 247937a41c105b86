"""JUnit XML: one test suite per feed, one test case per item; a failure when the item breaks a threshold.

Unreadable items are test cases with an `<error>`; feed-level and run-level violations are extra test cases
(`(feed)` in the feed's suite, and a suite `auditor gate`), so every reason to fail shows in a CI test view.
"""

from __future__ import annotations

import re
from collections import defaultdict
from xml.etree import ElementTree as ET

from ..gate import CheckRun, Violation
from ..runner import ItemResult

GATE_SUITE = "auditor gate"
# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def to_junit(run: CheckRun) -> str:
    """The JUnit XML text of a run."""
    root = ET.Element("testsuites", name="auditor check")
    items: dict[str, list[ItemResult]] = defaultdict(list)
    for r in run.results:
        items[r.feed].append(r)
    feed_violations: dict[str, list[Violation]] = defaultdict(list)
    run_violations: list[Violation] = []
    for v in run.violations:
        if v.item_id is None:
            (feed_violations[v.feed] if v.feed else run_violations).append(v)
    totals = [0, 0, 0]
    for feed in run.feeds:
        suite = ET.SubElement(root, "testsuite", name=feed.path, file=feed.path)
        tests = failures = errors = 0
        for r in items.get(feed.path, []):
            tests += 1
            case = _case(suite, r.item.segment.id, feed.path, r.item.line)
            props = ET.SubElement(case, "properties")
            for key in ("overall", "fidelity", "fluency"):
                if key in r.result.scores:
                    ET.SubElement(props, "property", name=key, value=f"{r.result.scores[key]:.2f}")
            ET.SubElement(props, "property", name="band", value=r.result.band or "")
            reasons = run.item_failures.get(r.key)
            if reasons:
                failures += 1
                failure = ET.SubElement(case, "failure", message=reasons[0], type="threshold")
                failure.text = "\n".join(reasons)
            if r.result.findings:
                out = ET.SubElement(case, "system-out")
                out.text = "\n".join(
                    f"{f.severity.value} {f.check} {f.side.value}[{f.span.start}:{f.span.end}] "
                    f"{f.span.text!r}: {f.message}"
                    for f in r.result.findings
                )
        for e in run.errors:
            if e.path == feed.path:
                tests += 1
                errors += 1
                case = _case(suite, e.item_id or f"line {e.line}", feed.path, e.line)
                ET.SubElement(case, "error", message=e.message, type=f"input-{e.kind}").text = e.message
        for v in feed_violations.get(feed.path, []):
            tests += 1
            failures += 1
            case = _case(suite, "(feed)", feed.path, None)
            ET.SubElement(case, "failure", message=v.message, type=v.rule).text = v.message
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
        totals = [totals[0] + tests, totals[1] + failures, totals[2] + errors]
    gate = ET.SubElement(root, "testsuite", name=GATE_SUITE)
    gate_cases: list[Violation | None] = list(run_violations) or [None]
    for gv in gate_cases:
        case = _case(gate, gv.rule if gv else "run thresholds", GATE_SUITE, None)
        if gv is not None:
            ET.SubElement(case, "failure", message=gv.message, type=gv.rule).text = gv.message
    gate.set("tests", str(len(gate_cases)))
    gate.set("failures", str(len(run_violations)))
    gate.set("errors", "0")
    root.set("tests", str(totals[0] + len(gate_cases)))
    root.set("failures", str(totals[1] + len(run_violations)))
    root.set("errors", str(totals[2]))
    if run.stats is not None:
        root.set("time", f"{run.stats.seconds:.3f}")
    ET.indent(root)
    body = _NOT_XML.sub("\ufffd", ET.tostring(root, encoding="unicode"))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _case(suite: ET.Element, name: str, classname: str, line: int | None) -> ET.Element:
    case = ET.SubElement(suite, "testcase", name=name, classname=classname, time="0")
    if classname != GATE_SUITE:
        case.set("file", classname)
    if line:
        case.set("line", str(line))
    return case

"""A self-contained HTML report (inline CSS and SVG, no scripts, nothing fetched).

It shows the verdict, the feeds, a histogram of item scores, finding counts per category, violations, input
errors, and the worst items with their finding spans highlighted as `<mark class="sev-...">`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from html import escape

from ... import __version__
from ...types import Finding, Side
from ..gate import CheckRun
from ..runner import ItemResult

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d0d7de}
.verdict{display:inline-block;padding:2px 10px;border-radius:12px;color:#fff;font-weight:600}
.pass{background:#1a7f37}.fail{background:#cf222e}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #d0d7de;padding:4px 8px;
text-align:left;vertical-align:top}th{background:#eaeef2}td.num{text-align:right;font-variant-numeric:tabular-nums}
.card{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;margin:12px 0}
.meta{color:#57606a;font-size:13px}.text{white-space:pre-wrap;margin:4px 0}
mark{border-radius:3px;padding:0 2px}
mark.sev-critical{background:#ffd7d5;outline:2px solid #cf222e}
mark.sev-major{background:#fff1c2;outline:2px solid #bf8700}
mark.sev-minor{background:#ddf4ff;outline:1px solid #0969da}
.band-ok{color:#1a7f37}.band-review{color:#9a6700}.band-reject{color:#cf222e}
ul.findings{margin:4px 0 0 18px;padding:0;font-size:14px}
svg text{font:12px system-ui,sans-serif;fill:#1f2328}
"""


def to_html(run: CheckRun, worst: int = 25) -> str:
    """The HTML text of a report."""
    s = run.summary()
    verdict = '<span class="verdict pass">passed</span>' if run.passed else '<span class="verdict fail">failed</span>'
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>auditor check: {'passed' if run.passed else 'failed'}</title><style>{_CSS}</style></head><body><main>",
        f"<h1>Translation quality gate {verdict}</h1>",
        f'<p class="meta">auditor {escape(__version__)} · {s["items"]} items in {s["feeds"]} feeds · '
        f"mode: {escape(run.mode)} · findings: "
        + ", ".join(f"{n} {escape(k)}" for k, n in run.severity_counts.items())
        + (f" · scored {run.stats.scored}, cached {run.stats.cached}" if run.stats else "")
        + "</p>",
        _feeds_table(run),
        "<h2>Score distribution</h2>",
        histogram([r.result.scores.get("overall", 0.0) for r in run.results]),
        "<h2>Findings per category</h2>",
        category_bars(run.category_counts),
    ]
    if run.violations:
        parts.append(f"<h2>Violations ({len(run.violations)})</h2><ul>")
        for v in run.violations[:200]:
            where = f"<code>{escape(v.feed)}{':' + str(v.line) if v.line else ''}</code> " if v.feed else ""
            item = f"item <code>{escape(v.item_id)}</code>: " if v.item_id else ""
            parts.append(f"<li>{where}{item}{escape(v.message)} <span class='meta'>({escape(v.rule)})</span></li>")
        parts.append("</ul>")
    if run.errors:
        parts.append(f"<h2>Input errors ({len(run.errors)})</h2><ul>")
        parts += [f"<li><code>{escape(e.where)}</code>: {escape(e.message)}</li>" for e in run.errors[:200]]
        parts.append("</ul>")
    ranked = sorted(run.results, key=lambda r: r.result.scores.get("overall", 0.0))[:worst]
    parts.append(f"<h2>Worst items ({len(ranked)})</h2>")
    parts += [_item_card(r, run.item_failures.get(r.key, ())) for r in ranked]
    parts.append("</main></body></html>\n")
    return "\n".join(parts)


def _feeds_table(run: CheckRun) -> str:
    rows = [
        "<h2>Feeds</h2><table><tr><th>feed</th><th>format</th><th>items</th><th>input errors</th>"
        "<th>overall</th><th>fidelity</th><th>fluency</th></tr>"
    ]
    for f in run.feeds:
        cells = "".join(
            f'<td class="num">{f.scores[k]:.1f}</td>' if k in f.scores else "<td>-</td>"
            for k in ("overall", "fidelity", "fluency")
        )
        rows.append(
            f"<tr><td><code>{escape(f.path)}</code></td><td>{escape(f.format)}</td>"
            f'<td class="num">{f.items}</td><td class="num">{f.errors}</td>{cells}</tr>'
        )
    rows.append("</table>")
    return "".join(rows)


def histogram(scores: Sequence[float], bins: int = 10, width: int = 640, height: int = 200) -> str:
    """An inline SVG bar chart of scores 0-100 in `bins` bins."""
    counts = [0] * bins
    for value in scores:
        counts[min(bins - 1, max(0, int(value // (100 / bins))))] += 1
    top = max(counts) or 1
    pad, bar_w = 30, (width - 40) / bins
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 40}" role="img" '
        f'aria-label="histogram of overall scores">'
    ]
    for i, n in enumerate(counts):
        h = (height - 20) * n / top
        x, y = pad + i * bar_w, height - h
        color = "#cf222e" if i < 3 else "#bf8700" if i < 6 else "#1a7f37"
        out.append(
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w - 4:.1f}" height="{h:.1f}" fill="{color}">'
            f"<title>{i * 100 // bins}-{(i + 1) * 100 // bins}: {n}</title></rect>"
        )
        out.append(f'<text x="{x + bar_w / 2 - 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">{n}</text>')
        out.append(f'<text x="{x:.1f}" y="{height + 16}">{i * 100 // bins}</text>')
    out.append(f'<line x1="{pad}" y1="{height}" x2="{width - 10}" y2="{height}" stroke="#57606a"/>')
    out.append(f'<text x="{pad}" y="{height + 34}">overall score</text></svg>')
    return "".join(out)


def category_bars(counts: dict[str, int], width: int = 640) -> str:
    """An inline SVG of horizontal bars, one per finding category."""
    if not counts:
        return "<p>No findings.</p>"
    top = max(counts.values()) or 1
    row, label = 24, 220
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{row * len(counts) + 8}" role="img" '
        f'aria-label="findings per category">'
    ]
    for i, (name, n) in enumerate(counts.items()):
        w = (width - label - 60) * n / top
        y = i * row + 4
        out.append(f'<text x="0" y="{y + 15}">{escape(name)}</text>')
        out.append(f'<rect x="{label}" y="{y}" width="{w:.1f}" height="{row - 6}" fill="#0969da"/>')
        out.append(f'<text x="{label + w + 6:.1f}" y="{y + 15}">{n}</text>')
    out.append("</svg>")
    return "".join(out)


def highlight(text: str, findings: Sequence[Finding]) -> str:
    """`text` escaped, with each finding span in a `<mark>` (overlaps take the worst severity)."""
    spans = [f for f in findings if 0 <= f.span.start < f.span.end <= len(text)]
    if not spans:
        return escape(text)
    cuts = sorted({0, len(text), *(f.span.start for f in spans), *(f.span.end for f in spans)})
    out: list[str] = []
    for start, end in itertools.pairwise(cuts):
        piece = escape(text[start:end])
        covering = [f for f in spans if f.span.start <= start and end <= f.span.end]
        if not covering:
            out.append(piece)
            continue
        worst = max(covering, key=lambda f: f.severity.rank)
        title = escape("; ".join(f"{f.check} ({f.severity.value}): {f.message}" for f in covering), quote=True)
        out.append(
            f'<mark class="sev-{worst.severity.value}" data-check="{escape(worst.check)}" title="{title}">'
            f"{piece}</mark>"
        )
    return "".join(out)


def _item_card(r: ItemResult, reasons: Sequence[str]) -> str:
    seg, scores = r.result.segment, r.result.scores
    band = r.result.band or "-"
    head = (
        f'<div class="card" id="item-{escape(seg.id, quote=True)}"><div class="meta"><code>{escape(r.feed)}:'
        f"{r.item.line}</code> item <code>{escape(seg.id)}</code> · overall <b>{scores.get('overall', 0):.1f}</b>"
        f" · fidelity {_fmt(scores, 'fidelity')} · fluency {_fmt(scores, 'fluency')}"
        f' · <span class="band-{escape(band)}">{escape(band)}</span>'
        f" · {escape(seg.src_lang or '?')} → {escape(seg.tgt_lang or '?')}</div>"
    )
    body = [
        head,
        '<div class="meta">MT</div><p class="text mt">'
        + highlight(seg.mt, [f for f in r.result.findings if f.side is Side.MT])
        + "</p>",
    ]
    for side, text in ((Side.SRC, seg.src), (Side.REF, seg.ref)):
        if text:
            marked = highlight(text, [f for f in r.result.findings if f.side is side])
            body.append(
                f'<div class="meta">{"source" if side is Side.SRC else "reference"}</div>'
                f'<p class="text {side.value}">{marked}</p>'
            )
    if r.result.findings:
        body.append('<ul class="findings">')
        body += [
            f"<li><b>{escape(f.severity.value)}</b> {escape(f.check)} <span class='meta'>({escape(f.category.value)})"
            f"</span> {escape(f.side.value)}[{f.span.start}:{f.span.end}] “{escape(f.span.text)}”: "
            f"{escape(f.message)}</li>"
            for f in r.result.findings
        ]
        body.append("</ul>")
    if reasons:
        body.append('<p class="meta">fails the gate: ' + escape("; ".join(reasons)) + "</p>")
    body.append("</div>")
    return "".join(body)


def _fmt(scores: dict[str, float], key: str) -> str:
    return f"{scores[key]:.1f}" if key in scores else "-"

"""The `auditor check` command: read feeds, score them (with the cache), apply the gate, write reports.

Exit codes (see `auditor.cli`): 0 passed, 1 the gate failed, 2 usage error, 3 unreadable input (a feed or an
item), 4 invalid input (an item without MT or source/reference, a bad language), 5 configuration or model error.
Input errors win over the gate: reports are still written, but the exit code is 3 or 4.
"""

from __future__ import annotations

import fnmatch
import json
import os
import sys
import traceback
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from ..cli import EXIT_GATE_FAILED, EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE, exit_code_for
from ..config import AuditorConfig
from ..errors import AuditorError, InputError
from ..formats import atomic_output
from .config import CONFIG_NAME, DEFAULT_CACHE, CheckConfig, load_config, write_starter
from .feeds import _EXTENSIONS, FEED_FORMATS, Feed, ItemError, read_feed, read_sources

_FEED_SUFFIXES = {*_EXTENSIONS, ".xml"}
EPILOG = (
    "Exit codes: 0 passed, 1 gate failed (thresholds or regressions), 2 usage error, 3 unreadable input, "
    "4 invalid input, 5 configuration or model error, 70 internal error. Reports are written even when the gate "
    "fails."
)


def build_auditor(config: AuditorConfig) -> Any:
    """The auditor that scores the feeds (tests replace this with a fake)."""
    from ..pipeline import Auditor

    return Auditor(config)


@click.command("check", epilog=EPILOG)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--config", "config_path", metavar="FILE", help=f"Config file (default: nearest {CONFIG_NAME} or pyproject.toml)."
)
@click.option("--init", is_flag=True, help=f"Write a commented starter {CONFIG_NAME} (never overwrites) and exit.")
@click.option("--format", "fmt", type=click.Choice(FEED_FORMATS), help="Feed format (default: from the extension).")
@click.option(
    "--sources", metavar="FILE", help="JSONL/CSV of sources (id, src, src_lang) for items that link to them by id."
)
@click.option("--src-lang", help="Source language of items that name none.")
@click.option("--tgt-lang", help="Target language of items that name none.")
@click.option(
    "--baseline",
    "baseline_path",
    metavar="FILE",
    help="Fail on regressions against this baseline, not absolute levels.",
)
@click.option("--update-baseline", is_flag=True, help="Write the baseline (--baseline or the config's) from this run.")
@click.option(
    "--cache",
    "cache_path",
    metavar="FILE",
    help=f"SQLite result cache (e.g. {DEFAULT_CACHE}); default from the config.",
)
@click.option("--no-cache", is_flag=True, help="Score every item, ignoring the configured cache.")
@click.option("--min-segment-overall", type=click.FloatRange(0, 100), help="Override thresholds.min_segment_overall.")
@click.option("--min-document-overall", type=click.FloatRange(0, 100), help="Override thresholds.min_document_overall.")
@click.option("--sarif", "sarif_path", metavar="FILE", help="Write a SARIF 2.1.0 log here.")
@click.option("--junit", "junit_path", metavar="FILE", help="Write JUnit XML here.")
@click.option("--html", "html_path", metavar="FILE", help="Write a self-contained HTML report here.")
@click.option(
    "--summary",
    "summary_path",
    metavar="FILE",
    help="Write a Markdown summary here (also appended to $GITHUB_STEP_SUMMARY).",
)
@click.option(
    "--json", "json_path", metavar="FILE", help="Write every item's scores and findings, and the verdict, as JSON."
)
@click.option("--github-annotations", is_flag=True, help="Print GitHub workflow annotations (::error file=...::).")
@click.option(
    "--max-annotations", type=click.IntRange(0), default=50, show_default=True, help="Most annotations printed."
)
@click.option("--batch-size", type=click.IntRange(1, 4096), help="Items scored per batch (default: config, 64).")
@click.option("-q", "--quiet", is_flag=True, help="Print only the verdict line.")
@click.pass_context
def check(ctx: click.Context, **opts: Any) -> None:
    """Quality gate for translated feeds: exit 1 when thresholds (or, with --baseline, regressions) fail."""
    try:
        code = _run(opts)
    except AuditorError as error:
        message = f"auditor: error: {error.problem}"
        if error.fix:
            message += f". Fix: {error.fix}"
        click.echo(message, err=True)
        code = exit_code_for(error)
    except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt):
        raise
    except Exception:  # a crash must not read as "the gate failed" (exit 1)
        click.echo(traceback.format_exc(), err=True)
        click.echo(
            f"auditor: internal error (a bug); exit {EXIT_INTERNAL}. Fix: report it with the trace above", err=True
        )
        code = EXIT_INTERNAL
    ctx.exit(code)


def _run(opts: dict[str, Any]) -> int:
    if opts["init"]:
        target = write_starter(opts["config_path"] or CONFIG_NAME)
        click.echo(f"wrote {target}: edit it, then run `auditor check`")
        return EXIT_OK
    cfg = _apply_flags(load_config(opts["config_path"]), opts)
    paths = collect_paths(opts["paths"] or [cfg.resolve(p) for p in cfg.feeds], cfg)
    if not paths:
        raise click.UsageError(f"no feeds to check: give paths, or list them under `feeds` in {CONFIG_NAME}")
    sources_file = opts["sources"] or (cfg.resolve(cfg.sources) if cfg.sources else None)
    sources = read_sources(sources_file) if sources_file else None
    feeds = [_read(p, opts["fmt"], cfg, sources) for p in paths]

    from .baseline import Baseline, compare, load_baseline, save_baseline
    from .cache import ResultCache, signature_hash
    from .gate import evaluate
    from .runner import document_scores, score_feeds

    auditor = build_auditor(cfg.auditor)
    signature = auditor.signature()
    digest = signature_hash(signature)
    baseline_file = opts["baseline_path"] or (cfg.resolve(cfg.baseline.path) if opts["update_baseline"] else None)
    baseline = load_baseline(baseline_file) if baseline_file and not opts["update_baseline"] else None
    cache_path = None if opts["no_cache"] else opts["cache_path"] or (cfg.resolve(cfg.cache) if cfg.cache else None)
    cache = ResultCache(cache_path) if cache_path else None
    bar = _progress_bar(sum(len(f.items) for f in feeds))
    try:
        results, item_errors, stats = score_feeds(
            auditor,
            feeds,
            cache=cache,
            batch_size=opts["batch_size"] or cfg.auditor.batch_size,
            allowed_pairs=cfg.pairs,
            signature_digest=digest,
            progress=bar.update if bar is not None else None,
        )
    finally:
        if bar is not None:
            bar.close()
        if cache is not None:
            cache.close()
    errors = [e for f in feeds for e in f.errors] + item_errors
    documents = document_scores(auditor, results)
    comparison = (
        compare(baseline, results, {k: v.get("overall", 0.0) for k, v in documents.items()}, cfg.baseline, digest)
        if baseline is not None
        else None
    )
    run = evaluate(
        feeds, results, errors, documents, cfg.thresholds, comparison=comparison, signature=signature, stats=stats
    )
    _write_reports(run, opts)
    if errors:
        unreadable = [e for e in errors if e.kind == "unreadable"]
        first = (unreadable or errors)[0]
        click.echo(
            f"auditor: error: {len(errors)} item(s) could not be checked, first {first.where}: {first.message}. "
            "Fix: correct or remove those items in the feed",
            err=True,
        )
        return EXIT_UNREADABLE if unreadable else EXIT_INVALID
    if opts["update_baseline"]:
        assert baseline_file is not None
        overall = {k: v.get("overall", 0.0) for k, v in documents.items()}
        save_baseline(Baseline.from_run(results, overall, digest), baseline_file)
        click.echo(f"wrote baseline {baseline_file} ({len(results)} items)")
        return EXIT_OK
    return EXIT_OK if run.passed else EXIT_GATE_FAILED


def _progress_bar(total: int) -> Any:
    """A progress bar on standard error when it is a terminal (tqdm), else None."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="item", file=sys.stderr, dynamic_ncols=True, leave=False)


def _apply_flags(cfg: CheckConfig, opts: dict[str, Any]) -> CheckConfig:
    thresholds = cfg.thresholds
    for key in ("min_segment_overall", "min_document_overall"):
        if opts[key] is not None:
            thresholds = replace(thresholds, **{key: opts[key]})
    return replace(
        cfg,
        thresholds=thresholds,
        source_lang=opts["src_lang"] or cfg.source_lang,
        target_lang=opts["tgt_lang"] or cfg.target_lang,
    )


def collect_paths(paths: Sequence[str], cfg: CheckConfig) -> list[str]:
    """Feed files named or found under directories (by extension), minus the config's `ignore` globs."""
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in _FEED_SUFFIXES)
        else:
            found.append(p)
    root = Path(cfg.path).parent if cfg.path else Path.cwd()
    out: list[str] = []
    for f in found:
        shown = _display(f)
        rel = _relative(f, root)
        if any(fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(shown, pat) for pat in cfg.ignore):
            continue
        if shown not in out:
            out.append(shown)
    return out


def _display(path: Path) -> str:
    """A feed path as reports show it (and baselines key it): relative to the working directory when inside it."""
    return _relative(path, Path.cwd())


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _read(path: str, fmt: str | None, cfg: CheckConfig, sources: dict[str, tuple[str, str | None]] | None) -> Feed:
    try:
        return read_feed(path, fmt, src_lang=cfg.source_lang, tgt_lang=cfg.target_lang, sources=sources)
    except InputError as err:  # the whole file: reported like an item, so the other feeds are still checked
        return Feed(path, fmt or "unknown", (), (ItemError(path, err.problem, "unreadable"),))


def _write_reports(run: Any, opts: dict[str, Any]) -> None:
    from .reports import annotation_lines, markdown_summary, to_html, to_junit, to_sarif

    if opts["sarif_path"]:
        with atomic_output(opts["sarif_path"]) as stream:
            json.dump(to_sarif(run), stream, ensure_ascii=False, indent=1)
            stream.write("\n")
    if opts["junit_path"]:
        with atomic_output(opts["junit_path"]) as stream:
            stream.write(to_junit(run))
    if opts["html_path"]:
        with atomic_output(opts["html_path"]) as stream:
            stream.write(to_html(run))
    if opts["json_path"]:
        with atomic_output(opts["json_path"]) as stream:
            # one dumps() call: json.dump() and indentation fall back to the pure-Python encoder (10x slower)
            stream.write(json.dumps(_json_report(run), ensure_ascii=False) + "\n")
    summary = markdown_summary(run)
    if opts["summary_path"]:
        with atomic_output(opts["summary_path"]) as stream:
            stream.write(summary)
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with open(step_summary, "a", encoding="utf-8") as stream:
            stream.write(summary)
    if opts["github_annotations"]:
        for line in annotation_lines(run, opts["max_annotations"]):
            click.echo(line)
    _echo_verdict(run, quiet=opts["quiet"])


def _json_report(run: Any) -> dict[str, Any]:
    return {
        "summary": run.summary(),
        "signature": run.signature,
        "thresholds": run.thresholds.to_dict(),
        "violations": [v.to_dict() for v in run.violations],
        "input_errors": [e.to_dict() for e in run.errors],
        "feeds": [{"path": f.path, "format": f.format, "items": f.items, "scores": f.scores} for f in run.feeds],
        "items": [
            {"feed": r.feed, "line": r.item.line, **r.result.to_dict(), "fails": list(run.item_failures.get(r.key, ()))}
            for r in run.results
        ],
    }


def _echo_verdict(run: Any, *, quiet: bool) -> None:
    s = run.summary()
    counts = ", ".join(f"{n} {k}" for k, n in run.severity_counts.items())
    verdict = "passed" if run.passed else "FAILED"
    line = (
        f"auditor check {verdict}: {s['items']} items in {s['feeds']} feeds, {len(run.violations)} violations, "
        f"{len(run.errors)} input errors; findings: {counts}"
    )
    if run.stats is not None:
        line += f"; scored {run.stats.scored}, cached {run.stats.cached}"
    out = sys.stdout
    if not quiet:
        for v in run.violations[:20]:
            where = f"{v.feed}:{v.line} " if v.feed and v.line else f"{v.feed} " if v.feed else ""
            item = f"item {v.item_id}: " if v.item_id else ""
            click.echo(f"  {where}{item}{v.message}", file=out)
        if len(run.violations) > 20:
            click.echo(f"  ... and {len(run.violations) - 20} more violations (see the reports)", file=out)
    if run.comparison is not None and run.comparison.signature_changed:
        click.echo("note: the auditor (version, models, checks or weights) changed since the baseline", file=out)
    click.echo(line, file=out)

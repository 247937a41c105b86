"""The `auditor` command line: a thin layer that turns library errors into one-line messages and exit codes.

Exit codes: 0 ok, 1 a quality gate failed (`auditor check`), 2 usage error, 3 unreadable input (missing file,
wrong encoding, malformed JSON/CSV/XML), 4 invalid input (empty text, missing fields, unknown language),
5 configuration or model error, 70 internal error (a bug).
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any, TypeVar

import click

from . import __version__
from .config import FLUENCY_MODELS, TOKEN_ENCODERS, AuditorConfig
from .errors import AuditorError, ConfigError, InputError, LanguageError, ModelError, ValidationError
from .formats import REPORT_FORMATS, SCORE_FORMATS, SegmentWriter, atomic_output, write_report
from .types import DocumentInput, SegmentResult

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_USAGE = 2
EXIT_UNREADABLE = 3
EXIT_INVALID = 4
EXIT_CONFIG = 5
EXIT_INTERNAL = 70  # EX_SOFTWARE: an unexpected exception, so that a crash never looks like a failed gate

_EXIT_FOR_ERROR: list[tuple[type[AuditorError], int]] = [
    (InputError, EXIT_UNREADABLE),
    (ValidationError, EXIT_INVALID),
    (LanguageError, EXIT_INVALID),
    (ConfigError, EXIT_CONFIG),
    (ModelError, EXIT_CONFIG),
]

F = TypeVar("F", bound=Callable[..., Any])


def exit_code_for(error: AuditorError) -> int:
    """The documented exit code of a library error."""
    for kind, code in _EXIT_FOR_ERROR:
        if isinstance(error, kind):
            return code
    return EXIT_INVALID


# Commands that live in their own modules, imported only when used (keeps `auditor --help` fast).
LAZY_COMMANDS = {
    "serve": "api.cli:serve",
    "check": "auditor.feedcheck.cli:check",
}


class AuditorGroup(click.Group):
    """A click group that prints library errors as one line ending in the fix, with the right exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *(LAZY_COMMANDS if ctx.parent is None else ())})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if ctx.parent is None and cmd_name in LAZY_COMMANDS:
            import importlib

            module_name, attr = LAZY_COMMANDS[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attr)
            if not isinstance(command, click.Command):
                raise TypeError(f"{LAZY_COMMANDS[cmd_name]} is not a click command")
            return command
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AuditorError as error:
            message = f"auditor: error: {error.problem}"
            if error.fix:
                message += f". Fix: {error.fix}"
            click.echo(message, err=True)
            sys.exit(exit_code_for(error))
        except BrokenPipeError:  # e.g. `auditor score ... | head`
            sys.stderr.close()
            sys.exit(EXIT_OK)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception:
            traceback.print_exc()
            click.echo(
                f"auditor: internal error (a bug); exit {EXIT_INTERNAL}. Fix: report it with the trace above", err=True
            )
            sys.exit(EXIT_INTERNAL)


def model_options(func: F) -> F:
    """Options shared by commands that load models and checks."""
    options = [
        click.option(
            "--src-encoder",
            default=AuditorConfig.src_encoder,
            show_default=True,
            help="Encoder for source-MT similarity.",
        ),
        click.option(
            "--ref-encoder",
            default=AuditorConfig.ref_encoder,
            show_default=True,
            help="Encoder for MT-reference similarity (auto = minilm for English targets, use-m3 otherwise).",
        ),
        click.option(
            "--token-encoder",
            type=click.Choice(TOKEN_ENCODERS),
            default=AuditorConfig.token_encoder,
            show_default=True,
            help="e5-small: add token-match features (MT and reference tokens matched on multilingual-e5-small "
            "vectors; weights scoring_v1-tokens.json): closer to MQM judgments, about 4x slower with a reference.",
        ),
        click.option(
            "--fluency-model",
            type=click.Choice(FLUENCY_MODELS),
            default=AuditorConfig.fluency_model,
            show_default=True,
            help="fast: word frequencies and form; lm: adds SmolLM2 surprisal for English targets (make setup-lm; "
            "about 6-8 segments/s); auto: lm when it is installed.",
        ),
        click.option("--enable", "enable", multiple=True, help="Run only these checks (repeatable)."),
        click.option("--disable", "disable", multiple=True, help="Skip these checks (repeatable)."),
        click.option("--ter", is_flag=True, help="Also report sentence TER (slow: about 4 ms a segment)."),
        click.option("--weights", help="Scoring weights trained for other encoders (bench/train_fidelity.py --out)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def build_config(
    src_encoder: str,
    ref_encoder: str,
    enable: tuple[str, ...],
    disable: tuple[str, ...],
    ter: bool = False,
    weights: str | None = None,
    fluency_model: str = AuditorConfig.fluency_model,
    token_encoder: str = AuditorConfig.token_encoder,
) -> AuditorConfig:
    return AuditorConfig(
        src_encoder=src_encoder,
        ref_encoder=ref_encoder,
        token_encoder=token_encoder,
        fluency_model=fluency_model,
        checks_enabled=tuple(enable) if enable else None,
        checks_disabled=tuple(disable),
        ter=ter,
        weights=weights,
    )


@click.group(cls=AuditorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditor")
def main() -> None:
    """Audit machine-translated news: align, score fidelity and fluency, and flag artifacts with exact spans."""


@main.command()
@click.option(
    "--mt", "mt_path", required=True, help="The machine translation (plain text; blank lines between paragraphs)."
)
@click.option("--src", "src_path", help="The source document.")
@click.option("--ref", "ref_path", help="A human reference translation.")
@click.option("--src-lang", help="Source language (ISO 639-1); detected when missing.")
@click.option("--tgt-lang", help="Target language (ISO 639-1); detected when missing.")
@click.option("--id", "doc_id", default="doc1", show_default=True, help="Document id in the report.")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text", show_default=True)
@click.option("-o", "--output", help="Write the report here (atomically) instead of standard output.")
@click.option("--max-chars", type=click.IntRange(1), default=1_000_000, show_default=True, help="Largest document.")
@model_options
def audit(
    mt_path: str,
    src_path: str | None,
    ref_path: str | None,
    src_lang: str | None,
    tgt_lang: str | None,
    doc_id: str,
    fmt: str,
    output: str | None,
    max_chars: int,
    src_encoder: str,
    ref_encoder: str,
    enable: tuple[str, ...],
    disable: tuple[str, ...],
    ter: bool,
    weights: str | None,
    token_encoder: str,
    fluency_model: str,
) -> None:
    """Align and audit one document against its source and/or reference."""
    from .pipeline import Auditor
    from .readers import read_text

    if not src_path and not ref_path:
        raise click.UsageError("give --src, --ref or both (the MT needs something to be compared with)")
    doc = DocumentInput(
        id=doc_id,
        mt=read_text(mt_path),
        src=read_text(src_path) if src_path else None,
        ref=read_text(ref_path) if ref_path else None,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
    )
    config = replace(
        build_config(src_encoder, ref_encoder, enable, disable, ter, weights, fluency_model, token_encoder),
        max_document_chars=max_chars,
    )
    report = Auditor(config).audit([doc])
    color = fmt == "text" and output is None and sys.stdout.isatty()
    with atomic_output(output) as stream:
        write_report(report, fmt, stream, color=color)


@main.command()
@click.option("--input", "input_path", required=True, help="JSONL (or TSV/CSV) of pre-aligned segments; - for stdin.")
@click.option("--input-format", type=click.Choice(["jsonl", "tsv", "csv"]), help="Default: from the file extension.")
@click.option("--src-lang", help="Default source language for rows without one.")
@click.option("--tgt-lang", help="Default target language for rows without one.")
@click.option("--format", "fmt", type=click.Choice(SCORE_FORMATS), default="jsonl", show_default=True)
@click.option("-o", "--output", help="Write results here (atomically) instead of standard output.")
@click.option("--batch-size", type=click.IntRange(1, 4096), default=64, show_default=True)
@click.option(
    "--feature-process/--no-feature-process",
    default=True,
    show_default=True,
    help="Compute encodings and surface metrics in a second process beside the checks (faster on 2+ cores, "
    "about 200 MB more memory).",
)
@model_options
def score(
    input_path: str,
    input_format: str | None,
    src_lang: str | None,
    tgt_lang: str | None,
    fmt: str,
    output: str | None,
    batch_size: int,
    feature_process: bool,
    src_encoder: str,
    ref_encoder: str,
    enable: tuple[str, ...],
    disable: tuple[str, ...],
    ter: bool,
    weights: str | None,
    token_encoder: str,
    fluency_model: str,
) -> None:
    """Score pre-aligned segments: exactly one output line per input segment, in order, streamed in batches."""
    from .pipeline import Auditor
    from .readers import read_segments

    config = build_config(src_encoder, ref_encoder, enable, disable, ter, weights, fluency_model, token_encoder)
    auditor = Auditor(replace(config, feature_process=feature_process))
    segments = read_segments(input_path, src_lang=src_lang, tgt_lang=tgt_lang, fmt=input_format)
    try:
        with atomic_output(output) as stream:
            writer = SegmentWriter(fmt, stream)
            for result in _with_progress(auditor.iter_score(segments, batch_size)):
                writer.write(result)
            writer.close()
    finally:
        auditor.close()


def _with_progress(results: Iterator[SegmentResult]) -> Iterator[SegmentResult]:
    """A progress bar on standard error when it is a terminal; silent otherwise."""
    if not sys.stderr.isatty():
        yield from results
        return
    from tqdm import tqdm

    with tqdm(unit="seg", file=sys.stderr, dynamic_ncols=True) as bar:
        for result in results:
            bar.update(1)
            yield result


@main.group()
def checks() -> None:
    """The artifact checks."""


@checks.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def checks_list(fmt: str) -> None:
    """List every check with its category, default severity and what it needs."""
    from .checks.runner import load_all_checks

    rows = [cls.describe() for _, cls in sorted(load_all_checks().items())]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        off = "  (off by default)" if row["default"] == "off" else ""
        click.echo(f"{row['name']:<24} {row['category']:<26} {row['severity']:<9} needs {row['needs']:<9}{off}")
        click.echo(f"{'':<4}{row['description']}")


if __name__ == "__main__":  # pragma: no cover
    main()

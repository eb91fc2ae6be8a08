"""The `pressfacts` command: a thin Typer layer over the library.

Each command parses its options and calls one library function; the work is in the
modules named after each stage.
"""

from __future__ import annotations

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Extract validated facts from press releases.")

# Commands are added below, one block each (run, evaluate, gold, review, export, projects).


# --- run (issues 2 and 5: the batch command, real-world input) ----------------------------

import sys as _sys  # noqa: E402
from enum import Enum as _Enum  # noqa: E402
from pathlib import Path as _RunPath  # noqa: E402
from typing import List as _RunList, Optional as _RunOptional  # noqa: E402


class RunEngine(str, _Enum):
    local = "local"
    dask = "dask"


class FactsFormat(str, _Enum):
    csv = "csv"
    parquet = "parquet"


@app.command("run")
def run_command(
    inputs: _RunList[str] = typer.Argument(..., help="Files and folders (searched for *.txt, *.md, *.html, *.htm); "
                                                      "'-' reads one path per line from stdin"),
    out: _RunPath = typer.Option(_RunPath("outputs"), "--out", file_okay=False, help="Output folder"),
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes"),
    engine: RunEngine = typer.Option(RunEngine.local, "--engine", help="Where documents are processed"),
    scheduler: _RunOptional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (--engine dask)"),
    timeout: _RunOptional[float] = typer.Option(None, "--timeout", min=0.001, help="Seconds allowed per document"),
    max_bytes: int = typer.Option(5_000_000, "--max-bytes", min=1, help="Larger input files are refused"),
    force: bool = typer.Option(False, "--force", help="Redo every document, even those already in --out"),
    facts_format: FactsFormat = typer.Option(FactsFormat.csv, "--format",
                                             help="parquet: also write facts.parquet/ (partitioned by kind)"),
    rules: _RunOptional[_RunPath] = typer.Option(None, "--rules", exists=True, file_okay=False,
                                                 help="Rules folder instead of the built-in rules/"),
) -> None:
    """Extract facts from INPUTS into --out. Exit 0: all processed; 1: some documents failed; 2: usage error."""
    from .batch import RunOptions, run_batch
    from .ingest import find_inputs

    if scheduler and engine is not RunEngine.dask:
        raise typer.BadParameter("--scheduler needs --engine dask", param_hint="--scheduler")
    named: list[str] = []
    listed: list[str] = []  # from stdin: taken as files, as listed, so a folder there is an error
    for argument in inputs:
        if argument == "-":
            listed.extend(line.rstrip("\r\n") for line in _sys.stdin if line.strip())
        elif _RunPath(argument).exists() or _RunPath(argument).is_symlink():
            named.append(argument)
        else:
            raise typer.BadParameter(f"no such file or folder: {argument}", param_hint="INPUTS")
    paths = list(find_inputs(named)) + listed
    if not paths:
        raise typer.BadParameter("no input files found (looked for *.txt, *.md, *.html, *.htm)",
                                 param_hint="INPUTS")
    options = RunOptions(out_dir=out, rules_dir=rules, workers=workers, engine=engine.value, scheduler=scheduler,
                         timeout=timeout, max_bytes=max_bytes, force=force,
                         parquet=facts_format is FactsFormat.parquet)
    try:
        summary = run_batch(paths, options)
    except KeyboardInterrupt:
        typer.echo(f"interrupted: records so far are kept in {out}/records.jsonl; run again to finish", err=True)
        raise typer.Exit(130) from None
    typer.echo(f"pressfacts: {summary.line()}; output in {out}")
    raise typer.Exit(summary.exit_code)


# --- end run --------------------------------------------------------------------------------


# --- evaluate, gold (issue 3: regression testing against annotated samples) ---------------

from pathlib import Path as _Path  # noqa: E402
from typing import List as _List, Optional as _Optional  # noqa: E402


@app.command("evaluate")
def evaluate_command(
    gold_dir: _Path = typer.Argument(..., exists=True, help="Folder searched recursively for X.txt + X.gold.json"),
    pred: _Optional[_Path] = typer.Option(None, "--pred", exists=True, dir_okay=False,
                                          help="Score these records (JSONL, matched by source file name) instead of running the pipeline"),
    host: str = typer.Option("AZ", "--host", help="Host country left out of partner_countries ('' for none)"),
    details: bool = typer.Option(False, "--details", help="Per document: missed and spurious facts with their sentences"),
    json_out: _Optional[_Path] = typer.Option(None, "--json", help="Write all figures to this JSON file"),
    baseline: _Optional[_Path] = typer.Option(None, "--baseline", exists=True, dir_okay=False,
                                              help="An earlier --json: print changes; exit 1 if a field's F1 fell"),
    tolerance: float = typer.Option(0.01, "--tolerance", help="How far an F1 may fall below --baseline"),
    min_f1: _Optional[float] = typer.Option(None, "--min-f1", help="Exit 1 if any field's F1 is below this"),
    write_floor: _Optional[_Path] = typer.Option(None, "--write-floor",
                                                 help="Write the quality floor (figures less 0.005) to this file"),
) -> None:
    """Score the pipeline against gold annotations: precision, recall and F1 per field."""
    from .details import format_details
    from .scorecard import (below_min_f1, compare_with_baseline, evaluate_folder, format_table, load_country_forms,
                            read_json, write_floor as write_floor_file, write_json)

    try:
        evaluation = evaluate_folder(gold_dir, pred=pred, host=host.upper() or None)
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    for warning in evaluation.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if details:
        texts = {name: record.text for name, record in evaluation.records.items()}
        typer.echo(format_details(evaluation.documents, texts, load_country_forms()) + "\n")
    typer.echo(format_table(evaluation.summary))
    if json_out:
        write_json(evaluation.summary, json_out)
    if write_floor:
        write_floor_file(evaluation.summary, write_floor)
        typer.echo(f"\nquality floor written to {write_floor}")
    failed = False
    if baseline:
        table, fallen = compare_with_baseline(evaluation.summary, read_json(baseline), tolerance)
        typer.echo(f"\nchange against {baseline}:\n{table}")
        if fallen:
            typer.echo(f"F1 fell by more than {tolerance:g}: {', '.join(fallen)}", err=True)
            failed = True
    if min_f1 is not None and (low := below_min_f1(evaluation.summary, min_f1)):
        typer.echo(f"F1 below {min_f1:g}: {', '.join(low)}", err=True)
        failed = True
    raise typer.Exit(1 if failed else 0)


gold_app = typer.Typer(no_args_is_help=True, help="Gold annotations: check, draft, accept golden records.")
app.add_typer(gold_app, name="gold")


@gold_app.command("check")
def gold_check_command(folder: _Path = typer.Argument(..., exists=True)) -> None:
    """Validate every *.gold.json under FOLDER; print each problem with its file and field."""
    from .gold import check_gold_folder

    checked, problems = check_gold_folder(folder)
    for problem in problems:
        typer.echo(str(problem))
    typer.echo(f"{checked} gold files checked, {len(problems)} problems", err=bool(problems))
    raise typer.Exit(1 if problems else 0)


@gold_app.command("new")
def gold_new_command(
    files: _List[_Path] = typer.Argument(..., help="Texts (X.txt) to draft X.gold.json for"),
    force: bool = typer.Option(False, "--force", help="Overwrite existing gold files"),
) -> None:
    """Draft X.gold.json beside each X.txt from the pipeline's output, for a person to correct."""
    from .gold import write_drafts

    refused = False
    for path, outcome in write_drafts(files, force=force):
        if outcome == "written":
            typer.echo(f"draft written: {path}")
        else:
            refused = True
            hint = " (use --force to overwrite)" if outcome == "exists" else ""
            typer.echo(f"skipped {path}: {outcome}{hint}", err=True)
    raise typer.Exit(1 if refused else 0)


@gold_app.command("accept-golden")
def gold_accept_golden_command() -> None:
    """Rewrite tests/golden/*.json from the current pipeline's records of corpus/seeds/*.txt."""
    from .golden import GOLDEN_DIR, accept_golden

    changed, removed = accept_golden()
    for name in changed:
        typer.echo(f"accepted {GOLDEN_DIR / name}")
    for name in removed:
        typer.echo(f"removed {GOLDEN_DIR / name}")
    typer.echo(f"{len(changed)} golden files changed, {len(removed)} removed")


# --- end evaluate, gold --------------------------------------------------------------------


# --- projects (issue 7: one project, many releases) ----------------------------------------


from pathlib import Path as _ProjPath  # noqa: E402
from typing import Optional as _ProjOptional  # noqa: E402


@app.command("projects")
def projects_command(
    out_dir: _ProjPath = typer.Argument(..., exists=True, file_okay=False, help="A run folder (records.jsonl)"),
    project: _ProjOptional[str] = typer.Option(None, "--project", help="Show one project in full (acronym or title)"),
    iati: _ProjOptional[_ProjPath] = typer.Option(None, "--iati", dir_okay=False, help="Also write IATI 2.03 XML here"),
) -> None:
    """The project registry of a run: one row per project with its timeline, or one project in full."""
    from .iati import IatiExportError, export_iati
    from .registry import load_registry
    from .registry_view import find_entry, format_entry, format_table

    entries = load_registry(out_dir)
    if project:
        entry = find_entry(entries, project)
        if entry is None:
            typer.echo(f"no project {project!r} in {out_dir}", err=True)
            raise typer.Exit(1)
        typer.echo(format_entry(entry))
    else:
        typer.echo(format_table(entries))
    if iati:
        try:
            result = export_iati(entries, iati)
        except IatiExportError as exc:
            typer.echo(f"IATI export failed: {exc}", err=True)
            raise typer.Exit(1)
        typer.echo(f"\nIATI: {len(result.exported)} activities written to {result.path}", err=True)
        for key, reason in result.skipped.items():
            typer.echo(f"IATI: {key} left out: {reason}", err=True)


# --- end projects --------------------------------------------------------------------------


# --- review, export (issue 4: review workflow) ---------------------------------------------


from pathlib import Path as _ReviewPath  # noqa: E402
from typing import Optional as _ReviewOptional  # noqa: E402


@app.command("review")
def review_command(
    out_dir: _ReviewPath = typer.Argument(..., exists=True, file_okay=False, help="A run folder (records.jsonl)"),
    port: int = typer.Option(8000, "--port", help="Port to listen on (0: any free port)"),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; 0.0.0.0 opens it to the network"),
) -> None:
    """Review a run's records in the browser: accept, reject, correct, add facts."""
    from .review.server import serve

    try:
        serve(out_dir, host=host, port=port, echo=typer.echo)
    except (FileNotFoundError, OSError) as exc:
        typer.echo(f"cannot start the review app: {exc}", err=True)
        raise typer.Exit(1)


@app.command("export")
def export_command(
    out_dir: _ReviewPath = typer.Argument(..., exists=True, file_okay=False, help="A run folder (records.jsonl)"),
    reviewed: bool = typer.Option(False, "--reviewed", help="Apply review decisions; only fully reviewed documents"),
    include_unreviewed: bool = typer.Option(
        False, "--include-unreviewed", help="With --reviewed: also documents still under review (decisions so far)"),
    fmt: str = typer.Option("jsonl", "--format", help="jsonl (records.jsonl + facts.csv) or iati (XML)"),
    dest: _ReviewOptional[_ReviewPath] = typer.Option(
        None, "--dest", help="Where to write (default DIR/reviewed/, DIR/export/ or DIR/iati*.xml)"),
    as_gold: _ReviewOptional[_ReviewPath] = typer.Option(
        None, "--as-gold", file_okay=False, help="Also write reviewed documents as gold files (NAME.txt + NAME.gold.json)"),
) -> None:
    """Write a run's records (as reviewed) as JSONL + CSV or IATI, and reviewed documents as gold files."""
    from .export import export

    try:
        done = export(out_dir, reviewed=reviewed, fmt=fmt, dest=dest, gold_dir=as_gold,
                      include_unreviewed=include_unreviewed)
    except (FileNotFoundError, ValueError) as exc:  # IatiExportError is a ValueError too
        typer.echo(f"export failed: {exc}", err=True)
        raise typer.Exit(1)
    for what, result in done:
        left_out = f" ({result.skipped} not fully reviewed, left out)" if result.skipped else ""
        typer.echo(f"{what}: {result.documents} documents{left_out}")
        for path in result.paths[:4] if what == "gold" else result.paths:
            typer.echo(f"  {path}")
        if what == "gold" and len(result.paths) > 4:
            typer.echo(f"  ... {len(result.paths) - 4} more files in {as_gold}")


# --- end review, export --------------------------------------------------------------------


if __name__ == "__main__":  # pragma: no cover
    app()

"""The `pressfacts` command: a thin Typer layer over the library.

Each command parses its options and calls one library function; the work is in the
modules named after each stage.
"""

from __future__ import annotations

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Extract validated facts from press releases.")

# Commands are added below, one block each (run, evaluate, gold, review, export, projects).


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

    evaluation = evaluate_folder(gold_dir, pred=pred, host=host.upper() or None)
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


if __name__ == "__main__":  # pragma: no cover
    app()

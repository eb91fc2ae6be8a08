"""The `pressfacts` command: a thin Typer layer over the library.

Each command parses its options and calls one library function; the work is in the
modules named after each stage.
"""

from __future__ import annotations

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Extract validated facts from press releases.")

# Commands are added below, one block each (run, evaluate, gold, review, export, projects).


if __name__ == "__main__":  # pragma: no cover
    app()

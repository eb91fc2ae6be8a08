"""Golden records: the pipeline's full output for the seed documents, kept as readable
JSON in tests/golden/ so that any change to what it extracts shows up as a diff.

`accept_golden` rewrites them from the current pipeline (`pressfacts gold accept-golden`);
`render_golden` is what both the test and the command write, so they always agree.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any, Optional

from .schema import Record

REPO = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO / "corpus" / "seeds"
GOLDEN_DIR = REPO / "tests" / "golden"
ACCEPT_COMMAND = "pressfacts gold accept-golden"
# Left out of golden files: the text is in corpus/seeds already, and the version
# number changes on release without the facts changing.
VOLATILE_FIELDS = {"text", "pipeline_version"}


def _pretty(value: Any, indent: str = "") -> str:
    """JSON, indented, but with each flat object or list on one line: one mention, one line of diff."""
    def flat(v: Any) -> bool:
        items = v.values() if isinstance(v, dict) else v
        return not any(isinstance(x, (dict, list)) for x in items)

    if not isinstance(value, (dict, list)) or not value or flat(value):
        return json.dumps(value, ensure_ascii=False)
    inner = indent + "  "
    if isinstance(value, dict):
        body = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_pretty(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(body) + f"\n{indent}}}"
    return "[\n" + ",\n".join(f"{inner}{_pretty(v, inner)}" for v in value) + f"\n{indent}]"


def render_golden(record: Record) -> str:
    """A record as indented JSON without its volatile fields, newline-terminated."""
    return _pretty(record.model_dump(mode="json", exclude=VOLATILE_FIELDS)) + "\n"


def current_golden(texts_dir: Path = SEEDS_DIR, rules_dir: Optional[Path] = None) -> dict[str, str]:
    """{golden file name: rendered record} for every `*.txt` in `texts_dir`, from the current pipeline."""
    from .extract import Document, Extractor

    paths = sorted(Path(texts_dir).glob("*.txt"))
    documents = (Document(text=p.read_text(encoding="utf-8"), source=p.name) for p in paths)
    records = Extractor(rules_dir).extract_many(documents)
    return {Path(r.source).stem + ".json": render_golden(r) for r in records}


def golden_diff(name: str, expected: str, actual: str) -> str:
    """A unified diff from the accepted golden file to the current output ('' if equal)."""
    return "".join(difflib.unified_diff(
        expected.splitlines(keepends=True), actual.splitlines(keepends=True),
        fromfile=f"tests/golden/{name} (accepted)", tofile=f"{name} (pipeline now)",
    ))


def accept_golden(texts_dir: Path = SEEDS_DIR, golden_dir: Path = GOLDEN_DIR,
                  rules_dir: Optional[Path] = None) -> tuple[list[str], list[str]]:
    """Rewrite the golden files from the current pipeline; remove those whose text is gone.

    Returns (names of files whose content changed or were added, names removed).
    """
    golden_dir = Path(golden_dir)
    golden_dir.mkdir(parents=True, exist_ok=True)
    current = current_golden(texts_dir, rules_dir)
    changed = []
    for name, content in current.items():
        path = golden_dir / name
        if not path.is_file() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
            changed.append(name)
    removed = []
    for path in sorted(golden_dir.glob("*.json")):
        if path.name not in current:
            path.unlink()
            removed.append(path.name)
    return changed, removed

"""Gold files (docs/GUIDELINES.md): find them, read them, check them, draft new ones.

A gold file `NAME.gold.json` sits beside the text it annotates, `NAME.txt`. Documents
are named by the text's path relative to the folder searched ("dev/d001.txt"), which is
how evaluation reports and the quality floor refer to them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional

from pydantic import ValidationError

from .schema import Gold, Record, check_country, check_date_value

GOLD_SUFFIX = ".gold.json"


@dataclass(frozen=True)
class GoldPair:
    name: str  # the text's path relative to the folder searched, with / separators
    text_path: Path
    gold_path: Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a gold file: which file, which field ('projects[0].start'), what."""

    file: Path
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


def text_path_for(gold_path: Path) -> Path:
    """`X.gold.json` -> `X.txt`."""
    return gold_path.with_name(gold_path.name[: -len(GOLD_SUFFIX)] + ".txt")


def gold_path_for(text_path: Path) -> Path:
    """`X.txt` -> `X.gold.json`."""
    return text_path.with_name(text_path.stem + GOLD_SUFFIX)


def find_gold_files(folder: Path) -> list[Path]:
    """Every `*.gold.json` under `folder` (recursively), in path order; `folder` may be one gold file."""
    folder = Path(folder)
    if folder.is_file():
        return [folder] if folder.name.endswith(GOLD_SUFFIX) else []
    return sorted(folder.rglob("*" + GOLD_SUFFIX))


def find_gold_pairs(folder: Path) -> list[GoldPair]:
    """(text, gold) pairs under `folder`. Raises FileNotFoundError naming gold files without a text."""
    folder = Path(folder)
    base = folder.parent if folder.is_file() else folder
    pairs, orphans = [], []
    for gold_path in find_gold_files(folder):
        text_path = text_path_for(gold_path)
        if not text_path.is_file():
            orphans.append(str(gold_path))
            continue
        pairs.append(GoldPair(text_path.relative_to(base).as_posix(), text_path, gold_path))
    if orphans:
        raise FileNotFoundError("no .txt beside: " + ", ".join(orphans))
    return pairs


def load_gold(path: Path) -> Gold:
    """A gold file, validated by `schema.Gold` (raises ValidationError or ValueError)."""
    return Gold.model_validate_json(Path(path).read_text(encoding="utf-8"))


# --- gold check ---------------------------------------------------------------------------


def _field_path(location: Iterable[Any]) -> str:
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(file)"


# Gold validates these lists as a whole and stops at the first bad value; checked
# again item by item here so that every bad value is reported with its index.
_LIST_CHECKS = {"dates": check_date_value, "countries": check_country}


def _list_item_problems(file: Path, name: str, values: Any) -> list[Problem]:
    problems = []
    for index, value in enumerate(values if isinstance(values, list) else []):
        try:
            _LIST_CHECKS[name](value)
        except (ValueError, TypeError, AttributeError) as exc:
            problems.append(Problem(file, f"{name}[{index}]", f"{exc} (got {value!r})"))
    return problems


def _validation_problems(file: Path, error: ValidationError, data: Any) -> list[Problem]:
    problems = []
    for item in error.errors():
        if len(item["loc"]) == 1 and item["loc"][0] in _LIST_CHECKS and isinstance(data, dict):
            found = _list_item_problems(file, item["loc"][0], data.get(item["loc"][0]))
            if found:
                problems += found
                continue
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown field (see docs/GUIDELINES.md for the fields)"
        elif item["type"] == "missing":
            message = "required field is missing"
        problems.append(Problem(file, _field_path(item["loc"]), f"{message} (got {item.get('input')!r})"
                                if item["type"] not in ("missing", "extra_forbidden") else message))
    return problems


def _guideline_problems(file: Path, gold: Gold) -> list[Problem]:
    """Rules of the guidelines the pydantic model does not enforce."""
    problems = []
    if gold.published is not None:
        if len(gold.published) != 10:
            problems.append(Problem(file, "published", f"must be a full YYYY-MM-DD date (got {gold.published!r})"))
        elif gold.published not in gold.dates:
            problems.append(Problem(file, "dates", f"the publication date {gold.published} must also be listed"))
    for name, keys in (
        ("dates", gold.dates),
        ("countries", [c.upper() for c in gold.countries]),
        ("amounts", [(a.value, a.currency) for a in gold.amounts]),
    ):
        seen = set()
        for index, key in enumerate(keys):
            if key in seen:
                problems.append(Problem(file, f"{name}[{index}]", f"duplicate value {key!r} (each distinct value once)"))
            seen.add(key)
    return problems


def check_gold_file(path: Path) -> list[Problem]:
    """Every problem with one gold file: JSON syntax, shape and values, guideline rules, its text."""
    path = Path(path)
    problems = []
    if not text_path_for(path).is_file():
        problems.append(Problem(path, "(file)", f"no text beside it: expected {text_path_for(path).name}"))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        return problems + [Problem(path, "(file)", f"not valid JSON: line {exc.lineno} column {exc.colno}: {exc.msg}")]
    except (OSError, UnicodeDecodeError) as exc:
        return problems + [Problem(path, "(file)", f"cannot be read: {exc}")]
    try:
        gold = Gold.model_validate(data)
    except ValidationError as exc:
        return problems + _validation_problems(path, exc, data)
    return problems + _guideline_problems(path, gold)


def check_gold_folder(folder: Path) -> tuple[int, list[Problem]]:
    """(number of gold files checked, every problem found) for the gold files under `folder`."""
    files = find_gold_files(folder)
    if not files:
        return 0, [Problem(Path(folder), "(folder)", f"no *{GOLD_SUFFIX} files found")]
    return len(files), [problem for path in files for problem in check_gold_file(path)]


# --- gold new -----------------------------------------------------------------------------


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def source_url_for(text_path: Path) -> Optional[str]:
    """The `url` of `X.meta.json` beside `X.txt`, if there is one."""
    meta = text_path.with_name(text_path.stem + ".meta.json")
    if meta.is_file():
        try:
            return json.loads(meta.read_text(encoding="utf-8")).get("url")
        except (json.JSONDecodeError, AttributeError):
            return None
    return None


def draft_gold(record: Record, source_url: Optional[str] = None) -> dict:
    """A gold annotation in the GUIDELINES format from what the pipeline found, for a person to correct."""
    def money(m):
        return None if m is None else {"value": _number(m.value), "currency": m.currency}

    draft = {
        "source_url": source_url,
        "published": record.published,
        "projects": [
            {"name": p.name, "acronym": p.acronym, "start": p.start, "end": p.end, "budget": money(p.budget),
             "funders": list(p.funders), "implementers": list(p.implementers)}
            for p in record.projects
        ],
        "officials": [
            {"name": o.name, "title": o.title, "organization": o.organization, "country": o.country}
            for o in record.officials
        ],
        "dates": [d.value for d in record.dates],
        "amounts": [money(a) for a in record.amounts],
        "countries": [c.code for c in record.countries],
    }
    Gold.model_validate(draft)  # a draft the checker would reject is a bug here, not the annotator's
    return draft


def write_drafts(text_paths: Iterable[Path], *, force: bool = False, rules_dir: Optional[Path] = None) -> list[tuple[Path, str]]:
    """Write `X.gold.json` beside each `X.txt`; returns (path, what happened) per input.

    An existing gold file is left alone ("exists") unless `force`; a missing text is
    reported ("no such file").
    """
    from .extract import Extractor  # the pipeline is only built when drafting

    outcomes: list[tuple[Path, str]] = []
    extractor = None
    for text_path in map(Path, text_paths):
        target = gold_path_for(text_path)
        if not text_path.is_file():
            outcomes.append((text_path, "no such file"))
            continue
        if target.exists() and not force:
            outcomes.append((target, "exists"))
            continue
        extractor = extractor or Extractor(rules_dir)
        record = extractor.extract(text_path.read_text(encoding="utf-8"), source=text_path.name)
        draft = draft_gold(record, source_url_for(text_path))
        target.write_text(json.dumps(draft, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        outcomes.append((target, "written"))
    return outcomes

"""`pressfacts export`: a run's records as reviewed, as gold files, or as IATI XML.

- `export_records`: records.jsonl + facts.csv. With `reviewed`, rejected facts are
  removed, corrections applied and added facts included; only documents whose review
  is complete are written unless `include_unreviewed`.
- `export_gold`: every fully reviewed document as `NAME.txt` + `NAME.gold.json` in the
  docs/GUIDELINES.md format, ready to drop into the regression corpus.
- `export_iati`: the registry of the (reviewed) records as IATI XML, by `pipeline.iati`.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

from .schema import Gold, Record

RECORDS_FILE = "records.jsonl"


@dataclass
class ExportResult:
    paths: list[Path] = field(default_factory=list)
    documents: int = 0
    skipped: int = 0  # documents left out because their review is not complete


def _records(out_dir: Path, reviewed: bool, include_unreviewed: bool, result: ExportResult) -> Iterator[Record]:
    if not reviewed:
        from .review.session import load_records

        yield from load_records(Path(out_dir) / RECORDS_FILE).values()
        return
    from .review.session import ReviewSession

    session = ReviewSession(out_dir)
    for doc_id in session.records():
        if include_unreviewed or session.is_reviewed(doc_id):
            yield session.reviewed_record(doc_id)
        else:
            result.skipped += 1


def _write_jsonl(records: Iterator[Record], path: Path, result: ExportResult) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(record.model_dump_json() + "\n")
            result.documents += 1
    temporary.replace(path)


def export_records(
    out_dir: Path, dest: Path, *, reviewed: bool = True, include_unreviewed: bool = False
) -> ExportResult:
    """`dest/records.jsonl` and `dest/facts.csv` (the run's facts table format)."""
    from .writers import write_facts

    result = ExportResult()
    dest = Path(dest)
    if dest.resolve() == Path(out_dir).resolve():
        raise ValueError("export into another folder than the run itself: its records.jsonl would be replaced")
    records_path = dest / RECORDS_FILE
    _write_jsonl(_records(out_dir, reviewed, include_unreviewed, result), records_path, result)
    write_facts(records_path, dest)
    result.paths += [records_path, dest / "facts.csv"]
    return result


def _unique(values: list) -> list:
    seen: list = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


def gold_of(record: Record) -> dict:
    """The gold annotation of a reviewed record: each distinct value once (GUIDELINES.md)."""
    from .gold import draft_gold

    source_url = record.source if record.source.startswith(("http://", "https://")) else None
    gold = draft_gold(record, source_url)
    for name in ("dates", "amounts", "countries"):
        gold[name] = _unique(gold[name])
    Gold.model_validate(gold)
    return gold


def _gold_name(record: Record, taken: set[str]) -> str:
    stem = Path(record.source.rstrip("/").split("/")[-1]).stem or record.doc_id
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in stem)
    if name in taken:  # two inputs with the same file name in different folders
        name = f"{name}_{record.doc_id[:8]}"
    taken.add(name)
    return name


def export_gold(out_dir: Path, gold_dir: Path) -> ExportResult:
    """`NAME.txt` + `NAME.gold.json` for every document whose review is complete."""
    result = ExportResult()
    gold_dir = Path(gold_dir)
    gold_dir.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    for record in _records(out_dir, reviewed=True, include_unreviewed=False, result=result):
        name = _gold_name(record, taken)
        text_path, gold_path = gold_dir / f"{name}.txt", gold_dir / f"{name}.gold.json"
        text_path.write_text(record.text, encoding="utf-8", newline="")
        gold_path.write_text(json.dumps(gold_of(record), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        result.paths += [text_path, gold_path]
        result.documents += 1
    return result


def export_iati(out_dir: Path, dest: Path, *, reviewed: bool = True, include_unreviewed: bool = False) -> ExportResult:
    """IATI XML of the run's project registry, from the reviewed records if `reviewed`."""
    from .iati import write_iati  # written alongside; only needed for this format

    if not reviewed:
        from .review.session import load_records

        count = len(load_records(Path(out_dir) / RECORDS_FILE))
        return ExportResult(paths=[write_iati(Path(out_dir), Path(dest))], documents=count)
    with tempfile.TemporaryDirectory(prefix="pressfacts-reviewed-") as staging:
        result = ExportResult()
        _write_jsonl(_records(out_dir, True, include_unreviewed, result), Path(staging) / RECORDS_FILE, result)
        result.paths.append(write_iati(Path(staging), Path(dest)))
        return result


def default_dest(out_dir: Path, fmt: str, reviewed: bool) -> Path:
    if fmt == "iati":
        return Path(out_dir) / ("iati-reviewed.xml" if reviewed else "iati.xml")
    return Path(out_dir) / ("reviewed" if reviewed else "export")


def export(
    out_dir: Path,
    *,
    reviewed: bool = False,
    fmt: str = "jsonl",
    dest: Optional[Path] = None,
    gold_dir: Optional[Path] = None,
    include_unreviewed: bool = False,
) -> list[tuple[str, ExportResult]]:
    """What `pressfacts export` does: the records in `fmt`, and gold files if asked."""
    if fmt not in ("jsonl", "iati"):
        raise ValueError(f"unknown format {fmt!r}: use jsonl or iati")
    if not (Path(out_dir) / RECORDS_FILE).is_file():
        raise FileNotFoundError(f"no {RECORDS_FILE} in {out_dir}: run `pressfacts run INPUT --out {out_dir}` first")
    target = Path(dest) if dest else default_dest(out_dir, fmt, reviewed)
    done: list[tuple[str, ExportResult]] = []
    if fmt == "iati":
        done.append(("iati", export_iati(out_dir, target, reviewed=reviewed, include_unreviewed=include_unreviewed)))
    else:
        done.append(("records", export_records(out_dir, target, reviewed=reviewed, include_unreviewed=include_unreviewed)))
    if gold_dir is not None:
        done.append(("gold", export_gold(out_dir, gold_dir)))
    return done

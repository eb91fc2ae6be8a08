"""`pressfacts evaluate`: score a gold folder, print the table, compare with a baseline or floor.

`evaluate_folder` pairs every `X.txt` under a folder with its `X.gold.json`, gets a
record for each (by running the pipeline, or from an existing records file) and
compares them with `evaluate.compare_document`. The rest turns the figures into what
people read: the score table, the change against an earlier `--json`, and the quality
floor the regression test holds the pipeline to.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Optional, Sequence

from .evaluate import (ATTRIBUTES, FIELDS, DocumentComparison, attribute_scores, compare_document, field_scores,
                       macro_f1, organisation_aliases)
from .gold import GoldPair, find_gold_pairs, load_gold
from .schema import Gold, Record

FLOOR_MARGIN = 0.005


@dataclass
class Evaluation:
    """Everything one evaluation run saw: comparisons, the records and gold behind them, figures."""

    documents: list[DocumentComparison]
    records: dict[str, Record]
    golds: dict[str, Gold]
    summary: dict
    warnings: list[str] = field(default_factory=list)


def load_aliases(rules_dir: Optional[Path] = None) -> dict[str, str]:
    """Organisation aliases from `organisations.tsv` in the rules folder; {} if it has none."""
    from .components.base import read_tsv
    from .nlp import rules_dir as find_rules_dir

    path = find_rules_dir(rules_dir) / "organisations.tsv"
    if not path.is_file():
        return {}
    return organisation_aliases((row.get("acronym", ""), row.get("name", "")) for row in read_tsv(path))


def read_records(path: Path) -> dict[str, Record]:
    """Records from a JSONL file keyed by the file names of their `source` and `sources`;
    error lines are skipped."""
    records: dict[str, Record] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            data = json.loads(line)
            if "text" not in data:  # an ErrorRecord: the document has no facts
                continue
            record = Record.model_validate(data)
            for source in [record.source, *record.sources]:  # a duplicate input shares its twin's record
                records.setdefault(Path(source).name, record)
    return records


def _run_pipeline(pairs: list[GoldPair], rules_dir: Optional[Path]) -> dict[str, Record]:
    from .extract import Document, Extractor

    documents = (Document(text=p.text_path.read_text(encoding="utf-8"), source=p.name) for p in pairs)
    return {record.source: record for record in Extractor(rules_dir).extract_many(documents)}


def evaluate_folder(
    folder: Path, *, pred: Optional[Path] = None, host: Optional[str] = "AZ", rules_dir: Optional[Path] = None
) -> Evaluation:
    """Score every annotated text under `folder`: run the pipeline, or read `pred` (records JSONL).

    Raises FileNotFoundError when there is nothing to score or a gold file has no text.
    """
    pairs = find_gold_pairs(folder)
    if not pairs:
        raise FileNotFoundError(f"no annotated texts (X.txt with X.gold.json) under {folder}")
    golds = {p.name: load_gold(p.gold_path) for p in pairs}
    warnings: list[str] = []
    if pred is None:
        records = _run_pipeline(pairs, rules_dir)
    else:
        by_file_name = read_records(pred)
        records = {}
        for pair in pairs:
            record = by_file_name.get(Path(pair.name).name)
            if record is None:
                warnings.append(f"{pair.name}: no record in {pred}; scored as an empty prediction")
                text = pair.text_path.read_text(encoding="utf-8")
                record = Record(doc_id="", source=pair.name, text=text)
            records[pair.name] = record
    aliases = load_aliases(rules_dir)
    documents = [compare_document(golds[p.name], records[p.name], host=host, aliases=aliases, name=p.name)
                 for p in pairs]
    return Evaluation(documents, records, golds, summarise(documents, host), warnings)


def _document_counts(document: DocumentComparison) -> dict:
    """{field: [TP, predicted, gold]} plus {"attributes": {attribute: [right, checked]}} when any were checked."""
    counts: dict = {name: list(document.fields[name].counts) for name in FIELDS}
    attributes = attribute_scores([document])
    checked = {name: [a.right, a.total] for name, a in attributes.items() if a.total}
    if checked:
        counts["attributes"] = checked
    return counts


def summarise(documents: Sequence[DocumentComparison], host: Optional[str] = "AZ") -> dict:
    """All figures as plain JSON data (what `evaluate --json` writes and `--baseline` reads)."""
    scores = field_scores(documents)
    return {
        "host": host,
        "documents": len(documents),
        "fields": {
            name: {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4),
                   "tp": s.tp, "predicted": s.predicted, "gold": s.gold}
            for name, s in scores.items()
        },
        "macro_f1": round(macro_f1(scores), 4),
        "attributes": {
            name: {"right": a.right, "total": a.total,
                   "accuracy": None if a.accuracy is None else round(a.accuracy, 4)}
            for name, a in attribute_scores(documents).items()
        },
        "per_document": {d.name: _document_counts(d) for d in documents},
    }


# --- the table ----------------------------------------------------------------------------


def _ratio(value: Optional[float]) -> str:
    return "   -" if value is None else f"{value:.3f}"


def format_table(summary: dict) -> str:
    """The per-field scores, the macro-F1 and the attribute accuracies as aligned text."""
    lines = [f"{summary['documents']} documents, host country {summary['host'] or '(none)'}", ""]
    lines.append(f"{'field':<18} {'precision':>9} {'recall':>7} {'F1':>6} {'TP':>5} {'pred':>5} {'gold':>5}")
    for name in FIELDS:
        s = summary["fields"][name]
        lines.append(f"{name:<18} {s['precision']:>9.3f} {s['recall']:>7.3f} {s['f1']:>6.3f} "
                     f"{s['tp']:>5} {s['predicted']:>5} {s['gold']:>5}")
    lines.append(f"{'macro-F1':<18} {'':>9} {'':>7} {summary['macro_f1']:>6.3f}")
    lines += ["", f"{'attribute':<22} {'right':>5} / {'matched':<7} {'accuracy':>8}"]
    for name in ATTRIBUTES:
        a = summary["attributes"][name]
        lines.append(f"{name:<22} {a['right']:>5} / {a['total']:<7} {_ratio(a['accuracy']):>8}")
    return "\n".join(lines)


# --- against a baseline -------------------------------------------------------------------


def compare_with_baseline(summary: dict, baseline: dict, tolerance: float = 0.01) -> tuple[str, list[str]]:
    """(a table of F1 changes per field, the fields whose F1 fell by more than `tolerance`)."""
    lines = [f"{'field':<18} {'baseline':>8} {'now':>6} {'change':>7}"]
    fallen = []
    for name in FIELDS:
        before = baseline.get("fields", {}).get(name, {}).get("f1")
        now = summary["fields"][name]["f1"]
        if before is None:
            lines.append(f"{name:<18} {'-':>8} {now:>6.3f} {'(new)':>7}")
            continue
        change = now - before
        flag = ""
        if change < -tolerance - 1e-9:
            fallen.append(name)
            flag = f"  FELL by more than {tolerance:g}"
        lines.append(f"{name:<18} {before:>8.3f} {now:>6.3f} {change:>+7.3f}{flag}")
    if "macro_f1" in baseline:
        lines.append(f"{'macro-F1':<18} {baseline['macro_f1']:>8.3f} {summary['macro_f1']:>6.3f} "
                     f"{summary['macro_f1'] - baseline['macro_f1']:>+7.3f}")
    return "\n".join(lines), fallen


def below_min_f1(summary: dict, min_f1: float) -> list[str]:
    """Fields whose F1 is below `min_f1`."""
    return [name for name in FIELDS if summary["fields"][name]["f1"] < min_f1]


# --- the quality floor ---------------------------------------------------------------------


def _round_down(value: float, margin: float = FLOOR_MARGIN) -> float:
    return max(0.0, math.floor((value - margin) * 1000) / 1000)


def floor_from_summary(summary: dict, margin: float = FLOOR_MARGIN) -> dict:
    """A quality floor: each F1 and attribute accuracy less `margin`, rounded down to 0.001,
    plus each document's [TP, predicted, gold] per field, so a later failure can say which
    documents lost facts."""
    return {
        "_about": ("Quality floor for tests/test_regression.py. A ratchet: raise it when the pipeline "
                   "improves (pressfacts evaluate corpus --write-floor tests/quality_floor.json); "
                   "lowering it needs a reason in the commit message."),
        "written": date.today().isoformat(),
        "margin": margin,
        "_documents": ("per document and field: [true positives, predicted, gold] when the floor was written; "
                       "per attribute: [right, checked]"),
        "f1": {name: _round_down(summary["fields"][name]["f1"], margin) for name in FIELDS},
        "attribute_accuracy": {
            name: _round_down(a["accuracy"], margin)
            for name, a in summary["attributes"].items() if a["accuracy"] is not None
        },
        "documents": summary["per_document"],
    }


def render_floor(floor: dict) -> str:
    """The floor as JSON with one line per document, so a ratchet shows as a small diff."""
    head = json.dumps({k: v for k, v in floor.items() if k != "documents"}, indent=1, ensure_ascii=False)
    documents = ",\n".join(f"  {json.dumps(name)}: {json.dumps(fields)}"
                           for name, fields in floor.get("documents", {}).items())
    return head[:-2] + ',\n "documents": {\n' + documents + "\n }\n}\n"


def write_floor(summary: dict, path: Path, margin: float = FLOOR_MARGIN) -> dict:
    floor = floor_from_summary(summary, margin)
    Path(path).write_text(render_floor(floor), encoding="utf-8")
    return floor


def _document_changes(name: str, evaluation: Evaluation, floor: dict) -> list[str]:
    """Per document: what the field lost since the floor was written, then what it misses now."""
    lost, now = [], []
    before_docs = floor.get("documents", {})
    for document in evaluation.documents:
        tp, predicted, gold = document.fields[name].counts
        missed, spurious = gold - tp, predicted - tp
        before = before_docs.get(document.name, {}).get(name)
        if before:
            tp_before, spurious_before = before[0], before[1] - before[0]
            if tp < tp_before or spurious > spurious_before:
                lost.append(f"    {document.name}: true positives {tp_before} -> {tp}, "
                            f"spurious {spurious_before} -> {spurious}")
        if missed or spurious:
            now.append(f"    {document.name}: {missed} missed, {spurious} spurious")
    lines = []
    if lost:
        lines += ["  documents that lost facts since the floor was written:", *lost]
    if now:
        lines += ["  documents with missed or spurious facts now:", *now]
    return lines


def _attribute_changes(name: str, evaluation: Evaluation, floor: dict) -> list[str]:
    """Per document: fewer right values than when the floor was written, then the wrong values now."""
    before_docs = floor.get("documents", {})
    lost, wrong = [], []
    for document in evaluation.documents:
        checks = [c for c in document.attributes if c.attribute == name]
        before = before_docs.get(document.name, {}).get("attributes", {}).get(name)
        right = sum(c.right for c in checks)
        if before and right < before[0]:
            lost.append(f"    {document.name}: right {before[0]} -> {right}")
        wrong += [f"    {document.name}: {c.item}: gold {c.gold!r}, predicted {c.predicted!r}"
                  for c in checks if not c.right]
    lines = []
    if lost:
        lines += ["  documents that lost right values since the floor was written:", *lost]
    if wrong:
        lines += ["  wrong values now:", *wrong]
    return lines


def check_floor(evaluation: Evaluation, floor: dict) -> list[str]:
    """One message per figure below its floor, naming the field, the floor, the measured
    value and the documents that lost or miss facts; [] when the floor holds."""
    failures = []
    for name, minimum in floor.get("f1", {}).items():
        measured = evaluation.summary["fields"][name]["f1"]
        if measured < minimum:
            lines = [f"{name}: F1 {measured:.3f} is below the floor {minimum:.3f}"]
            failures.append("\n".join(lines + _document_changes(name, evaluation, floor)))
    for name, minimum in floor.get("attribute_accuracy", {}).items():
        measured = evaluation.summary["attributes"][name]["accuracy"]
        if measured is None or measured < minimum:
            shown = "none matched" if measured is None else f"{measured:.3f}"
            failures.append("\n".join([f"{name}: accuracy {shown} is below the floor {minimum:.3f}",
                                       *_attribute_changes(name, evaluation, floor)]))
    return failures


def read_json(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def write_json(summary: dict, path: Path) -> None:
    Path(path).write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")


def default_corpus() -> Path:
    """The repository's corpus folder (or $PRESSFACTS_CORPUS)."""
    return Path(os.environ.get("PRESSFACTS_CORPUS") or Path(__file__).resolve().parent.parent / "corpus")


def load_country_forms(rules_dir: Optional[Path] = None) -> dict[str, list[str]]:
    """Country code -> names and demonyms from the rules' countries tables (for --details)."""
    from .components.base import read_tsv
    from .nlp import rules_dir as find_rules_dir

    forms: dict[str, list[str]] = {}
    for file_name in ("countries.tsv", "countries_extra.tsv"):
        path = find_rules_dir(rules_dir) / file_name
        if path.is_file():
            for row in read_tsv(path):
                if row.get("code") and row.get("form"):
                    forms.setdefault(row["code"].upper(), []).append(row["form"])
    return forms

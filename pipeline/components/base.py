"""What every rule component shares: its data comes from files in `rules/`, it
serialises that data with the pipeline, and it stores what it finds on the Doc.

Findings are plain dicts (start, end, text, rule, ...) under `doc._.facts[kind]`, so
they survive `Doc.to_bytes` when spaCy pipes documents to worker processes.
"""

from __future__ import annotations

import csv
import json
from bisect import bisect_right
from pathlib import Path
from typing import Any, Iterable

from spacy.tokens import Doc

if not Doc.has_extension("facts"):
    Doc.set_extension("facts", default=None)
if not Doc.has_extension("furniture"):
    Doc.set_extension("furniture", default=None)
if not Doc.has_extension("sentences"):
    Doc.set_extension("sentences", default=None)
if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a TSV file with a header line; lines starting with # are comments."""
    with open(path, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip() and not line.startswith("//")]


def read_words(path: Path) -> list[str]:
    """One entry a line; # starts a comment."""
    with open(path, encoding="utf-8") as handle:
        return [line.split("#", 1)[0].strip() for line in handle if line.split("#", 1)[0].strip()]


class RuleComponent:
    """Base for components whose behaviour is defined by files in the rules folder.

    Subclasses name their files in `files` and turn the raw text into lookup
    structures in `load`. `to_disk`/`from_disk` copy the files, so a saved pipeline
    carries the exact rules it ran with.
    """

    files: tuple[str, ...] = ()

    def __init__(self, nlp, name: str, rules: str):
        self.name = name
        self.rules_path = Path(rules)
        self.raw: dict[str, str] = {}
        for filename in self.files:
            self.raw[filename] = (self.rules_path / filename).read_text(encoding="utf-8")
        self.load()

    def load(self) -> None:  # pragma: no cover - overridden
        pass

    def data_path(self, filename: str) -> Path:
        return self.rules_path / filename

    def to_disk(self, path, exclude=tuple()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for filename, content in self.raw.items():
            (path / filename).write_text(content, encoding="utf-8")

    def from_disk(self, path, exclude=tuple()):
        self.rules_path = Path(path)
        self.raw = {f: (self.rules_path / f).read_text(encoding="utf-8") for f in self.files}
        self.load()
        return self


def facts(doc: Doc, kind: str) -> list[dict]:
    """The findings of one kind on `doc`, creating the list on first use."""
    if doc._.facts is None:
        doc._.facts = {}
    return doc._.facts.setdefault(kind, [])


class Furniture:
    """Fast membership test for page-furniture character ranges."""

    def __init__(self, ranges: Iterable[Iterable[int]] | None):
        self.ranges = sorted(tuple(r) for r in (ranges or ()))
        self.starts = [r[0] for r in self.ranges]

    def covers(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start) - 1
        return i >= 0 and self.ranges[i][1] >= end


def non_overlapping(matches: list[dict]) -> list[dict]:
    """Keep the longest of overlapping findings (earliest first on ties)."""
    chosen: list[dict] = []
    for m in sorted(matches, key=lambda m: (m["start"], -(m["end"] - m["start"]))):
        if chosen and m["start"] < chosen[-1]["end"]:
            if m["end"] - m["start"] > chosen[-1]["end"] - chosen[-1]["start"]:
                chosen[-1] = m
            continue
        chosen.append(m)
    return chosen

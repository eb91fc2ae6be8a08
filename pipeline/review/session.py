"""The review of one run: its records (`DIR/records.jsonl`) joined with the decisions
stored beside them (`DIR/review.sqlite`).

Everything the web app and `pressfacts export --reviewed` need lives here, free of HTTP:
the document list with progress, one document with its facts and their status,
deciding on a fact, adding a missed one, the reviewed records, and the run's project
registry (`DIR/projects.jsonl`, as the pipeline made it: decisions do not change it).

A fact's status is `pending` until decided; facts a reviewer added start as `added`.
A document is reviewed when none of its facts is pending (and, for a document with no
facts at all, when a reviewer has said so).
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional

from pydantic import ValidationError

from ..registry import load_registry, write_registry
from ..schema import Record
from .facts import KINDS, Fact, ItemLists, fact_label, facts_of
from .store import DOCUMENT_KEY, AddedFact, Decision, ReviewStore, StaleDecision
from .values import InvalidValue, checked_value

FACT_STATUSES = ("pending", "accepted", "rejected", "corrected", "added")

__all__ = ["FACT_STATUSES", "InvalidValue", "NotFound", "ReviewSession", "StaleDecision"]


class NotFound(LookupError):
    pass


@dataclass
class ReviewedFact:
    fact: Fact
    decision: Optional[Decision]

    @property
    def status(self) -> str:
        if self.decision and self.decision.status != "pending":
            return self.decision.status
        return "added" if self.fact.origin == "added" else "pending"

    @property
    def value(self) -> dict[str, Any]:
        """The value as reviewed: the correction if there is one."""
        if self.decision and self.decision.status == "corrected" and self.decision.value is not None:
            return self.decision.value
        return self.fact.value

    @property
    def kept(self) -> bool:
        return self.status != "rejected"

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.fact.key,
            "kind": self.fact.kind,
            "origin": self.fact.origin,
            "status": self.status,
            "version": self.decision.version if self.decision else 0,
            "value": self.value,
            "original": self.fact.value,
            "label": fact_label(self.fact.kind, self.value),
            "spans": self.fact.spans,
        }


def _added_as_fact(added: AddedFact) -> Fact:
    span = {"start": added.start, "end": added.end, "text": added.text, "role": "mention"}
    return Fact(key=added.key, kind=added.kind, value=added.value, spans=[span], origin="added")


def load_records(path: Path) -> dict[str, Record]:
    """doc_id -> Record, in file order; a later line for a known doc_id is ignored."""
    records: dict[str, Record] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = Record.model_validate_json(line)
                records.setdefault(record.doc_id, record)
    return records


class ReviewSession:
    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.records_path = self.out_dir / "records.jsonl"
        if not self.records_path.is_file():
            raise FileNotFoundError(f"{self.records_path} not found: run `pressfacts run INPUT --out {out_dir}` first")
        self.store = ReviewStore(self.out_dir / "review.sqlite")
        self._lock = threading.Lock()
        self._registry_lock = threading.Lock()
        self._loaded_stamp: Optional[tuple[float, int]] = None
        self._records: dict[str, Record] = {}
        self._facts: dict[str, list[Fact]] = {}

    # --- records, reloaded when a new run rewrites the file ---------------------------

    def records(self) -> dict[str, Record]:
        stat = self.records_path.stat()
        stamp = (stat.st_mtime, stat.st_size)
        with self._lock:
            if stamp != self._loaded_stamp:
                self._records = load_records(self.records_path)
                self._facts = {doc_id: facts_of(r) for doc_id, r in self._records.items()}
                self._loaded_stamp = stamp
            return self._records

    def record(self, doc_id: str) -> Record:
        record = self.records().get(doc_id)
        if record is None:
            raise NotFound(f"no document {doc_id!r} in {self.records_path}")
        return record

    def _reviewed_facts(
        self, doc_id: str, decisions: dict[str, Decision], added: list[AddedFact]
    ) -> list[ReviewedFact]:
        self.records()
        facts = self._facts.get(doc_id, []) + [_added_as_fact(a) for a in added]
        return [ReviewedFact(f, decisions.get(f.key)) for f in facts]

    def facts(self, doc_id: str) -> list[ReviewedFact]:
        self.record(doc_id)
        decisions = self.store.decisions(doc_id).get(doc_id, {})
        added = self.store.added_facts(doc_id).get(doc_id, [])
        return self._reviewed_facts(doc_id, decisions, added)

    # --- what the pages show ----------------------------------------------------------

    @staticmethod
    def _document_status(facts: list[ReviewedFact], marked: Optional[Decision]) -> str:
        statuses = [f.status for f in facts]
        if not statuses:
            return "reviewed" if marked and marked.status == "accepted" else "unreviewed"
        pending = statuses.count("pending")
        if pending == 0:
            return "reviewed"
        return "unreviewed" if pending == len(statuses) else "in progress"

    def summary(self, kind: Optional[str] = None, status: Optional[str] = None) -> dict[str, Any]:
        """Progress over the run, and the documents with a fact of `kind` in `status`."""
        records = self.records()
        all_decisions = self.store.decisions()
        all_added = self.store.added_facts()
        totals: Counter[str] = Counter()
        documents = []
        for doc_id, record in records.items():
            decisions = all_decisions.get(doc_id, {})
            facts = self._reviewed_facts(doc_id, decisions, all_added.get(doc_id, []))
            doc_status = self._document_status(facts, decisions.get(DOCUMENT_KEY))
            totals["documents"] += 1
            totals[f"documents_{doc_status.replace(' ', '_')}"] += 1
            totals["facts"] += len(facts)
            totals.update(f.status for f in facts)
            matching = [f for f in facts if (not kind or f.fact.kind == kind) and (not status or f.status == status)]
            if (kind or status) and not matching:
                continue
            documents.append({
                "doc_id": doc_id,
                "source": record.source,
                "title": record.title,
                "status": doc_status,
                "facts": len(facts),
                "matching": len(matching),
                "by_kind": dict(Counter(f.fact.kind for f in facts)),
                "by_status": dict(Counter(f.status for f in facts)),
            })
        for name in ("documents_reviewed", "documents_in_progress", "documents_unreviewed", *FACT_STATUSES):
            totals.setdefault(name, 0)
        totals["orphaned"] = self._orphaned(all_decisions)
        return {"totals": dict(totals), "documents": documents, "kinds": list(KINDS), "statuses": list(FACT_STATUSES)}

    def _orphaned(self, all_decisions: dict[str, dict[str, Decision]]) -> int:
        """Decisions on facts the current records no longer have (a new run changed them)."""
        count = 0
        for doc_id, decisions in all_decisions.items():
            current = {f.key for f in self._facts.get(doc_id, [])}
            count += sum(1 for key in decisions if key != DOCUMENT_KEY and not key.startswith("added-") and key not in current)
        return count

    def document(self, doc_id: str, kind: Optional[str] = None, status: Optional[str] = None) -> dict[str, Any]:
        """One document; previous/next follow the list's filters when there are some."""
        record = self.record(doc_id)
        facts = self.facts(doc_id)
        marked = self.store.decision(doc_id, DOCUMENT_KEY)
        ids = list(self.records())
        if kind or status:
            matching = {d["doc_id"] for d in self.summary(kind, status)["documents"]}
            ids = [i for i in ids if i in matching or i == doc_id]
        index = ids.index(doc_id)
        return {
            "doc_id": doc_id,
            "source": record.source,
            "title": record.title,
            "published": record.published,
            "text": record.text,
            "status": self._document_status(facts, marked),
            "document_version": marked.version if marked else 0,
            "facts": [f.to_json() for f in facts],
            "previous": ids[index - 1] if index > 0 else None,
            "next": ids[index + 1] if index + 1 < len(ids) else None,
            "position": index + 1,
            "count": len(ids),
        }

    def projects(self) -> list[dict[str, Any]]:
        """The registry entries, from `DIR/projects.jsonl`; it is (re)built from records.jsonl
        first when missing, older than records.jsonl, or written by an older registry."""
        with self._registry_lock:  # one rebuild at a time, however many pages ask
            try:
                entries = load_registry(self.out_dir)
            except ValidationError:
                write_registry(self.out_dir)
                entries = load_registry(self.out_dir)
        return [entry.model_dump(mode="json") for entry in entries]

    # --- changes --------------------------------------------------------------------

    def decide(self, doc_id: str, key: str, status: str, version: int, value: Any = None) -> dict[str, Any]:
        """Accept, reject, correct or reset one fact; returns the fact as now stored."""
        facts = {f.fact.key: f for f in self.facts(doc_id)}
        if key not in facts:
            raise NotFound(f"no fact {key!r} in document {doc_id!r}")
        fact = facts[key].fact
        if status not in ("accepted", "rejected", "corrected", "pending"):
            raise InvalidValue(f"unknown decision {status!r}")
        checked = checked_value(fact.kind, value) if status == "corrected" else None
        decision = self.store.decide(doc_id, key, fact.kind, status, int(version), checked)
        return ReviewedFact(fact, decision).to_json()

    def mark_document(self, doc_id: str, reviewed: bool, version: int) -> dict[str, Any]:
        self.record(doc_id)
        self.store.decide(doc_id, DOCUMENT_KEY, "document", "accepted" if reviewed else "pending", int(version))
        return self.document(doc_id)

    def add(self, doc_id: str, kind: str, start: int, end: int, value: Any) -> dict[str, Any]:
        """Add a fact the pipeline missed, read at text[start:end]."""
        record = self.record(doc_id)
        if kind not in KINDS:
            raise InvalidValue(f"kind must be one of {', '.join(KINDS)}")
        start, end = int(start), int(end)
        if not 0 <= start < end <= len(record.text):
            raise InvalidValue("select some text of the document first")
        checked = checked_value(kind, value)
        added = self.store.add_fact(doc_id, kind, checked, start, end, record.text[start:end])
        return ReviewedFact(_added_as_fact(added), None).to_json()

    # --- the result -----------------------------------------------------------------

    def is_reviewed(self, doc_id: str) -> bool:
        return self._document_status(self.facts(doc_id), self.store.decision(doc_id, DOCUMENT_KEY)) == "reviewed"

    def reviewed_record(self, doc_id: str) -> Record:
        """The record with rejected facts removed, corrections applied and added facts in."""
        lists = ItemLists()
        for reviewed in self.facts(doc_id):
            if reviewed.kept:
                lists.add(reviewed.fact.kind, reviewed.value, reviewed.fact.spans)
        return lists.into(self.record(doc_id))

    def reviewed_records(self, only_reviewed: bool = True) -> Iterator[tuple[Record, str]]:
        """(reviewed record, document status) for every document, or only reviewed ones."""
        for doc_id in self.records():
            reviewed = self.is_reviewed(doc_id)
            if reviewed or not only_reviewed:
                yield self.reviewed_record(doc_id), "reviewed" if reviewed else "partial"

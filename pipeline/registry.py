"""The project registry: one entry per project across every document of a run.

`build_registry` merges the `ProjectItem`s of many `Record`s into `ProjectEntry`s
(identity rules in `project_identity`); `write_registry` streams `DIR/records.jsonl`
and writes `DIR/projects.jsonl` and `DIR/projects.csv`.

Merging rules:
- Every value keeps its provenance: the document (doc_id, source, published) and,
  when the record has one, the span (text, start, end) that said it.
- Single-valued attributes (start, end, budget) list every value seen (`starts`,
  `ends`, `budgets`). When all dates agree up to precision, the most precise one is
  the value ("2016" and "2016-01-15" -> "2016-01-15"; not a conflict). When they do
  not ("2016-01-15" vs "2017"), or two budgets differ, the value is left empty and
  `conflicts` names the values and their sources: nothing is silently picked.
- Funders, implementers and countries are unions (releases add to each other).
  Countries are all the countries of the documents the project appears in; the host
  is not removed, the reader filters it.
- Officials: those of a document that has this project as its only project, else
  those with a mention on a line (a paragraph, as extracted) that mentions the project.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Literal, Optional

from pydantic import Field

from .project_identity import group_keys
from .schema import Mention, Model, Money, ProjectItem, Record
from .sentences import sentence_around, sentence_bounds

RECORDS_FILE = "records.jsonl"
JSONL_FILE = "projects.jsonl"
CSV_FILE = "projects.csv"
CSV_COLUMNS = ("key", "name", "acronym", "aliases", "start", "end", "budget_value", "budget_currency",
               "funders", "implementers", "countries", "officials", "documents", "conflicts")


class Evidence(Model):
    """Who said it: a document, and the span in its text when known."""

    doc_id: str
    source: str
    published: Optional[str] = None
    text: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None


class Claim(Model):
    """One value (a date, a name, an organisation, a country code) and every place that said it."""

    value: str
    evidence: list[Evidence] = Field(default_factory=list)


class BudgetClaim(Model):
    value: Money
    evidence: list[Evidence] = Field(default_factory=list)


class Conflict(Model):
    """Documents disagree on `attribute`; `values` are the incompatible values with their sources."""

    attribute: Literal["start", "end", "budget"]
    values: list[Claim]


class OfficialRef(Model):
    """An official who spoke about the project; `evidence` holds their mentions."""

    name: str
    titles: list[str] = Field(default_factory=list)
    organizations: list[str] = Field(default_factory=list)
    country: Optional[str] = None
    basis: list[Literal["same paragraph", "only project in document"]] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


class DocumentRef(Model):
    doc_id: str
    source: str
    published: Optional[str] = None
    title: Optional[str] = None


class Event(Model):
    """A dated step of the project for the timeline: from start, end, or a signed date in a project sentence."""

    kind: Literal["launched", "signed", "finished"]
    date: str
    evidence: list[Evidence] = Field(default_factory=list)


class ProjectEntry(Model):
    """One project as all documents together describe it."""

    key: str = Field(description="Normalised acronym (MOBILAZE-2) or slug of the title")
    name: Optional[str] = Field(None, description="Most often written title")
    acronym: Optional[str] = Field(None, description="Most often written acronym")
    aliases: list[str] = Field(default_factory=list, description="Other written forms of title and acronym")
    names: list[Claim] = Field(default_factory=list)
    acronyms: list[Claim] = Field(default_factory=list)
    start: Optional[str] = Field(None, description="Most precise agreed start; None if unknown or in conflict")
    starts: list[Claim] = Field(default_factory=list)
    end: Optional[str] = None
    ends: list[Claim] = Field(default_factory=list)
    budget: Optional[Money] = Field(None, description="Agreed budget; None if unknown or in conflict")
    budgets: list[BudgetClaim] = Field(default_factory=list)
    funders: list[Claim] = Field(default_factory=list)
    implementers: list[Claim] = Field(default_factory=list)
    countries: list[Claim] = Field(default_factory=list, description="ISO codes of the documents' countries")
    officials: list[OfficialRef] = Field(default_factory=list)
    documents: list[DocumentRef] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list, description="Timeline, oldest first")
    conflicts: list[Conflict] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


# --- reading records ------------------------------------------------------------------


def iter_records(path: Path) -> Iterator[Record]:
    """Records of a records.jsonl, one line at a time; error lines (no text) are skipped."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            data = json.loads(line)
            if "text" in data and "doc_id" in data:
                yield Record.model_validate(data)


@dataclass
class _Seen:
    """One project item of one document, with what the document says around it (text dropped)."""

    item: ProjectItem
    doc: DocumentRef
    officials: list[OfficialRef] = field(default_factory=list)
    countries: list[Claim] = field(default_factory=list)
    signed: list[Event] = field(default_factory=list)


def _evidence(doc: DocumentRef, mention: Optional[Mention] = None) -> Evidence:
    if mention is None:
        return Evidence(doc_id=doc.doc_id, source=doc.source, published=doc.published)
    return Evidence(doc_id=doc.doc_id, source=doc.source, published=doc.published,
                    text=mention.text, start=mention.start, end=mention.end)


def _line_index(text: str, offset: int) -> int:
    return text.count("\n", 0, offset)


def _observe(record: Record) -> Iterator[_Seen]:
    doc = DocumentRef(doc_id=record.doc_id, source=record.source, published=record.published, title=record.title)
    countries = [Claim(value=c.code, evidence=[_evidence(doc, c.mentions[0] if c.mentions else None)])
                 for c in record.countries]
    bounds = sentence_bounds(record.text) if record.projects else []
    for item in record.projects:
        seen = _Seen(item=item, doc=doc, countries=countries)
        lines = {_line_index(record.text, m.start) for m in item.mentions}
        for official in record.officials:
            if len(record.projects) == 1:
                basis, mentions = "only project in document", official.mentions
            else:
                basis = "same paragraph"
                mentions = [m for m in official.mentions if _line_index(record.text, m.start) in lines]
            if mentions or len(record.projects) == 1:
                seen.officials.append(OfficialRef(
                    name=official.name, titles=[official.title] if official.title else [],
                    organizations=[official.organization] if official.organization else [],
                    country=official.country, basis=[basis],
                    evidence=[_evidence(doc, m) for m in mentions] or [_evidence(doc)]))
        sentences = {sentence_around(record.text, m.start, m.end, bounds) for m in item.mentions}
        for date in record.dates:
            if date.role == "signed" and any(s <= date.start and date.end <= e for s, e in sentences):
                seen.signed.append(Event(kind="signed", date=date.value, evidence=[_evidence(doc, date)]))
        yield seen


# --- merging -------------------------------------------------------------------------


def _add(claims: dict[str, Claim], value: str, evidence: list[Evidence]) -> None:
    claim = claims.setdefault(value, Claim(value=value))
    claim.evidence.extend(e for e in evidence if e not in claim.evidence)


def _mention_for(value: str, mentions: list[Mention]) -> Optional[Mention]:
    """The mention that wrote `value` (or contains it); None rather than a span that did not say it."""
    folded = value.casefold()
    for mention in mentions:
        if folded in mention.text.casefold() or mention.text.casefold() in folded:
            return mention
    return None


def resolve_dates(claims: list[Claim]) -> tuple[Optional[str], list[Claim]]:
    """(value, conflicting claims): the most precise value if all agree up to precision.

    A value is absorbed by a more precise one that extends it ("2016" by "2016-01" and
    "2016-01-15"). If more than one value is left, they conflict and the value is None.
    """
    values = {c.value for c in claims}
    kept = [c for c in claims if not any(v.startswith(c.value + "-") for v in values)]
    if len(kept) == 1:
        return kept[0].value, []
    return None, sorted(kept, key=lambda c: c.value) if kept else []


def _preferred(counts: Counter, order: list[str]) -> Optional[str]:
    """Most frequent written form; ties go to the first seen."""
    if not counts:
        return None
    return max(order, key=lambda v: (counts[v], -order.index(v)))


def merge_entry(key: str, seen: list[_Seen], notes: Iterable[str] = ()) -> ProjectEntry:
    """One `ProjectEntry` from every sighting of one project."""
    names: dict[str, Claim] = {}
    acronyms: dict[str, Claim] = {}
    attrs: dict[str, dict[str, Claim]] = defaultdict(dict)
    budgets: dict[tuple[float, str], BudgetClaim] = {}
    officials: dict[str, OfficialRef] = {}
    documents: dict[str, DocumentRef] = {}
    signed: list[Event] = []
    for s in seen:
        item, doc = s.item, s.doc
        documents.setdefault(doc.doc_id, doc)
        if item.name:
            _add(names, item.name, [_evidence(doc, _mention_for(item.name, item.mentions))])
        if item.acronym:
            _add(acronyms, item.acronym, [_evidence(doc, _mention_for(item.acronym, item.mentions))])
        for attr in ("start", "end"):
            value = getattr(item, attr)
            if value:
                spans = item.evidence.get(attr) or [None]
                _add(attrs[attr], value, [_evidence(doc, m) for m in spans])
        if item.budget:
            claim = budgets.setdefault((item.budget.value, item.budget.currency), BudgetClaim(value=item.budget))
            claim.evidence.extend(_evidence(doc, m) for m in item.evidence.get("budget") or [None])
        for attr in ("funders", "implementers"):
            for org in getattr(item, attr):
                _add(attrs[attr], org, [_evidence(doc, _mention_for(org, item.evidence.get(attr, [])))])
        for country in s.countries:
            _add(attrs["countries"], country.value, country.evidence)
        for official in s.officials:
            _merge_official(officials, official)
        signed.extend(e for e in s.signed if e not in signed)

    entry = ProjectEntry(key=key, notes=sorted(set(notes)))
    entry.names, entry.acronyms = list(names.values()), list(acronyms.values())
    entry.name = _preferred(Counter({v: len(c.evidence) for v, c in names.items()}), list(names))
    entry.acronym = _preferred(Counter({v: len(c.evidence) for v, c in acronyms.items()}), list(acronyms))
    entry.aliases = [v for v in [*names, *acronyms] if v not in (entry.name, entry.acronym)]
    for attr in ("start", "end"):
        claims = list(attrs[attr].values())
        value, conflicting = resolve_dates(claims)
        setattr(entry, attr, value)
        setattr(entry, attr + "s", claims)
        if conflicting:
            entry.conflicts.append(Conflict(attribute=attr, values=conflicting))
    entry.budgets = list(budgets.values())
    if len(budgets) == 1:
        entry.budget = entry.budgets[0].value
    elif budgets:
        entry.conflicts.append(Conflict(attribute="budget", values=[
            Claim(value=money_text(b.value), evidence=b.evidence) for b in entry.budgets]))
    entry.funders, entry.implementers = list(attrs["funders"].values()), list(attrs["implementers"].values())
    entry.countries = sorted(attrs["countries"].values(), key=lambda c: c.value)
    entry.officials = list(officials.values())
    entry.documents = list(documents.values())
    entry.events = _timeline(entry.starts, entry.ends, signed)
    return entry


def _merge_official(officials: dict[str, OfficialRef], ref: OfficialRef) -> None:
    known = officials.get(ref.name.casefold())
    if known is None:
        officials[ref.name.casefold()] = ref.model_copy(deep=True)
        return
    for attr in ("titles", "organizations", "basis", "evidence"):
        values = getattr(known, attr)
        values.extend(v for v in getattr(ref, attr) if v not in values)
    known.country = known.country or ref.country


_KIND_ORDER = {"signed": 0, "launched": 1, "finished": 2}


def _timeline(starts: list[Claim], ends: list[Claim], signed: list[Event]) -> list[Event]:
    events = [Event(kind="launched", date=c.value, evidence=c.evidence) for c in starts]
    events += [Event(kind="finished", date=c.value, evidence=c.evidence) for c in ends]
    events += signed
    return sorted(events, key=lambda e: (e.date, _KIND_ORDER[e.kind]))


def money_text(money: Money) -> str:
    """"2500000 EUR": the plain number, no float noise."""
    return f"{money.value:.2f}".rstrip("0").rstrip(".") + f" {money.currency}"


def build_registry(records: Iterable[Record]) -> list[ProjectEntry]:
    """Entries for every project in `records`, sorted by key. Texts are not kept in memory."""
    sightings: list[_Seen] = []
    for record in records:
        sightings.extend(_observe(record))
    assignments = group_keys((s.item.acronym, s.item.name) for s in sightings)
    grouped: dict[str, list[_Seen]] = defaultdict(list)
    notes: dict[str, set[str]] = defaultdict(set)
    for s in sightings:
        assignment = assignments.get((s.item.acronym or None, s.item.name or None))
        if assignment is None:  # neither key normalises to anything (e.g. only punctuation)
            continue
        grouped[assignment.key].append(s)
        if assignment.note:
            notes[assignment.key].add(assignment.note)
    return [merge_entry(key, grouped[key], notes[key]) for key in sorted(grouped)]


# --- writing -------------------------------------------------------------------------


def _csv_row(entry: ProjectEntry) -> dict[str, str]:
    join = "; ".join
    conflicts = [f"{c.attribute}: " + " | ".join(
        f"{v.value} [{', '.join(sorted({e.source for e in v.evidence}))}]" for v in c.values)
        for c in entry.conflicts]
    return {
        "key": entry.key, "name": entry.name or "", "acronym": entry.acronym or "",
        "aliases": join(entry.aliases), "start": entry.start or "", "end": entry.end or "",
        "budget_value": money_text(entry.budget).split()[0] if entry.budget else "",
        "budget_currency": entry.budget.currency if entry.budget else "",
        "funders": join(c.value for c in entry.funders),
        "implementers": join(c.value for c in entry.implementers),
        "countries": join(c.value for c in entry.countries),
        "officials": join(o.name for o in entry.officials),
        "documents": join(d.source for d in entry.documents),
        "conflicts": join(conflicts),
    }


def _write_atomic(path: Path, content: str) -> None:
    """Write to a temp file beside `path`, then rename: readers never see half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_entries(entries: list[ProjectEntry], out_dir: Path) -> tuple[Path, Path]:
    out_dir = Path(out_dir)
    jsonl = "".join(e.model_dump_json() + "\n" for e in entries)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(_csv_row(e) for e in entries)
    _write_atomic(out_dir / JSONL_FILE, jsonl)
    _write_atomic(out_dir / CSV_FILE, buffer.getvalue())
    return out_dir / JSONL_FILE, out_dir / CSV_FILE


def write_registry(out_dir: Path) -> tuple[Path, Path]:
    """Read `out_dir/records.jsonl` (streamed) and write projects.jsonl and projects.csv there."""
    out_dir = Path(out_dir)
    return write_entries(build_registry(iter_records(out_dir / RECORDS_FILE)), out_dir)


def load_registry(out_dir: Path) -> list[ProjectEntry]:
    """The entries of `out_dir/projects.jsonl`, rebuilt first if records.jsonl is newer or it is missing."""
    out_dir = Path(out_dir)
    registry, records = out_dir / JSONL_FILE, out_dir / RECORDS_FILE
    if records.exists() and (not registry.exists() or registry.stat().st_mtime < records.stat().st_mtime):
        write_registry(out_dir)
    if not registry.exists():
        raise FileNotFoundError(f"no {JSONL_FILE} or {RECORDS_FILE} in {out_dir}")
    with open(registry, encoding="utf-8") as handle:
        return [ProjectEntry.model_validate_json(line) for line in handle if line.strip()]

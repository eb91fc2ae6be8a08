"""Plain-text views of the project registry for `pressfacts projects`.

`format_table` gives one block per project (key, name, dates, budget, documents)
followed by its timeline; `format_entry` shows one project in full, every value with
the documents and spans that said it. `find_entry` looks a project up the way a
user types it (acronym or title, any spelling the identity rules accept).
"""

from __future__ import annotations

from typing import Optional

from .project_identity import acronym_key, name_key, slug
from .registry import Claim, Evidence, ProjectEntry, money_text


def find_entry(entries: list[ProjectEntry], query: str) -> Optional[ProjectEntry]:
    """The entry whose key, acronym, title or alias matches `query` as the registry would join it."""
    akey, nkey = acronym_key(query), name_key(query)
    for entry in entries:
        if entry.key in (akey, slug(nkey)) or any(acronym_key(c.value) == akey for c in entry.acronyms):
            return entry
    for entry in entries:
        if any(name_key(c.value) == nkey for c in entry.names):
            return entry
    return None


def _where(evidence: list[Evidence]) -> str:
    return ", ".join(dict.fromkeys(e.source for e in evidence))


def _value(entry: ProjectEntry, attr: str) -> str:
    value = getattr(entry, attr)
    if attr == "budget":
        value = money_text(value) if value else None
    if value:
        return value
    return "CONFLICT" if any(c.attribute == attr for c in entry.conflicts) else "-"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def format_table(entries: list[ProjectEntry]) -> str:
    """All projects: a header row each, then its dated events with their documents."""
    if not entries:
        return "No projects in this registry."
    rows = [("KEY", "NAME", "START", "END", "BUDGET", "DOCS")]
    for e in entries:
        rows.append((_cut(e.key, 24), _cut(e.name or e.acronym or "", 50), _value(e, "start"),
                     _value(e, "end"), _value(e, "budget"), str(len(e.documents))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(rows[0], widths)).rstrip()]
    for entry, row in zip(entries, rows[1:]):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
        for event in entry.events:
            lines.append(f"    {event.date:<10}  {event.kind:<8}  {_where(event.evidence)}")
    return "\n".join(lines)


def _claims(label: str, claims: list[Claim]) -> list[str]:
    if not claims:
        return [f"{label}: -"]
    out = [f"{label}:"]
    for claim in claims:
        out.append(f"  - {claim.value}")
        out.extend(_evidence_lines(claim.evidence))
    return out


def _evidence_lines(evidence: list[Evidence]) -> list[str]:
    lines = []
    for e in evidence:
        span = f' [{e.start}:{e.end}] "{e.text}"' if e.text is not None else ""
        lines.append(f"      from {e.source} ({e.doc_id}){span}")
    return lines


def format_entry(entry: ProjectEntry) -> str:
    """One project in full: resolved values, every claim with its provenance, conflicts, officials."""
    lines = [f"{entry.key}: {entry.name or '-'} ({entry.acronym or 'no acronym'})"]
    if entry.aliases:
        lines.append("aliases: " + "; ".join(entry.aliases))
    lines.append(f"start: {_value(entry, 'start')}   end: {_value(entry, 'end')}   "
                 f"budget: {_value(entry, 'budget')}")
    for conflict in entry.conflicts:
        lines.append(f"CONFLICT on {conflict.attribute}: "
                     + " vs ".join(f"{c.value} ({_where(c.evidence)})" for c in conflict.values))
    lines += _claims("names", entry.names) + _claims("acronyms", entry.acronyms)
    lines += _claims("starts", entry.starts) + _claims("ends", entry.ends)
    budgets = [Claim(value=money_text(b.value), evidence=b.evidence) for b in entry.budgets]
    lines += _claims("budgets", budgets)
    lines += _claims("funders", entry.funders) + _claims("implementers", entry.implementers)
    lines.append("countries: " + (", ".join(c.value for c in entry.countries) or "-"))
    lines.append("officials:" if entry.officials else "officials: -")
    for official in entry.officials:
        about = "; ".join([*official.titles, *official.organizations]) or "no title"
        lines.append(f"  - {official.name} ({about}) [{', '.join(official.basis)}]")
        lines.extend(_evidence_lines(official.evidence))
    lines.append("timeline:" if entry.events else "timeline: -")
    lines += [f"  {e.date:<10}  {e.kind:<8}  {_where(e.evidence)}" for e in entry.events]
    lines.append("documents:")
    lines += [f"  - {d.source} ({d.doc_id}){' published ' + d.published if d.published else ''}"
              for d in entry.documents]
    lines += [f"note: {n}" for n in entry.notes]
    return "\n".join(lines)

"""A record as a flat list of reviewable facts, each with a stable key.

The review app, the store, the report and the export all see a `Record` through
this module, so they agree on what "a fact" is:

- date     {value, role}                      one span
- amount   {value, currency}                  one span
- country  {code, name}                       every mention
- official {name, title, organization, country}   mentions + evidence
- project  {name, acronym, start, end, budget, funders, implementers}   mentions + evidence

A fact's key is a hash of its kind, its normalised value and the offsets of its first
span. The store keys decisions by (doc_id, key), and doc_id is the hash of the text, so a
new run over the same documents finds the decisions again for every fact whose value and
position did not change, and only for those.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Optional

from .values import official_value, project_value
from ..schema import (
    AmountItem,
    CountryItem,
    DateItem,
    Mention,
    OfficialItem,
    ProjectItem,
    Record,
)

KINDS = ("project", "official", "date", "amount", "country")

# The fields whose value identifies a fact; a country's display name follows its code.
KEY_FIELDS = {
    "date": ("value", "role"),
    "amount": ("value", "currency"),
    "country": ("code",),
    "official": ("name", "title", "organization", "country"),
    "project": ("name", "acronym", "start", "end", "budget", "funders", "implementers"),
}


@dataclass
class Fact:
    key: str
    kind: str
    value: dict[str, Any]
    spans: list[dict[str, Any]]  # {start, end, text, role}; role is "mention" or the attribute read
    origin: str = "extracted"  # or "added" by a reviewer

    @property
    def anchor(self) -> Optional[tuple[int, int]]:
        return (self.spans[0]["start"], self.spans[0]["end"]) if self.spans else None


def _normalise(value: Any) -> Any:
    """Case, width and spacing do not make a new fact; list order does not either."""
    if isinstance(value, str):
        return " ".join(unicodedata.normalize("NFKC", value).casefold().split())
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return sorted((_normalise(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


def fact_key(kind: str, value: dict[str, Any], spans: list[dict[str, Any]]) -> str:
    identity = {name: value.get(name) for name in KEY_FIELDS[kind]}
    anchor = [spans[0]["start"], spans[0]["end"]] if spans else None
    payload = json.dumps([kind, _normalise(identity), anchor], sort_keys=True, separators=(",", ":"))
    return f"{kind[0]}-{hashlib.sha1(payload.encode('utf-8')).hexdigest()[:12]}"


def _span(mention: Mention, role: str = "mention") -> dict[str, Any]:
    return {"start": mention.start, "end": mention.end, "text": mention.text, "role": role}


def _raw_facts(record: Record) -> list[tuple[str, dict[str, Any], list[dict[str, Any]]]]:
    raw: list[tuple[str, dict[str, Any], list[dict[str, Any]]]] = []
    for project in record.projects:
        spans = [_span(m) for m in project.mentions]
        spans += [_span(m, attr) for attr, ms in project.evidence.items() for m in ms]
        raw.append(("project", project_value(project), spans))
    for official in record.officials:
        spans = [_span(m) for m in official.mentions]
        spans += [_span(m, attr) for attr, m in official.evidence.items()]
        raw.append(("official", official_value(official), spans))
    for date in record.dates:
        raw.append(("date", {"value": date.value, "role": date.role}, [_span(date)]))
    for amount in record.amounts:
        raw.append(("amount", {"value": amount.value, "currency": amount.currency}, [_span(amount)]))
    for country in record.countries:
        raw.append(("country", {"code": country.code, "name": country.name}, [_span(m) for m in country.mentions]))
    return raw


def facts_of(record: Record) -> list[Fact]:
    """Every fact of a record, in the record's order; keys are unique within the record."""
    facts: list[Fact] = []
    seen: dict[str, int] = {}
    for kind, value, spans in _raw_facts(record):
        key = fact_key(kind, value, spans)
        if key in seen:  # the same value at the same place twice: number the repeats
            seen[key] += 1
            key = f"{key}.{seen[key]}"
        else:
            seen[key] = 0
        facts.append(Fact(key=key, kind=kind, value=value, spans=spans))
    return facts


def _money(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def fact_label(kind: str, value: dict[str, Any]) -> str:
    """One line a reviewer reads in a list."""
    if kind == "date":
        return value["value"] + (f" ({value['role']})" if value.get("role") else "")
    if kind == "amount":
        return f"{_money(value['value'])} {value['currency']}"
    if kind == "country":
        return f"{value['name']} ({value['code']})"
    if kind == "official":
        return value["name"] + (f", {value['title']}" if value.get("title") else "")
    name = value.get("name") or ""
    acronym = value.get("acronym")
    return f"{name} ({acronym})" if name and acronym else (name or acronym or "")


# --- back from facts to record items -------------------------------------------------


def _mention(span: dict[str, Any]) -> Mention:
    return Mention(text=span["text"], start=span["start"], end=span["end"])


def _evidence_lists(spans: list[dict[str, Any]]) -> dict[str, list[Mention]]:
    evidence: dict[str, list[Mention]] = {}
    for span in spans:
        if span["role"] != "mention":
            evidence.setdefault(span["role"], []).append(_mention(span))
    return evidence


@dataclass
class ItemLists:
    """The item lists of a record being rebuilt from reviewed facts."""

    projects: list[ProjectItem] = field(default_factory=list)
    officials: list[OfficialItem] = field(default_factory=list)
    dates: list[DateItem] = field(default_factory=list)
    amounts: list[AmountItem] = field(default_factory=list)
    countries: list[CountryItem] = field(default_factory=list)

    def add(self, kind: str, value: dict[str, Any], spans: list[dict[str, Any]]) -> None:
        mentions = [_mention(s) for s in spans if s["role"] == "mention"]
        if kind == "date":
            self.dates.append(DateItem(value=value["value"], role=value.get("role"), **_mention(spans[0]).model_dump()))
        elif kind == "amount":
            self.amounts.append(AmountItem(value=value["value"], currency=value["currency"], **_mention(spans[0]).model_dump()))
        elif kind == "country":
            same = next((c for c in self.countries if c.code == value["code"]), None)
            if same is not None:  # a reviewer's extra mention of a country already listed
                same.mentions.extend(m for m in mentions if m not in same.mentions)
            else:
                self.countries.append(CountryItem(code=value["code"], name=value["name"], mentions=mentions))
        elif kind == "official":
            evidence = {attr: ms[0] for attr, ms in _evidence_lists(spans).items()}
            self.officials.append(OfficialItem(**value, mentions=mentions, evidence=evidence))
        elif kind == "project":
            self.projects.append(ProjectItem(**value, mentions=mentions, evidence=_evidence_lists(spans)))
        else:
            raise ValueError(f"unknown kind of fact {kind!r}")

    def into(self, record: Record) -> Record:
        data = record.model_dump()
        for name in ("projects", "officials", "dates", "amounts", "countries"):
            data[name] = [item.model_dump() for item in getattr(self, name)]
        return Record.model_validate(data)

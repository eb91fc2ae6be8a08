"""Doc -> Record: normalise what the components found, link it, validate it.

Each distinct date value and (value, currency) amount appears once, at its first
mention; each country once with all its mentions; officials and projects come from
`link`. The pydantic `Record` validates the result, including that every evidence
span is exactly the text it points at.

The record is put together as plain dicts and validated once, as a whole: building
each item model on its own and then the record validated everything twice.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING, Callable, Optional

import pycountry
from pydantic import ValidationError
from spacy.tokens import Doc

from .components.base import doc_text, extension
from .link import link_projects
from .normalise.dates import date_values
from .orgs import OrgNamer
from .schema import AmountItem, CountryItem, DateItem, Mention, Money, OfficialItem, ProjectItem, Record

if TYPE_CHECKING:
    from .extract import Document
    from .link import _Project


@lru_cache(maxsize=None)
def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or country.name


def published_date(line: Optional[dict], document: "Document") -> str | None:
    """The publication date: page metadata first, else the text's dateline (`doc._.published`)."""
    if document.published:
        return document.published
    values = date_values(line["rule"], line["parts"]) if line else []
    return values[0] if values and len(values[0]) == 10 else None


def mention(found: dict) -> dict:
    """The Mention fields of a finding or an evidence span."""
    return {"text": found["text"], "start": found["start"], "end": found["end"]}


def project_fields(project: _Project) -> dict:
    """A linked project as ProjectItem fields."""
    start = project.start[1] if project.start else None
    end = project.end[1] if project.end else None
    if start and end and end[: len(start)] < start[: len(end)]:
        start = None  # an "end" before the start is a misreading of one of them
    evidence: dict[str, list[dict]] = {}
    for attr in ("start", "end", "budget"):
        value = getattr(project, attr)
        if value is not None and (attr != "start" or start):
            evidence[attr] = [mention(value[2])]
    for attr in ("funders", "implementers"):
        if getattr(project, attr):
            evidence[attr] = [mention(m) for m in getattr(project, attr).values()]
    budget = {"value": project.budget[1][0], "currency": project.budget[1][1]} if project.budget else None
    return {
        "name": project.name, "acronym": project.acronym, "start": start, "end": end, "budget": budget,
        "funders": list(project.funders), "implementers": list(project.implementers),
        "mentions": [mention(m) for m in project.mentions], "evidence": evidence,
        "rule": "projects." + "+".join(dict.fromkeys(m["rule"] for m in project.mentions)),
    }


def main_country(found: dict) -> Optional[str]:
    """The most mentioned country: the one national bodies belong to when a title names none."""
    counts = Counter(c["code"] for c in found.get("countries", []))
    return counts.most_common(1)[0][0] if counts else None


def official_fields(found: dict) -> list[dict]:
    """The officials found (`found`: the Doc's findings), as OfficialItem fields."""
    people = found.get("officials", [])
    national = any(p["country"] is None and p.get("org_kind") == "national" for p in people)
    home = main_country(found) if national else None  # only they need it
    items = []
    for person in people:
        country = person["country"]
        if country is None and person.get("org_kind") == "national":
            country = home
        items.append({
            "name": person["name"], "title": person["title"], "organization": person["organization"],
            "country": country, "mentions": person["mentions"], "evidence": person["evidence"],
            "rule": f"officials.{person['rule']}",
        })
    return items


def starts_inside(spans: list[tuple[int, int]]) -> Callable[[int], bool]:
    """Whether a position is inside one of the (start, end) `spans`: found by bisection on the
    starts in order, each with the furthest end of the spans up to it."""
    spans = sorted(spans)
    starts = [a for a, _ in spans]
    reach = list(accumulate((b for _, b in spans), max))
    return lambda position: (i := bisect_right(starts, position) - 1) >= 0 and reach[i] > position


def build_record(doc: Doc, document: "Document", nlp) -> Record:
    """`nlp` supplies the rule data linking needs (the projects component's lexicon)."""
    found = extension(doc, "facts") or {}
    text = doc_text(doc)
    published = published_date(extension(doc, "published"), document)
    dates: list[dict] = []
    seen_dates: set[str] = set()
    for item in found.get("dates", []):
        item["values"] = date_values(item["rule"], item["parts"], published)
        for value in item["values"]:
            if value not in seen_dates:
                seen_dates.add(value)
                dates.append({"value": value, "text": item["text"], "start": item["start"], "end": item["end"],
                              "rule": f"dates.{item['rule']}"})
    amounts: list[dict] = []
    seen_amounts: set[tuple[float, str]] = set()
    for item in found.get("amounts", []):
        key = (item["value"], item["currency"])
        if key not in seen_amounts:
            seen_amounts.add(key)
            amounts.append({"value": item["value"], "currency": item["currency"], "text": item["text"],
                            "start": item["start"], "end": item["end"], "rule": f"amounts.{item['rule']}"})
    projects_pipe = nlp.get_pipe("projects")
    linked = link_projects(found, extension(doc, "sentences"), projects_pipe.anaphors, OrgNamer(text, projects_pipe.lex))
    projects = [project_fields(p) for p in linked]
    officials = official_fields(found)
    roles = {}
    for item in found.get("dates", []):
        for value in item.get("values", []):
            if item.get("role") and value not in roles:
                roles[value] = item["role"]
    for date in dates:
        date["role"] = roles.get(date["value"])
    # A country word inside a person's name ("Argentina Szabados") is not a country.
    names = [(m["start"], m["end"]) for o in officials for m in o["mentions"]]
    in_name = starts_inside(names) if names else None
    countries: dict[str, dict] = {}
    for item in found.get("countries", []):
        if in_name and in_name(item["start"]):
            continue
        entry = countries.get(item["code"])
        if entry is None:
            entry = countries[item["code"]] = {"code": item["code"], "name": country_name(item["code"]),
                                               "mentions": [], "rule": f"countries.{item['kind']}"}
        entry["mentions"].append(mention(item))
    fields = {
        "doc_id": document.doc_id, "source": document.source, "sources": document.sources,
        "title": document.title, "published": published, "text": text,
        "projects": projects, "officials": officials, "dates": dates, "amounts": amounts,
        "countries": list(countries.values()), "warnings": list(document.warnings),
    }
    try:
        return Record.model_validate(fields)
    except ValidationError:
        return validate_item_by_item(fields)


def validate_item_by_item(fields: dict) -> Record:
    """`fields` validated the way records used to be: each item model on its own, in the
    order they were built, then the record. Run only when validation failed, so that the
    error raised (and reported in errors.jsonl) stays the one it always was."""
    dates = [DateItem(**{k: v for k, v in d.items() if k != "role"}) for d in fields["dates"]]
    amounts = [AmountItem(**a) for a in fields["amounts"]]
    projects = []
    for p in fields["projects"]:
        evidence = {attr: [Mention(**m) for m in spans] for attr, spans in p["evidence"].items()}
        budget = Money(**p["budget"]) if p["budget"] else None
        projects.append(ProjectItem(**{**p, "budget": budget, "mentions": [Mention(**m) for m in p["mentions"]],
                                       "evidence": evidence}))
    officials = [OfficialItem(**{**o, "mentions": [Mention(**m) for m in o["mentions"]],
                                 "evidence": {k: Mention(**v) for k, v in o["evidence"].items()}})
                 for o in fields["officials"]]
    for date, d in zip(dates, fields["dates"]):
        date.role = d["role"]
    countries = []
    for c in fields["countries"]:
        countries.append(CountryItem(code=c["code"], name=c["name"], rule=c["rule"]))
        countries[-1].mentions.extend(Mention(**m) for m in c["mentions"])
    return Record(**{**fields, "projects": projects, "officials": officials, "dates": dates, "amounts": amounts,
                     "countries": countries})

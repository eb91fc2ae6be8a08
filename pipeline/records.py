"""Doc -> Record: normalise what the components found, link it, validate it.

Each distinct date value and (value, currency) amount appears once, at its first
mention; each country once with all its mentions; officials and projects come from
`link`. The pydantic `Record` validates the result, including that every evidence
span is exactly the text it points at.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import pycountry
from spacy.tokens import Doc

from .components.base import doc_text
from .link import link_facts
from .normalise.dates import date_values
from .orgs import OrgNamer
from .schema import AmountItem, CountryItem, DateItem, Mention, Record

if TYPE_CHECKING:
    from .extract import Document


@lru_cache(maxsize=None)
def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or country.name


def published_date(doc: Doc, document: "Document") -> str | None:
    """The publication date: page metadata first, else the text's dateline."""
    if document.published:
        return document.published
    line = doc._.published
    values = date_values(line["rule"], line["parts"]) if line else []
    return values[0] if values and len(values[0]) == 10 else None


def build_record(doc: Doc, document: "Document", nlp) -> Record:
    """`nlp` supplies the rule data linking needs (the projects component's lexicon)."""
    found = doc._.facts or {}
    text = doc_text(doc)
    published = published_date(doc, document)
    dates: list[DateItem] = []
    seen_dates: set[str] = set()
    for item in found.get("dates", []):
        item["values"] = date_values(item["rule"], item["parts"], published)
        for value in item["values"]:
            if value not in seen_dates:
                seen_dates.add(value)
                dates.append(DateItem(value=value, text=item["text"], start=item["start"], end=item["end"],
                                      rule=f"dates.{item['rule']}"))
    amounts: list[AmountItem] = []
    seen_amounts: set[tuple[float, str]] = set()
    for item in found.get("amounts", []):
        key = (item["value"], item["currency"])
        if key not in seen_amounts:
            seen_amounts.add(key)
            amounts.append(AmountItem(value=item["value"], currency=item["currency"], text=item["text"],
                                      start=item["start"], end=item["end"], rule=f"amounts.{item['rule']}"))
    projects_pipe = nlp.get_pipe("projects")
    projects, officials = link_facts(doc, projects_pipe.anaphors, OrgNamer(text, projects_pipe.lex))
    roles = {}
    for item in found.get("dates", []):
        for value in item.get("values", []):
            if item.get("role") and value not in roles:
                roles[value] = item["role"]
    for date in dates:
        date.role = roles.get(date.value)
    # A country word inside a person's name ("Argentina Szabados") is not a country.
    names = [(m.start, m.end) for o in officials for m in o.mentions]
    countries: dict[str, CountryItem] = {}
    for item in found.get("countries", []):
        if any(a <= item["start"] < b for a, b in names):
            continue
        entry = countries.setdefault(item["code"], CountryItem(code=item["code"], name=country_name(item["code"]),
                                                               rule=f"countries.{item['kind']}"))
        entry.mentions.append(Mention(text=item["text"], start=item["start"], end=item["end"]))
    return Record(
        doc_id=document.doc_id,
        source=document.source,
        sources=document.sources,
        title=document.title,
        published=published,
        text=text,
        projects=projects,
        officials=officials,
        dates=dates,
        amounts=amounts,
        countries=list(countries.values()),
        warnings=list(document.warnings),
    )

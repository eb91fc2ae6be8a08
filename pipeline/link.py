"""Link what the components found into officials and projects.

(Projects linking is added below.)
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from .schema import DateItem, Mention, OfficialItem, ProjectItem


def main_country(doc: Doc) -> str | None:
    """The most mentioned country: the one national bodies belong to when a title names none."""
    counts = Counter(c["code"] for c in (doc._.facts or {}).get("countries", []))
    return counts.most_common(1)[0][0] if counts else None


def build_officials(doc: Doc) -> list[OfficialItem]:
    home = main_country(doc)
    items = []
    for person in (doc._.facts or {}).get("officials", []):
        country = person["country"]
        if country is None and person.get("org_kind") == "national":
            country = home
        items.append(OfficialItem(
            name=person["name"], title=person["title"], organization=person["organization"], country=country,
            mentions=[Mention(**m) for m in person["mentions"]],
            evidence={k: Mention(**v) for k, v in person["evidence"].items()},
        ))
    return items


def link_facts(doc: Doc, published: str | None, dates: list[DateItem]) -> tuple[list[ProjectItem], list[OfficialItem]]:
    return [], build_officials(doc)

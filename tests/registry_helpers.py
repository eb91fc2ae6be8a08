"""Hand-made records for the registry and IATI tests: spans are found in the text, never typed."""

from __future__ import annotations

import re
from typing import Iterable, Optional, Union

from pipeline.extract import content_id
from pipeline.schema import CountryItem, DateItem, Mention, Money, OfficialItem, ProjectItem, Record

Needles = Union[str, Iterable[str]]


def span(text: str, needle: str, nth: int = 0) -> Mention:
    """The `nth` occurrence of `needle` in `text` as a Mention (fails loudly if absent)."""
    starts = [m.start() for m in re.finditer(re.escape(needle), text)]
    assert len(starts) > nth, f"{needle!r} not in text"
    return Mention(text=needle, start=starts[nth], end=starts[nth] + len(needle))


def spans(text: str, needles: Needles) -> list[Mention]:
    needles = [needles] if isinstance(needles, str) else list(needles)
    return [span(text, n) for n in needles]


def project(text: str, *, name: Optional[str] = None, acronym: Optional[str] = None, start: Optional[str] = None,
            end: Optional[str] = None, budget: Optional[tuple[float, str]] = None, funders: Iterable[str] = (),
            implementers: Iterable[str] = (), mentions: Needles = (), evidence: Optional[dict] = None) -> ProjectItem:
    """A ProjectItem whose mentions and evidence spans point into `text`."""
    return ProjectItem(
        name=name, acronym=acronym, start=start, end=end,
        budget=Money(value=budget[0], currency=budget[1]) if budget else None,
        funders=list(funders), implementers=list(implementers), mentions=spans(text, mentions),
        evidence={attr: spans(text, needles) for attr, needles in (evidence or {}).items()},
    )


def official(text: str, name: str, mentions: Needles, title: Optional[str] = None,
             organization: Optional[str] = None, country: Optional[str] = None) -> OfficialItem:
    return OfficialItem(name=name, title=title, organization=organization, country=country,
                        mentions=spans(text, mentions))


def country(text: str, code: str, name: str, needle: str) -> CountryItem:
    return CountryItem(code=code, name=name, mentions=[span(text, needle)])


def date(text: str, value: str, needle: str, role: Optional[str] = None) -> DateItem:
    m = span(text, needle)
    return DateItem(value=value, role=role, text=m.text, start=m.start, end=m.end)


def record(text: str, source: str, *, projects=(), officials=(), countries=(), dates=(),
           published: Optional[str] = None) -> Record:
    return Record(doc_id=content_id(text), source=source, text=text, published=published,
                  projects=list(projects), officials=list(officials), countries=list(countries),
                  dates=list(dates))


# Two made-up releases about one project that disagree on its budget.
SUBOR_A = (
    "Chisinau, 3 March 2020. The European Union launched the “Support to Border Management in Moldova” "
    "(SUBOR) project, implemented by ICMPD, with a total budget of 2.5 million euros.\n"
    "“Borders connect people,” said Ion Popescu, Minister of Internal Affairs of Moldova.\n"
)
SUBOR_B = (
    "The SUBOR project, funded by the European Union and implemented by ICMPD, has a budget of "
    "EUR 3,000,000 and runs until December 2023.\n"
    "Maria Ionescu, Head of the Border Police, welcomed the SUBOR project.\n"
)


def subor_records() -> list[Record]:
    """The two SUBOR releases as records built by hand (what the extractor should find)."""
    a = record(SUBOR_A, "subor_a.txt", published="2020-03-03", projects=[project(
        SUBOR_A, name="Support to Border Management in Moldova", acronym="SUBOR", start="2020-03-03",
        budget=(2_500_000, "EUR"), funders=["European Union"], implementers=["ICMPD"],
        mentions=["Support to Border Management in Moldova", "SUBOR"],
        evidence={"start": "3 March 2020", "budget": "2.5 million euros", "funders": "European Union",
                  "implementers": "ICMPD"})],
        officials=[official(SUBOR_A, "Ion Popescu", "Ion Popescu", title="Minister of Internal Affairs",
                            country="MD")],
        countries=[country(SUBOR_A, "MD", "Moldova", "Moldova")])
    b = record(SUBOR_B, "subor_b.txt", projects=[project(
        SUBOR_B, acronym="SUBOR", end="2023-12", budget=(3_000_000, "EUR"), funders=["European Union"],
        implementers=["ICMPD"], mentions=["SUBOR"],
        evidence={"budget": "EUR 3,000,000", "end": "December 2023", "funders": "European Union",
                  "implementers": "ICMPD"})],
        officials=[official(SUBOR_B, "Maria Ionescu", "Maria Ionescu", title="Head of the Border Police")])
    return [a, b]

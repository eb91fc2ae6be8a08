"""A hand-made run for the review, report and export tests: every kind of fact, spans
found in the text (never typed), and a text carrying markup that must stay text."""

from __future__ import annotations

from pathlib import Path

from pipeline.extract import content_id
from pipeline.schema import (
    AmountItem,
    CountryItem,
    DateItem,
    Mention,
    Money,
    OfficialItem,
    ProjectItem,
    Record,
)

HOSTILE = '<script>window.pwned=1</script> <img src=x onerror="window.pwned=2"> & <b>bold</b>'

TEXT = (
    "NAKHCHIVAN, 16 April 2019\n\n"
    "The \u201cSupport to the Implementation of the Mobility Partnership with Azerbaijan (MOBILAZE-2)\u201d project, "
    "funded by the European Commission with 2.5 million euros, began on June 1, 2021 and ends on May 31, 2024.\n\n"
    "Michael Spindelegger, Director General of ICMPD, met Ramiz Hasanov, Deputy Foreign Minister, in Baku. "
    "Bulgaria and the Netherlands also take part.\n\n"
    f"Comment posted by a reader: {HOSTILE}\n"
)

QUIET_TEXT = "A short notice with nothing to record.\n"


def span(text: str, needle: str) -> Mention:
    start = text.index(needle)
    return Mention(text=needle, start=start, end=start + len(needle))


def sample_record(text: str = TEXT, source: str = "sample.txt") -> Record:
    def at(needle: str) -> dict:
        return span(text, needle).model_dump()

    return Record(
        doc_id=content_id(text),
        source=source,
        title="MOBILAZE-2 under way",
        published="2019-04-16",
        text=text,
        projects=[ProjectItem(
            name="Support to the Implementation of the Mobility Partnership with Azerbaijan",
            acronym="MOBILAZE-2", start="2021-06-01", end="2024-05-31",
            budget=Money(value=2_500_000, currency="EUR"), funders=["European Commission"],
            mentions=[span(text, "MOBILAZE-2")],
            evidence={"start": [span(text, "June 1, 2021")], "budget": [span(text, "2.5 million euros")]},
        )],
        officials=[OfficialItem(
            name="Michael Spindelegger", title="Director General of ICMPD", organization="ICMPD",
            mentions=[span(text, "Michael Spindelegger")], evidence={"title": span(text, "Director General of ICMPD")},
        )],
        dates=[
            DateItem(value="2019-04-16", **at("16 April 2019")),
            DateItem(value="2021-06-01", role="start", **at("June 1, 2021")),
            DateItem(value="2024-05-31", role="end", **at("May 31, 2024")),
        ],
        amounts=[AmountItem(value=2_500_000, currency="EUR", **at("2.5 million euros"))],
        countries=[
            CountryItem(code="BG", name="Bulgaria", mentions=[span(text, "Bulgaria")]),
            CountryItem(code="NL", name="Netherlands", mentions=[span(text, "Netherlands")]),
        ],
    )


def quiet_record() -> Record:
    return Record(doc_id=content_id(QUIET_TEXT), source="quiet.txt", text=QUIET_TEXT)


def write_run(out_dir: Path, records: list[Record] | None = None) -> Path:
    """A run folder holding records.jsonl, as `pressfacts run` writes it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    records = records if records is not None else [sample_record(), quiet_record()]
    (out_dir / "records.jsonl").write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    return out_dir

"""The project registry as IATI activity XML, version 2.03.

One `iati-activity` per registry entry. Choices (README "Project registry and IATI
export" has the full mapping):

- reporting-org is pressfacts itself (ref `XI-PRESSFACTS`, type 90 "Other",
  secondary-reporter="1"): we republish what press releases said about activities
  that other organisations run, which is what a secondary reporter is. A publisher
  who adopts the file replaces the ref with their own organisation identifier.
- iati-identifier is `XI-PRESSFACTS-<registry key>` (normalised acronym, or a slug
  of the title for projects without one), so it starts with the reporting-org ref.
- Dates: a date is "actual" (type 2 start, 4 end) when it is on or before the
  reference date, else "planned" (1 start, 3 end). The reference date is the newest
  published date of the project's documents, or the export date when none states one.
  IATI needs whole days: a start written "2016" becomes 2016-01-01 and an end
  written "2019" becomes 2019-12-31, with a narrative saying what was written.
- activity-status: 3 (Finalisation: the work ended; we cannot know the accounts are
  closed) when the end is actual; else 2 (Implementation) when the start is actual;
  else 1 (Pipeline) when a planned start is known.
- The 2.03 schema requires a status, a date and a participating-org for every
  activity. A project for which the releases give no usable date or no organisation
  is left out; the reasons are returned and written as a comment in the file.
- Values in conflict are not exported; the description names them with their sources.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from lxml import etree

from .project_identity import slug
from .registry import ProjectEntry, load_registry, money_text

IATI_VERSION = "2.03"
REPORTING_ORG_REF = "XI-PRESSFACTS"
REPORTING_ORG_TYPE = "90"  # OrganisationType "Other"
STATUS_PIPELINE, STATUS_IMPLEMENTATION, STATUS_FINALISATION = "1", "2", "3"
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
FUNDING_ROLE, IMPLEMENTING_ROLE = "1", "4"


class IatiExportError(ValueError):
    """No project has what an IATI activity needs; the file would not be valid."""


@dataclass
class IatiExport:
    """What `export_iati` wrote: the file, the exported keys and the projects left out (key -> reason)."""

    path: Path
    exported: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)


def iati_identifier(entry: ProjectEntry) -> str:
    """`XI-PRESSFACTS-MOBILAZE-2`: the reporting-org ref plus the registry key as an ASCII slug."""
    return f"{REPORTING_ORG_REF}-{slug(entry.key) or entry.key}"


def full_date(value: str, *, last: bool) -> dt.date:
    """A YYYY / YYYY-MM / YYYY-MM-DD value as a day: the first of the period, or the last if `last`."""
    parts = [int(p) for p in value.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else (12 if last else 1)
    if len(parts) > 2:
        return dt.date(year, month, parts[2])
    return dt.date(year, month, calendar.monthrange(year, month)[1] if last else 1)


def reference_date(entry: ProjectEntry, today: dt.date) -> dt.date:
    """Newest published date of the project's documents, else `today` (the export date)."""
    published = [dt.date.fromisoformat(d.published) for d in entry.documents if d.published]
    return max(published) if published else today


def _narrative(parent: etree._Element, text: str) -> None:
    etree.SubElement(parent, "narrative").text = text


def _description(entry: ProjectEntry) -> str:
    sources = ", ".join(d.source for d in entry.documents)
    text = f"Recorded by pressfacts from {len(entry.documents)} press release(s): {sources}."
    for conflict in entry.conflicts:
        values = " vs ".join(f"{c.value} ({', '.join(dict.fromkeys(e.source for e in c.evidence))})"
                             for c in conflict.values)
        text += f" Sources disagree on {conflict.attribute}, not exported: {values}."
    if entry.budget and not (entry.start and entry.end):
        text += f" Stated budget {money_text(entry.budget)}; not exported as its period is unknown."
    return text


def activity_element(entry: ProjectEntry, today: dt.date) -> etree._Element:
    """The `iati-activity` for one entry. Raises ValueError naming what is missing."""
    orgs = [(FUNDING_ROLE, c.value) for c in entry.funders] + [(IMPLEMENTING_ROLE, c.value) for c in entry.implementers]
    if not orgs:
        raise ValueError("no funder or implementer")
    if not (entry.start or entry.end):
        raise ValueError("no start or end date" + (" (dates in conflict)" if entry.conflicts else ""))
    ref = reference_date(entry, today)
    start = full_date(entry.start, last=False) if entry.start else None
    end = full_date(entry.end, last=True) if entry.end else None
    if end and end <= ref:
        status = STATUS_FINALISATION
    elif start:
        status = STATUS_IMPLEMENTATION if start <= ref else STATUS_PIPELINE
    else:
        raise ValueError("only a planned end date: status cannot be derived")

    activity = etree.Element("iati-activity", {"{http://www.w3.org/XML/1998/namespace}lang": "en"})
    if entry.budget:
        activity.set("default-currency", entry.budget.currency)
    etree.SubElement(activity, "iati-identifier").text = iati_identifier(entry)
    reporting = etree.SubElement(activity, "reporting-org", ref=REPORTING_ORG_REF, type=REPORTING_ORG_TYPE)
    reporting.set("secondary-reporter", "1")
    _narrative(reporting, "pressfacts")
    title = entry.name or entry.acronym or entry.key
    if entry.name and entry.acronym:
        title = f"{entry.name} ({entry.acronym})"
    _narrative(etree.SubElement(activity, "title"), title)
    _narrative(etree.SubElement(activity, "description", type="1"), _description(entry))
    for role, name in orgs:
        _narrative(etree.SubElement(activity, "participating-org", role=role), name)
    etree.SubElement(activity, "activity-status", code=status)
    for value, day, kind in ((entry.start, start, (ACTUAL_START, PLANNED_START)),
                             (entry.end, end, (ACTUAL_END, PLANNED_END))):
        if day:
            date = etree.SubElement(activity, "activity-date", {"iso-date": day.isoformat(),
                                                               "type": kind[0] if day <= ref else kind[1]})
            if len(value) < 10:
                _narrative(date, f"Written as {value} in the source")
    for country in entry.countries:
        etree.SubElement(activity, "recipient-country", code=country.value)
    if entry.budget and start and end:
        # One budget for the whole stated period: releases give totals, not annual splits.
        budget = etree.SubElement(activity, "budget", type="1", status="1")
        etree.SubElement(budget, "period-start", {"iso-date": start.isoformat()})
        etree.SubElement(budget, "period-end", {"iso-date": end.isoformat()})
        value = etree.SubElement(budget, "value", currency=entry.budget.currency, **{"value-date": start.isoformat()})
        value.text = money_text(entry.budget).split()[0]
    return activity


def export_iati(entries: list[ProjectEntry], dest: Path, *, today: Optional[dt.date] = None,
                generated: Optional[dt.datetime] = None) -> IatiExport:
    """Write `entries` as an `iati-activities` file at `dest` (atomically).

    Raises `IatiExportError` when no entry can be exported: the schema needs at least
    one activity.
    """
    generated = generated or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    today = today or generated.date()
    result = IatiExport(path=Path(dest))
    root = etree.Element("iati-activities", version=IATI_VERSION)
    root.set("generated-datetime", generated.isoformat().replace("+00:00", "Z"))
    for entry in entries:
        try:
            root.append(activity_element(entry, today))
            result.exported.append(entry.key)
        except ValueError as exc:
            result.skipped[entry.key] = str(exc)
    if not result.exported:
        raise IatiExportError("no project has the date and organisation an IATI activity needs"
                              + "".join(f"; {k}: {r}" for k, r in result.skipped.items()))
    for key, reason in result.skipped.items():
        # Comments go after the activities: the schema allows nothing but activities inside.
        root.append(etree.Comment(f" not exported: {key.replace('--', '-')}: {reason} "))
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return result


def write_iati(out_dir: Path, dest: Path) -> Path:
    """The registry of run folder `out_dir` as IATI 2.03 XML at `dest`; returns `dest`.

    Entry point for `pressfacts export DIR --format iati`.
    """
    return export_iati(load_registry(Path(out_dir)), Path(dest)).path

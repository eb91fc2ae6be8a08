"""`pressfacts export`: reviewed records as JSONL and CSV, gold files, IATI."""

from __future__ import annotations

import csv
import json

import pytest
from review_helpers import TEXT, quiet_record, sample_record, write_run
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.gold import check_gold_file
from pipeline.review.session import ReviewSession
from pipeline.schema import Record

DOC = sample_record().doc_id


@pytest.fixture()
def reviewed_run(tmp_path):
    """The sample document fully reviewed: amount rejected, end date corrected, an official added."""
    run = write_run(tmp_path / "run")
    session = ReviewSession(run)
    start = TEXT.index("Ramiz Hasanov")
    session.add(DOC, "official", start, start + 13, {"name": "Ramiz Hasanov", "title": "Deputy Foreign Minister"})
    for reviewed in session.facts(DOC):
        label = reviewed.to_json()["label"]
        if label == "2,500,000 EUR":
            session.decide(DOC, reviewed.fact.key, "rejected", 0)
        elif label == "2024-05-31 (end)":
            session.decide(DOC, reviewed.fact.key, "corrected", 0, {"value": "2024-06", "role": "end"})
        elif reviewed.status == "pending":
            session.decide(DOC, reviewed.fact.key, "accepted", 0)
    return run


def read_jsonl(path):
    return [Record.model_validate_json(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_export_reviewed_writes_the_reviewed_documents_as_jsonl_and_csv(reviewed_run, tmp_path):
    result = CliRunner().invoke(app, ["export", str(reviewed_run), "--reviewed", "--dest", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "1 not fully reviewed, left out" in result.output

    [record] = read_jsonl(tmp_path / "out" / "records.jsonl")
    assert record.doc_id == DOC
    assert record.amounts == []
    assert [d.value for d in record.dates] == ["2019-04-16", "2021-06-01", "2024-06"]
    assert [o.name for o in record.officials] == ["Michael Spindelegger", "Ramiz Hasanov"]

    with open(tmp_path / "out" / "facts.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    values = {(row["kind"], row["value"]) for row in rows}
    assert ("official", "Ramiz Hasanov") in values and ("date", "2024-06") in values
    assert not any(row["kind"] == "amount" for row in rows)
    assert ("date", "2024-05-31") not in values


def test_include_unreviewed_keeps_documents_still_under_review(reviewed_run, tmp_path):
    result = CliRunner().invoke(app, ["export", str(reviewed_run), "--reviewed", "--include-unreviewed",
                                      "--dest", str(tmp_path / "all")])
    assert result.exit_code == 0, result.output
    assert [r.source for r in read_jsonl(tmp_path / "all" / "records.jsonl")] == ["sample.txt", "quiet.txt"]


def test_export_as_gold_writes_files_the_gold_checker_accepts(reviewed_run, tmp_path):
    gold_dir = tmp_path / "gold"
    result = CliRunner().invoke(app, ["export", str(reviewed_run), "--reviewed", "--as-gold", str(gold_dir)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in gold_dir.iterdir()) == ["sample.gold.json", "sample.txt"]
    assert (gold_dir / "sample.txt").read_text(encoding="utf-8") == TEXT
    assert check_gold_file(gold_dir / "sample.gold.json") == []
    gold = json.loads((gold_dir / "sample.gold.json").read_text(encoding="utf-8"))
    assert gold["published"] == "2019-04-16"
    assert gold["dates"] == ["2019-04-16", "2021-06-01", "2024-06"]
    assert gold["amounts"] == []
    assert gold["countries"] == ["BG", "NL"]
    assert gold["officials"][1] == {"name": "Ramiz Hasanov", "title": "Deputy Foreign Minister",
                                    "organization": None, "country": None}
    assert gold["projects"][0]["acronym"] == "MOBILAZE-2"


def test_a_document_without_facts_is_gold_once_marked_reviewed(reviewed_run, tmp_path):
    ReviewSession(reviewed_run).mark_document(quiet_record().doc_id, True, 0)
    result = CliRunner().invoke(app, ["export", str(reviewed_run), "--reviewed", "--as-gold", str(tmp_path / "g")])
    assert result.exit_code == 0, result.output
    quiet = json.loads((tmp_path / "g" / "quiet.gold.json").read_text(encoding="utf-8"))
    assert quiet["dates"] == [] and quiet["officials"] == []


def test_export_without_review_writes_every_record_unchanged(reviewed_run, tmp_path):
    result = CliRunner().invoke(app, ["export", str(reviewed_run), "--dest", str(tmp_path / "plain")])
    assert result.exit_code == 0, result.output
    records = read_jsonl(tmp_path / "plain" / "records.jsonl")
    assert records == [sample_record(), quiet_record()]


def test_export_iati_uses_the_reviewed_records(reviewed_run, tmp_path):
    dest = tmp_path / "iati.xml"
    result = CliRunner().invoke(app, ["export", str(reviewed_run), "--reviewed", "--format", "iati", "--dest", str(dest)])
    assert result.exit_code == 0, result.output
    xml = dest.read_text(encoding="utf-8")
    assert "<iati-activities" in xml and "MOBILAZE-2" in xml


def test_export_refuses_unknown_formats_and_missing_runs(tmp_path):
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(app, ["export", str(tmp_path / "empty")])
    assert result.exit_code == 1 and "no records.jsonl" in result.output
    run = write_run(tmp_path / "run")
    result = CliRunner().invoke(app, ["export", str(run), "--format", "xlsx"])
    assert result.exit_code == 1 and "unknown format" in result.output

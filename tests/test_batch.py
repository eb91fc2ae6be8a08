"""run_batch: re-runs, duplicates, stale errors, engine errors; fact rows."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import pipeline.batch as batch
from pipeline.batch import RunOptions, run_batch
from pipeline.nlp import DEFAULT_RULES_DIR
from pipeline.schema import ErrorRecord, Record
from pipeline.writers import fact_rows, format_amount

TEXT = ("The European Union and the Government of {place} signed a financing agreement worth EUR {n} million "
        "on 12 March 2021 in {place}. The project will run until December 2024.")


def make_inputs(folder: Path, count: int) -> list[str]:
    folder.mkdir(exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"doc{n:02d}.txt"
        path.write_text(TEXT.format(place=["Georgia", "Moldova", "Armenia"][n % 3], n=n + 1))
        paths.append(str(path))
    return paths


def run(paths, out, **options):
    return run_batch(paths, RunOptions(out_dir=out, progress=False, **options), on_error=lambda error: None)


def records(out: Path) -> dict[str, dict]:
    lines = (out / "records.jsonl").read_text().splitlines()
    parsed = [Record.model_validate_json(line).model_dump() for line in lines]
    assert len({r["doc_id"] for r in parsed}) == len(parsed), "one line per document"
    return {r["doc_id"]: r for r in parsed}


def errors(out: Path) -> list[ErrorRecord]:
    return [ErrorRecord.model_validate_json(line) for line in (out / "errors.jsonl").read_text().splitlines()]


def test_rerun_reuses_records_and_force_redoes_them(tmp_path):
    paths, out = make_inputs(tmp_path / "in", 4), tmp_path / "out"
    first = run(paths, out)
    assert (first.extracted, first.reused, first.exit_code) == (4, 0, 0)
    before = records(out)
    facts_before = (out / "facts.csv").read_text()

    second = run(paths, out)
    assert (second.documents, second.extracted, second.reused) == (4, 0, 4)
    assert records(out) == before and (out / "facts.csv").read_text() == facts_before

    forced = run(paths, out, force=True)
    assert (forced.extracted, forced.reused) == (4, 0) and records(out) == before


def test_changed_rules_redo_every_document(tmp_path):
    paths, out = make_inputs(tmp_path / "in", 2), tmp_path / "out"
    rules = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, rules)
    assert run(paths, out, rules_dir=rules).extracted == 2
    assert run(paths, out, rules_dir=rules).reused == 2
    with open(rules / "state_nouns.txt", "a") as handle:
        handle.write("\n")
    assert run(paths, out, rules_dir=rules).extracted == 2


def test_outputs_follow_the_inputs_of_the_last_run(tmp_path):
    paths, out = make_inputs(tmp_path / "in", 3), tmp_path / "out"
    Path(paths[0]).write_bytes(b"%PDF-1.4 broken")
    first = run(paths, out)
    assert first.exit_code == 1 and [e.kind for e in errors(out)] == ["binary"]

    Path(paths[0]).write_text(TEXT.format(place="Ukraine", n=99))  # fixed
    Path(paths[2]).unlink()
    second = run(paths[:2], out)
    assert second.exit_code == 0 and errors(out) == []  # the fixed file's error does not linger
    assert sorted(r["source"] for r in records(out).values()) == paths[:2]  # the removed input's record went


def test_duplicates_share_one_record_across_runs(tmp_path):
    paths, out = make_inputs(tmp_path / "in", 2), tmp_path / "out"
    copy = tmp_path / "in" / "copy.txt"
    shutil.copy(paths[1], copy)
    summary = run([paths[1], str(copy), paths[0]], out)
    assert (summary.documents, summary.duplicates, summary.extracted) == (2, 1, 2)
    by_source = {r["source"]: r for r in records(out).values()}
    assert by_source[paths[1]]["sources"] == [paths[1], str(copy)]

    again = tmp_path / "in" / "again.txt"
    shutil.copy(paths[0], again)
    summary = run([paths[0], str(copy), paths[1], str(again)], out)
    assert (summary.reused, summary.extracted, summary.duplicates) == (2, 0, 2)
    by_source = {r["source"]: r for r in records(out).values()}
    assert by_source[paths[0]]["sources"] == [paths[0], str(again)]
    assert by_source[str(copy)]["sources"] == [str(copy), paths[1]]


def test_torn_last_line_is_dropped_and_redone(tmp_path):
    paths, out = make_inputs(tmp_path / "in", 3), tmp_path / "out"
    run(paths, out)
    complete = records(out)
    lines = (out / "records.jsonl").read_bytes().splitlines(keepends=True)
    (out / "records.jsonl").write_bytes(b"".join(lines[:2]) + lines[2][: len(lines[2]) // 2])
    summary = run(paths, out)
    assert (summary.reused, summary.extracted) == (2, 1)
    assert records(out) == complete


def test_engine_errors_are_reported_and_the_batch_goes_on(tmp_path, monkeypatch):
    paths, out = make_inputs(tmp_path / "in", 3), tmp_path / "out"
    run(paths, out)
    real = batch.process_documents

    def slow_second_document(documents, **options):
        for result in real(documents, **options):
            if result.source == paths[1]:
                result = ErrorRecord(source=result.source, doc_id=result.doc_id, kind="timeout",
                                     reason="took longer than 0.5 s")
            yield result

    monkeypatch.setattr(batch, "process_documents", slow_second_document)
    seen = []
    summary = run_batch(paths, RunOptions(out_dir=out, progress=False, force=True), on_error=seen.append)
    assert summary.exit_code == 1 and [e.kind for e in seen] == ["timeout"]
    assert [(e.source, e.kind) for e in errors(out)] == [(paths[1], "timeout")]
    assert sorted(r["source"] for r in records(out).values()) == [paths[0], paths[2]]


def test_summary_line_counts_everything(tmp_path):
    paths, out = make_inputs(tmp_path / "in", 2), tmp_path / "out"
    summary = run(paths + [str(tmp_path / "missing.txt")], out)
    line = summary.line()
    assert line.startswith("2 documents (2 extracted, 0 reused, 0 duplicates) from 3 inputs; facts: ")
    assert "2 amounts" in line and "1 errors" in line and "countries" in line


RECORD = {
    "doc_id": "d1", "source": "a.txt",
    "text": "The EU4Climate (E4C) project runs from 1 January 2024. It costs EUR 5 million. Georgia joins.",
    "projects": [{"name": "EU4Climate", "acronym": "E4C", "mentions": [{"text": "EU4Climate", "start": 4, "end": 14}],
                  "evidence": {"start": [{"text": "1 January 2024", "start": 39, "end": 53}]},
                  "budget": {"value": 5e6, "currency": "EUR"}}],
    "officials": [{"name": "Jane Doe", "mentions": []}],
    "dates": [{"text": "1 January 2024", "start": 39, "end": 53, "value": "2024-01-01", "role": "start"}],
    "amounts": [{"text": "EUR 5 million", "start": 64, "end": 77, "value": 5e6, "currency": "EUR"}],
    "countries": [{"code": "GE", "name": "Georgia", "mentions": [{"text": "Georgia", "start": 79, "end": 86}]}],
}

# (kind, value, text, start, project, sentence)
EXPECTED_ROWS = [
    ("project", "E4C", "EU4Climate", 4, "E4C", "The EU4Climate (E4C) project runs from 1 January 2024."),
    ("official", "Jane Doe", None, None, None, None),
    ("date", "2024-01-01", "1 January 2024", 39, "E4C", "The EU4Climate (E4C) project runs from 1 January 2024."),
    ("amount", "5000000 EUR", "EUR 5 million", 64, "E4C", "It costs EUR 5 million."),
    ("country", "GE", "Georgia", 79, None, "Georgia joins."),
]


def test_fact_rows_link_dates_and_amounts_to_projects():
    Record.model_validate(RECORD)  # the fixture itself is a valid record
    rows = fact_rows(RECORD)
    assert [(r["kind"], r["value"], r["text"], r["start"], r["project"], r["sentence"]) for r in rows] == EXPECTED_ROWS
    assert all(r["rule"] == r["kind"] and r["doc_id"] == "d1" for r in rows)


@pytest.mark.parametrize("value,currency,expected", [
    (400000.0, "EUR", "400000 EUR"),
    (2.5e9, "USD", "2500000000 USD"),
    (1250.5, "GBP", "1250.5 GBP"),
    (0.25, "EUR", "0.25 EUR"),
])
def test_format_amount(value, currency, expected):
    assert format_amount(value, currency) == expected


def test_state_file_records_version_and_rules(tmp_path):
    paths, out = make_inputs(tmp_path / "in", 1), tmp_path / "out"
    run(paths, out)
    state = json.loads((out / batch.STATE_FILE).read_text())
    assert state == batch.run_state(None)

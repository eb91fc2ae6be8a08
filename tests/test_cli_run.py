"""`pressfacts run` end to end through the CLI: output files, bad inputs, exit codes."""

from __future__ import annotations

import codecs
import importlib.util
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.schema import ErrorRecord, Record

ROOT = Path(__file__).resolve().parent.parent
CORPUS_FILES = (sorted((ROOT / "corpus" / "dev").glob("d00[1678].txt"))
                + sorted((ROOT / "corpus" / "seeds").glob("00[12]_*.txt")))
FACT_COLUMNS = ["doc_id", "source", "kind", "value", "text", "start", "end", "sentence", "project", "rule"]
SUMMARY = re.compile(
    r"^pressfacts: (\d+) documents \((\d+) extracted, (\d+) reused, (\d+) duplicates\) from (\d+) inputs; "
    r"facts: (\d+) projects, (\d+) officials, (\d+) dates, (\d+) amounts, (\d+) countries; (\d+) errors; [\d.]+ s; "
    r"output in .+$", re.M)

ENGLISH = ("The European Union and the Government of {place} signed a financing agreement worth EUR {n} million "
           "on 12 March 2021 in {place}. The project will run until December 2024, said the ambassador.")


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(app, ["run", *args], input=input, catch_exceptions=False)


def read_records(out: Path) -> list[Record]:
    return [Record.model_validate_json(line) for line in (out / "records.jsonl").read_text().splitlines()]


def read_errors(out: Path) -> list[ErrorRecord]:
    return [ErrorRecord.model_validate_json(line) for line in (out / "errors.jsonl").read_text().splitlines()]


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "out"
    result = invoke(*map(str, CORPUS_FILES), "--out", str(out))
    return result, out


def test_corpus_run_writes_every_output(corpus_run):
    result, out = corpus_run
    assert result.exit_code == 0, result.output
    records = read_records(out)
    assert sorted(r.source for r in records) == sorted(map(str, CORPUS_FILES))
    assert all(r.text == Path(r.source).read_text(encoding="utf-8") for r in records)
    assert (out / "errors.jsonl").read_text() == ""
    assert json.loads((out / "schema.json").read_text()) == Record.model_json_schema()

    summary = SUMMARY.search(result.stdout)
    assert summary, result.stdout
    documents, extracted, reused, duplicates, inputs = map(int, summary.groups()[:5])
    assert (documents, extracted, reused, duplicates, inputs) == (len(CORPUS_FILES),) * 2 + (0, 0, len(CORPUS_FILES))
    assert int(summary.group(11)) == 0
    for module, written in (("report", "report.html"), ("registry", "projects.jsonl")):
        if importlib.util.find_spec(f"pipeline.{module}"):  # companions land separately
            assert (out / written).exists(), written


def test_facts_table_points_into_record_text(corpus_run):
    _, out = corpus_run
    facts = pd.read_csv(out / "facts.csv", keep_default_na=False, dtype={"start": "Int64", "end": "Int64"})
    assert list(facts.columns) == FACT_COLUMNS
    texts = {r.doc_id: r.text for r in read_records(out)}
    assert set(facts["doc_id"]) <= set(texts)
    assert {"date", "amount", "country"} <= set(facts["kind"])
    located = facts[facts["start"].notna()]
    for row in located.itertuples():
        text = texts[row.doc_id]
        assert text[row.start:row.end] == row.text
        assert row.text in row.sentence and row.sentence in text
    dates = facts[facts["kind"] == "date"]
    assert dates["value"].str.fullmatch(r"\d{4}(-\d\d){0,2}").all()
    amounts = facts[facts["kind"] == "amount"]
    assert amounts["value"].str.fullmatch(r"\d+(\.\d+)? [A-Z]{3}").all()
    countries = facts[facts["kind"] == "country"]
    assert countries["value"].str.fullmatch(r"[A-Z]{2}").all()
    summary = SUMMARY.search(corpus_run[0].stdout)
    kinds = ["project", "official", "date", "amount", "country"]
    counts = dict(zip(kinds, map(int, summary.groups()[5:10]), strict=True))
    assert counts == {kind: int((facts["kind"] == kind).sum()) for kind in counts}


def write_bad_inputs(folder: Path) -> dict[str, str]:
    """Odd and bad inputs; returns name -> expected error kind (None: a record)."""
    folder.mkdir()
    files = {
        "empty.txt": b"",
        "blank.txt": b"  \n\n\t  \r\n",
        "report.txt": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >>",
        "photo.html": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "archive.md": b"PK\x03\x04\x14\x00\x00\x00\x08\x00binary",
        "huge.txt": ENGLISH.format(place="Georgia", n=1).encode() * 200,
        "french.txt": ("Le ministre des affaires étrangères a rencontré la délégation de l'Union européenne à "
                       "Paris pour discuter de la coopération dans le domaine de l'énergie et du climat.").encode(),
        "utf16.txt": ENGLISH.format(place="Moldova", n=2).encode("utf-16"),
        "cp1251.txt": ("Minister Сергей Шойгу met the EU delegation. "
                       + ENGLISH.format(place="Armenia", n=3)).encode("cp1251"),
        "cp1252.txt": ("The “Green Deal” grant of €4 million. "
                       + ENGLISH.format(place="Albania", n=4)).encode("cp1252"),
        "latin1.txt": ("José Pérez of São Tomé attended. " + ENGLISH.format(place="Angola", n=5)).encode("latin-1"),
        "bom.txt": codecs.BOM_UTF8 + ENGLISH.format(place="Serbia", n=6).encode(),
        "crlf.txt": ENGLISH.format(place="Kosovo", n=7).replace(". ", ".\r\n").encode(),
        "mojibake.txt": ("Café owners in São Tomé – "  # UTF-8 read as cp1252 and saved again
                         + ENGLISH.format(place="Benin", n=8)).encode().decode("cp1252").encode(),
        "page.html": (ROOT / "tests" / "test_ingest.py").read_text().split('PAGE = """')[1].split('"""')[0].encode(),
        "copy-a.txt": ENGLISH.format(place="Jordan", n=9).encode(),
        "copy-b.txt": ENGLISH.format(place="Jordan", n=9).encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / "dangling.txt").symlink_to(folder / "was-deleted.txt")
    (folder / "notes.gold.json").write_text("{}")  # sidecars and other files are not inputs
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    return {"empty.txt": "empty", "blank.txt": "empty", "report.txt": "binary", "photo.html": "binary",
            "archive.md": "binary", "huge.txt": "too_large", "dangling.txt": "unreadable"}


def test_bad_and_odd_inputs(tmp_path):
    expected_errors = write_bad_inputs(tmp_path / "in")
    out = tmp_path / "out"
    result = invoke(str(tmp_path / "in"), "--out", str(out), "--max-bytes", "10000")

    assert result.exit_code == 1, result.output
    errors = {Path(e.source).name: e for e in read_errors(out)}
    assert {name: e.kind for name, e in errors.items()} == expected_errors
    for error in errors.values():
        assert f"error: {error.source}: {error.reason} [{error.kind}]" in result.stderr
    assert "PDF" in errors["report.txt"].reason and "PNG" in errors["photo.html"].reason
    assert "over the --max-bytes limit of 10,000" in errors["huge.txt"].reason
    assert "broken symbolic link" in errors["dangling.txt"].reason

    records = {Path(r.source).name: r for r in read_records(out)}
    assert set(records) == {"french.txt", "utf16.txt", "cp1251.txt", "cp1252.txt", "latin1.txt", "bom.txt",
                            "crlf.txt", "mojibake.txt", "page.html", "copy-a.txt"}
    assert "Сергей Шойгу" in records["cp1251.txt"].text
    assert "“Green Deal” grant of €4 million" in records["cp1252.txt"].text
    assert "José Pérez of São Tomé" in records["latin1.txt"].text
    assert "Café owners in São Tomé – " in records["mojibake.txt"].text
    assert not records["bom.txt"].text.startswith("\ufeff") and "\r" not in records["crlf.txt"].text
    assert any(a.currency == "EUR" and a.value == 2_000_000 for a in records["utf16.txt"].amounts)
    assert any(c.code == "MD" for c in records["utf16.txt"].countries)
    assert [w for w in records["french.txt"].warnings if "may not be English" in w]
    assert all(not r.warnings for name, r in records.items() if name != "french.txt")
    page = records["page.html"]
    assert (page.title, page.published) == ("EU and Georgia sign deal", "2023-05-04")
    assert "cookies" not in page.text and "EUR 12 million" in page.text
    assert any(a.value == 12_000_000 for a in page.amounts)
    copy = records["copy-a.txt"]
    assert [Path(s).name for s in copy.sources] == ["copy-a.txt", "copy-b.txt"]

    summary = SUMMARY.search(result.stdout)
    assert summary.group(1, 4, 5, 11) == ("10", "1", "18", "7")


def test_stdin_list_and_unreadable_paths(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ENGLISH.format(place="Georgia", n=3))
    listed = f"{good}\n\n{tmp_path / 'missing.txt'}\n{tmp_path}\n"
    out = tmp_path / "out"
    result = invoke("-", "--out", str(out), input=listed)
    assert result.exit_code == 1, result.output
    assert [r.source for r in read_records(out)] == [str(good)]
    errors = [(e.source, e.kind, e.reason) for e in read_errors(out)]
    assert errors == [(str(tmp_path / "missing.txt"), "unreadable", "no such file"),
                      (str(tmp_path), "unreadable", "is a folder, not a file")]


@pytest.mark.parametrize("make_args,message", [
    (lambda tmp: [str(tmp / "nothing-here")], "no such file or folder"),
    (lambda tmp: [str(tmp)], "no input files found"),
    (lambda tmp: ["-"], "no input files found"),
    (lambda tmp: [str(tmp), "--engine", "spark"], "spark"),
    (lambda tmp: [str(tmp), "--scheduler", "tcp://localhost:8786"], "--scheduler needs --engine dask"),
])
def test_usage_errors_exit_2(tmp_path, make_args, message):
    (tmp_path / "readme.rst").write_text("not an input")
    result = invoke(*make_args(tmp_path), "--out", str(tmp_path / "out"), input="")
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "out" / "records.jsonl").exists()


def test_parquet_dataset_matches_csv(tmp_path, corpus_run):
    import pyarrow.dataset as ds

    out = tmp_path / "out"
    result = invoke(*map(str, CORPUS_FILES[:3]), "--out", str(out), "--format", "parquet")
    assert result.exit_code == 0, result.output
    table = ds.dataset(out / "facts.parquet", format="parquet", partitioning="hive").to_table().to_pandas()
    csv = pd.read_csv(out / "facts.csv", keep_default_na=False)
    assert len(table) == len(csv) > 0
    assert sorted(p.name for p in (out / "facts.parquet").iterdir()) == sorted(f"kind={k}" for k in set(csv["kind"]))
    assert sorted(table["text"].fillna("")) == sorted(csv["text"])

    again = invoke(*map(str, CORPUS_FILES[:3]), "--out", str(out))  # csv only: the stale dataset goes
    assert again.exit_code == 0 and not (out / "facts.parquet").exists()


def test_slow_document_times_out_and_the_rest_is_written(tmp_path):
    slow, quick = tmp_path / "slow.txt", tmp_path / "quick.txt"
    # Wide margins both ways (a busy 2-core CI machine): the slow text takes several
    # seconds, the quick one a few milliseconds.
    slow.write_text(("\n".join(ENGLISH.format(place="Georgia", n=n) for n in range(1, 40)) + "\n") * 400)
    quick.write_text(ENGLISH.format(place="Moldova", n=3))
    out = tmp_path / "out"
    result = invoke(str(slow), str(quick), "--out", str(out), "--timeout", "1")
    assert result.exit_code == 1, result.output
    [error] = read_errors(out)
    assert (error.source, error.kind, error.reason) == (str(slow), "timeout", "took longer than 1 s")
    assert error.doc_id and f"error: {slow}: took longer than 1 s [timeout]" in result.stderr
    assert [r.source for r in read_records(out)] == [str(quick)]

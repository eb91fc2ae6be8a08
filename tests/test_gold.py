"""`pressfacts gold check` and `pressfacts gold new`, through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.schema import Gold

runner = CliRunner()

TEXT = (
    "BAKU, 16 April 2019 – Azerbaijan and Bulgaria signed an agreement worth 2.5 million euros.\n"
    "Deputy Foreign Minister Ramiz Hasanov said the work will continue in 2020.\n"
)
VALID = {
    "source_url": None,
    "published": "2019-04-16",
    "projects": [{"name": None, "acronym": "MOBILAZE-2", "start": "2021-06-01", "end": None, "budget": None,
                  "funders": ["EU"], "implementers": ["ICMPD"]}],
    "officials": [{"name": "Ramiz Hasanov", "title": "Deputy Foreign Minister", "organization": None,
                   "country": "AZ"}],
    "dates": ["2019-04-16", "2020"],
    "amounts": [{"value": 2500000, "currency": "EUR"}],
    "countries": ["AZ", "BG"],
}


def write_sample(folder: Path, name: str, gold: dict | str, text: str | None = TEXT) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if text is not None:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    path = folder / f"{name}.gold.json"
    path.write_text(gold if isinstance(gold, str) else json.dumps(gold), encoding="utf-8")
    return path


def with_changes(**changes) -> dict:
    return {**json.loads(json.dumps(VALID)), **changes}


def test_valid_folder_passes(tmp_path):
    write_sample(tmp_path / "a", "one", VALID)
    write_sample(tmp_path / "b", "two", VALID)
    result = runner.invoke(app, ["gold", "check", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "2 gold files checked, 0 problems" in result.output


# (case, gold file content or changes, whether the .txt exists, expected field, expected words in the message)
PROBLEMS = [
    ("month 13", with_changes(dates=["2019-04-16", "2019-13"]), True, "dates[1]", "is not YYYY, YYYY-MM or YYYY-MM-DD"),
    ("not a calendar day", with_changes(projects=[{"acronym": "X", "start": "2021-02-30"}]), True,
     "projects[0].start", "is not a calendar day"),
    ("currency", with_changes(amounts=[{"value": 5, "currency": "EURO"}]), True, "amounts[0].currency",
     "is not an ISO 4217 code"),
    ("country", with_changes(countries=["AZ", "XX"]), True, "countries[1]", "is not an ISO 3166 alpha-2 code"),
    ("official's country", with_changes(officials=[{"name": "A B", "country": "Azerbaijan"}]), True,
     "officials[0].country", "is not an ISO 3166 alpha-2 code"),
    ("project without name or acronym", with_changes(projects=[{"name": None, "acronym": None}]), True,
     "projects[0]", "a project needs a name or an acronym"),
    ("unknown field", with_changes(people=[]), True, "people", "unknown field"),
    ("official without a name", with_changes(officials=[{"title": "Minister"}]), True, "officials[0].name",
     "required field is missing"),
    ("negative amount", with_changes(amounts=[{"value": -1, "currency": "EUR"}]), True, "amounts[0].value",
     "greater than or equal to 0"),
    ("published not a day", with_changes(published="2019-04", dates=["2019-04"]), True, "published",
     "full YYYY-MM-DD"),
    ("published not in dates", with_changes(dates=["2020"]), True, "dates", "publication date 2019-04-16 must also be listed"),
    ("duplicate date", with_changes(dates=["2019-04-16", "2020", "2020"]), True, "dates[2]", "duplicate value '2020'"),
    ("duplicate amount", with_changes(amounts=[{"value": 5, "currency": "EUR"}, {"value": 5.0, "currency": "EUR"}]),
     True, "amounts[1]", "duplicate value"),
    ("no text beside it", VALID, False, "(file)", "no text beside it: expected broken.txt"),
    ("bad JSON", '{"dates": ["2019",]}', True, "(file)", "not valid JSON: line 1 column"),
]


@pytest.mark.parametrize("case, gold, has_text, field, message", PROBLEMS, ids=[p[0] for p in PROBLEMS])
def test_each_problem_is_reported_with_file_and_field(tmp_path, case, gold, has_text, field, message):
    write_sample(tmp_path, "fine", VALID)
    path = write_sample(tmp_path, "broken", gold, TEXT if has_text else None)
    result = runner.invoke(app, ["gold", "check", str(tmp_path)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith(str(path))]
    assert any(line.startswith(f"{path}: {field}: ") and message in line for line in lines), result.output
    assert "fine.gold.json" not in result.output
    assert "2 gold files checked" in result.output


def test_every_problem_of_a_file_is_listed(tmp_path):
    write_sample(tmp_path, "broken", with_changes(dates=["2019-04-16", "16.04.2019"], countries=["ZZ"],
                                                  amounts=[{"value": 1, "currency": "ABC"}]))
    result = runner.invoke(app, ["gold", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert "1 gold files checked, 3 problems" in result.output
    for field in ("dates[1]", "countries[0]", "amounts[0].currency"):
        assert f": {field}: " in result.output


def test_empty_folder_is_a_problem(tmp_path):
    result = runner.invoke(app, ["gold", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert "no *.gold.json files found" in result.output


def test_the_corpus_gold_files_are_valid():
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    result = runner.invoke(app, ["gold", "check", str(corpus)])
    assert result.exit_code == 0, result.output


def test_gold_new_drafts_a_valid_gold_file_from_the_pipeline(tmp_path):
    text = tmp_path / "sample.txt"
    text.write_text(TEXT, encoding="utf-8")
    (tmp_path / "sample.meta.json").write_text(json.dumps({"url": "https://example.org/news/1"}), encoding="utf-8")
    result = runner.invoke(app, ["gold", "new", str(text)])
    assert result.exit_code == 0, result.output
    target = tmp_path / "sample.gold.json"
    assert f"draft written: {target}" in result.output
    draft = json.loads(target.read_text(encoding="utf-8"))
    Gold.model_validate(draft)
    assert list(draft) == ["source_url", "published", "projects", "officials", "dates", "amounts", "countries"]
    assert draft["source_url"] == "https://example.org/news/1"
    assert draft["published"] == "2019-04-16"
    assert {"value": 2500000, "currency": "EUR"} in draft["amounts"]
    assert "2020" in draft["dates"]
    assert {"AZ", "BG"} <= set(draft["countries"])
    check = runner.invoke(app, ["gold", "check", str(tmp_path)])
    assert check.exit_code == 0, check.output


def test_gold_new_refuses_to_overwrite_without_force(tmp_path):
    text = tmp_path / "sample.txt"
    text.write_text(TEXT, encoding="utf-8")
    target = tmp_path / "sample.gold.json"
    target.write_text('{"corrected": "by hand"}', encoding="utf-8")
    result = runner.invoke(app, ["gold", "new", str(text)])
    assert result.exit_code == 1
    assert "use --force to overwrite" in result.output
    assert target.read_text(encoding="utf-8") == '{"corrected": "by hand"}'
    forced = runner.invoke(app, ["gold", "new", "--force", str(text)])
    assert forced.exit_code == 0, forced.output
    assert json.loads(target.read_text(encoding="utf-8"))["published"] == "2019-04-16"


def test_gold_new_reports_a_missing_text(tmp_path):
    result = runner.invoke(app, ["gold", "new", str(tmp_path / "absent.txt")])
    assert result.exit_code == 1
    assert "no such file" in result.output

"""Golden records: the full record of each seed document (corpus/seeds/*.txt), kept as
readable JSON in tests/golden/<name>.json. Any change to what the pipeline extracts
shows here as a unified diff. When the change is intended, accept it with

    pressfacts gold accept-golden

and commit the rewritten tests/golden/ files with the change that caused them.
"""

from __future__ import annotations

import json

import pytest

from pipeline.golden import ACCEPT_COMMAND, GOLDEN_DIR, SEEDS_DIR, accept_golden, current_golden, golden_diff

SEEDS = sorted(p.stem for p in SEEDS_DIR.glob("*.txt"))


@pytest.fixture(scope="module")
def current() -> dict[str, str]:
    return current_golden()


def test_there_are_seed_documents():
    assert len(SEEDS) >= 5


@pytest.mark.parametrize("seed", SEEDS)
def test_record_matches_golden_file(seed, current):
    name = f"{seed}.json"
    path = GOLDEN_DIR / name
    assert path.is_file(), f"no golden file tests/golden/{name}; create it with: {ACCEPT_COMMAND}"
    expected = path.read_text(encoding="utf-8")
    diff = golden_diff(name, expected, current[name])
    if diff:
        pytest.fail(f"The record of corpus/seeds/{seed}.txt changed:\n\n{diff}\n"
                    f"If the change is intended, accept it with: {ACCEPT_COMMAND}", pytrace=False)


def test_no_golden_file_without_its_seed():
    stale = sorted({p.stem for p in GOLDEN_DIR.glob("*.json")} - set(SEEDS))
    assert not stale, f"golden files without a seed text: {stale}; remove them with: {ACCEPT_COMMAND}"


def test_golden_files_are_readable_records_without_the_text():
    for path in GOLDEN_DIR.glob("*.json"):
        content = path.read_text(encoding="utf-8")
        data = json.loads(content)
        assert "text" not in data and "pipeline_version" not in data
        assert data["source"] == path.stem + ".txt"
        assert content.startswith("{\n  "), "golden files are pretty-printed"


def test_accept_golden_writes_reports_and_prunes(tmp_path):
    texts, golden = tmp_path / "seeds", tmp_path / "golden"
    texts.mkdir()
    (texts / "one.txt").write_text("On 15 January 2016 Bulgaria gave 400.000 euros.\n", encoding="utf-8")
    golden.mkdir()
    (golden / "gone.json").write_text("{}", encoding="utf-8")

    changed, removed = accept_golden(texts, golden)
    assert (changed, removed) == (["one.json"], ["gone.json"])
    record = json.loads((golden / "one.json").read_text(encoding="utf-8"))
    assert [d["value"] for d in record["dates"]] == ["2016-01-15"]
    assert [(a["value"], a["currency"]) for a in record["amounts"]] == [(400000, "EUR")]
    assert [c["code"] for c in record["countries"]] == ["BG"]

    assert accept_golden(texts, golden) == ([], [])


def test_a_changed_record_shows_as_a_readable_diff(tmp_path):
    texts, golden = tmp_path / "seeds", tmp_path / "golden"
    texts.mkdir()
    text = texts / "one.txt"
    text.write_text("Bulgaria gave 400.000 euros in 2016.\n", encoding="utf-8")
    accept_golden(texts, golden)
    text.write_text("Bulgaria gave 400.000 euros in 2017.\n", encoding="utf-8")
    accepted = (golden / "one.json").read_text(encoding="utf-8")
    diff = golden_diff("one.json", accepted, current_golden(texts)["one.json"])
    assert "--- tests/golden/one.json (accepted)" in diff
    assert '-    {"text": "2016", "start": 31, "end": 35, "value": "2016", "role": null, "rule": "dates.year"}' in diff
    assert '+    {"text": "2017", "start": 31, "end": 35, "value": "2017", "role": null, "rule": "dates.year"}' in diff

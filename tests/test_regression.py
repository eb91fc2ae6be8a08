"""The regression gate: the pipeline on every annotated sample in corpus/ must score at
least the committed floor, tests/quality_floor.json (per-field F1, attribute accuracy).

The floor is a ratchet. When the pipeline gets better, raise it:

    pressfacts evaluate corpus --write-floor tests/quality_floor.json

(figures less 0.005, so that noise does not fail the gate). Lowering it is sometimes
right (a guideline changed, a gold file was corrected) but needs a reason in the
commit message.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.nlp import DEFAULT_RULES_DIR
from pipeline.scorecard import check_floor, evaluate_folder, floor_from_summary, read_json

TESTS = Path(__file__).resolve().parent
CORPUS = TESTS.parent / "corpus"
FLOOR = TESTS / "quality_floor.json"
HOW_TO = (
    "\n\nSee what changed:  pressfacts evaluate corpus --details"
    "\nIf the change is intended, lower the floor with"
    "\n    pressfacts evaluate corpus --write-floor tests/quality_floor.json"
    "\nand give the reason in the commit message (raising it needs no reason)."
)


def gate_failures(rules_dir: Path | None = None, floor: dict | None = None) -> list[str]:
    """What the gate reports for the corpus under `rules_dir` (default rules): [] when it passes."""
    evaluation = evaluate_folder(CORPUS, rules_dir=rules_dir)
    return check_floor(evaluation, floor if floor is not None else read_json(FLOOR))


@pytest.fixture(scope="module")
def corpus_evaluation():
    return evaluate_folder(CORPUS)


def test_every_annotated_sample_is_scored():
    floor = read_json(FLOOR)
    annotated = sorted(p.relative_to(CORPUS).as_posix().replace(".gold.json", ".txt")
                       for p in CORPUS.rglob("*.gold.json"))
    assert sorted(floor["documents"]) == annotated, (
        "the floor was written for other documents; after adding or removing a sample run "
        "pressfacts evaluate corpus --write-floor tests/quality_floor.json")


def test_quality_floor_holds(corpus_evaluation):
    failures = check_floor(corpus_evaluation, read_json(FLOOR))
    if failures:
        pytest.fail("Below the quality floor (tests/quality_floor.json):\n\n" + "\n\n".join(failures) + HOW_TO,
                    pytrace=False)


@pytest.fixture
def rules_without_currencies(tmp_path) -> Path:
    """A copy of rules/ whose currency table has only its header: no money can be read."""
    rules = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, rules)
    table = rules / "currencies.tsv"
    header = next(line for line in table.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    table.write_text(header + "\n", encoding="utf-8")
    return rules


def test_a_broken_rule_fails_the_gate_naming_field_and_documents(rules_without_currencies, corpus_evaluation):
    # The floor of the intact pipeline as it is now, so that only the broken rule can fail it.
    floor = floor_from_summary(corpus_evaluation.summary)
    assert floor["f1"]["amounts"] > 0.5, "the pipeline must find amounts for this test to mean anything"
    failures = gate_failures(rules_without_currencies, floor)
    amounts = [f for f in failures if f.startswith("amounts:")]
    assert len(amounts) == 1, failures
    message = amounts[0]
    assert message.startswith(f"amounts: F1 0.000 is below the floor {floor['f1']['amounts']:.3f}")
    assert "documents that lost facts since the floor was written:" in message
    with_money = [name for name, fields in floor["documents"].items() if fields["amounts"][0] > 0]
    assert with_money, "no document of the corpus has an amount the pipeline finds"
    for name in with_money:
        assert f"{name}: true positives {floor['documents'][name]['amounts'][0]} -> 0" in message
    # Only what depends on money fails: dates, countries and officials do not.
    assert not [f for f in failures if f.startswith(("dates:", "countries:", "officials:"))], failures


def test_a_document_that_lost_facts_is_named(corpus_evaluation):
    """check_floor against a floor that claims more than the pipeline finds in one document."""
    evaluation = corpus_evaluation
    floor = floor_from_summary(evaluation.summary)
    name = next(n for n, fields in floor["documents"].items() if fields["dates"][0] > 0)
    tp, predicted, gold = floor["documents"][name]["dates"]
    floor["documents"][name]["dates"] = [tp + 1, predicted + 1, gold]
    floor["f1"]["dates"] = 1.01  # unreachable, so the field fails
    message = next(f for f in check_floor(evaluation, floor) if f.startswith("dates:"))
    assert f"{name}: true positives {tp + 1} -> {tp}" in message
    assert "below the floor 1.010" in message


def test_floor_is_rounded_down_from_the_figures():
    evaluation = evaluate_folder(CORPUS / "seeds")
    floor = floor_from_summary(evaluation.summary)
    for field, value in floor["f1"].items():
        measured = evaluation.summary["fields"][field]["f1"]
        assert measured - 0.006 <= value <= measured - 0.005 or value == 0.0
    assert check_floor(evaluation, floor) == []
    json.dumps(floor)  # writable as it is


def test_a_document_that_lost_right_attribute_values_is_named(corpus_evaluation):
    floor = floor_from_summary(corpus_evaluation.summary)
    name, attributes = next((n, fields["attributes"]) for n, fields in floor["documents"].items()
                            if "official.title" in fields.get("attributes", {}))
    right, checked = attributes["official.title"]
    attributes["official.title"] = [right + 1, checked]
    floor["attribute_accuracy"]["official.title"] = 1.01
    message = next(f for f in check_floor(corpus_evaluation, floor) if f.startswith("official.title:"))
    assert "below the floor 1.010" in message
    assert f"documents that lost right values since the floor was written:\n    {name}: right {right + 1} -> {right}" \
        in message

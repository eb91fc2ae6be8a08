"""Review decisions: stored, versioned, kept across restarts and across new runs."""

from __future__ import annotations

import threading

import pytest
from review_helpers import TEXT, quiet_record, sample_record, write_run

from pipeline.review.facts import fact_key, facts_of
from pipeline.review.session import InvalidValue, ReviewSession, StaleDecision
from pipeline.review.store import ReviewStore


def fact(session: ReviewSession, doc_id: str, kind: str, label: str):
    return next(f for f in session.facts(doc_id) if f.fact.kind == kind and f.to_json()["label"] == label)


@pytest.fixture()
def run(tmp_path):
    return write_run(tmp_path / "run")


@pytest.fixture()
def session(run):
    return ReviewSession(run)


DOC = sample_record().doc_id


def test_a_decision_is_stored_with_a_growing_version(tmp_path):
    store = ReviewStore(tmp_path / "review.sqlite")
    first = store.decide("doc", "d-1", "date", "accepted", expected_version=0)
    second = store.decide("doc", "d-1", "date", "corrected", expected_version=1, value={"value": "2020"})
    assert (first.version, second.version) == (1, 2)
    stored = store.decision("doc", "d-1")
    assert (stored.status, stored.value, stored.version) == ("corrected", {"value": "2020"}, 2)


def test_a_decision_made_on_a_stale_version_is_refused_and_changes_nothing(tmp_path):
    store = ReviewStore(tmp_path / "review.sqlite")
    store.decide("doc", "a-1", "amount", "accepted", expected_version=0)  # reviewer 1
    with pytest.raises(StaleDecision) as refused:
        store.decide("doc", "a-1", "amount", "rejected", expected_version=0)  # reviewer 2 saw version 0
    assert refused.value.current.status == "accepted"
    assert "Someone else changed this fact" in str(refused.value)
    assert store.decision("doc", "a-1").status == "accepted"


def test_two_reviewers_deciding_at_once_exactly_one_wins(tmp_path):
    path = tmp_path / "review.sqlite"
    ReviewStore(path)
    outcomes: list[str] = []
    barrier = threading.Barrier(8)

    def reviewer(status: str) -> None:
        store = ReviewStore(path)
        barrier.wait()
        try:
            store.decide("doc", "c-1", "country", status, expected_version=0)
            outcomes.append(status)
        except StaleDecision:
            outcomes.append("refused")

    threads = [threading.Thread(target=reviewer, args=("accepted" if i % 2 else "rejected",)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("refused") == 7
    winner = next(o for o in outcomes if o != "refused")
    assert ReviewStore(path).decision("doc", "c-1").status == winner


def test_decisions_and_added_facts_survive_a_restart(run, session):
    date = fact(session, DOC, "date", "2019-04-16")
    session.decide(DOC, date.fact.key, "accepted", 0)
    session.add(DOC, "official", TEXT.index("Ramiz Hasanov"), TEXT.index("Ramiz Hasanov") + 13, {"name": "Ramiz Hasanov"})

    reopened = ReviewSession(run)  # a new process: nothing shared but the folder
    assert fact(reopened, DOC, "date", "2019-04-16").status == "accepted"
    added = fact(reopened, DOC, "official", "Ramiz Hasanov")
    assert added.status == "added" and added.fact.spans[0]["text"] == "Ramiz Hasanov"


def test_a_new_run_keeps_decisions_on_unchanged_facts_only(run, session):
    session.decide(DOC, fact(session, DOC, "date", "2019-04-16").fact.key, "accepted", 0)
    session.decide(DOC, fact(session, DOC, "amount", "2,500,000 EUR").fact.key, "rejected", 0)
    session.decide(DOC, fact(session, DOC, "date", "2024-05-31 (end)").fact.key, "accepted", 0)

    rerun = sample_record()
    rerun.dates[2].value = "2024-05"  # the pipeline now reads the end date differently
    rerun.countries.reverse()  # and lists countries in another order
    write_run(run, [rerun, quiet_record()])

    after = ReviewSession(run)
    assert fact(after, DOC, "date", "2019-04-16").status == "accepted"
    assert fact(after, DOC, "amount", "2,500,000 EUR").status == "rejected"
    assert fact(after, DOC, "date", "2024-05 (end)").status == "pending"  # changed: decide again
    assert after.summary()["totals"]["orphaned"] == 1  # the decision on 2024-05-31, no longer produced


def test_fact_keys_ignore_case_spacing_and_order_but_not_value_or_place():
    spans = [{"start": 3, "end": 9, "text": "x", "role": "mention"}]
    project = {"name": "Border  Management", "acronym": "BM", "funders": ["EU", "UNDP"], "implementers": []}
    same = {"name": "border management", "acronym": "bm", "funders": ["UNDP", "EU"], "implementers": []}
    assert fact_key("project", project, spans) == fact_key("project", same, spans)
    assert fact_key("project", project, spans) != fact_key("project", {**project, "acronym": "BM2"}, spans)
    moved = [{**spans[0], "start": 4}]
    assert fact_key("project", project, spans) != fact_key("project", project, moved)
    keys = [f.key for f in facts_of(sample_record())]
    assert len(keys) == len(set(keys)) == 8


def test_corrections_are_checked_by_the_record_models(session):
    date = fact(session, DOC, "date", "2019-04-16").fact.key
    with pytest.raises(InvalidValue, match="not YYYY, YYYY-MM or YYYY-MM-DD"):
        session.decide(DOC, date, "corrected", 0, {"value": "16/04/2019"})
    with pytest.raises(InvalidValue, match="not a calendar day"):
        session.decide(DOC, date, "corrected", 0, {"value": "2019-02-30"})
    amount = fact(session, DOC, "amount", "2,500,000 EUR").fact.key
    with pytest.raises(InvalidValue, match="ISO 4217"):
        session.decide(DOC, amount, "corrected", 0, {"value": "2500000", "currency": "EURO"})
    assert fact(session, DOC, "date", "2019-04-16").status == "pending"  # nothing stored

    country = fact(session, DOC, "country", "Bulgaria (BG)").fact.key
    corrected = session.decide(DOC, country, "corrected", 0, {"code": "Azerbaijan"})
    assert corrected["value"] == {"code": "AZ", "name": "Azerbaijan"}


def test_the_reviewed_record_drops_rejected_applies_corrections_and_adds(session):
    session.decide(DOC, fact(session, DOC, "amount", "2,500,000 EUR").fact.key, "rejected", 0)
    session.decide(DOC, fact(session, DOC, "date", "2024-05-31 (end)").fact.key, "corrected", 0,
                   {"value": "2024-06-30", "role": "end"})
    start = TEXT.index("Ramiz Hasanov")
    session.add(DOC, "official", start, start + 13, {"name": "Ramiz Hasanov", "title": "Deputy Foreign Minister"})

    record = session.reviewed_record(DOC)
    assert record.amounts == []
    assert [d.value for d in record.dates] == ["2019-04-16", "2021-06-01", "2024-06-30"]
    assert record.dates[2].text == "May 31, 2024"  # the evidence stays where it was read
    hasanov = record.officials[-1]
    assert (hasanov.name, hasanov.title, hasanov.mentions[0].start) == ("Ramiz Hasanov", "Deputy Foreign Minister", start)


def test_added_facts_must_point_at_text(session):
    with pytest.raises(InvalidValue, match="select some text"):
        session.add(DOC, "date", 10, 10, {"value": "2019"})
    with pytest.raises(InvalidValue, match="select some text"):
        session.add(DOC, "date", 0, len(TEXT) + 5, {"value": "2019"})


def test_progress_counts_documents_and_facts(session):
    quiet = quiet_record().doc_id
    totals = session.summary()["totals"]
    assert (totals["documents"], totals["documents_reviewed"], totals["facts"], totals["pending"]) == (2, 0, 8, 8)
    for f in session.facts(DOC):
        session.decide(DOC, f.fact.key, "accepted", 0)
    session.mark_document(quiet, True, 0)
    totals = session.summary()["totals"]
    assert (totals["documents_reviewed"], totals["accepted"], totals["pending"]) == (2, 8, 0)
    only_rejected = session.summary(kind="amount", status="rejected")
    assert only_rejected["documents"] == []

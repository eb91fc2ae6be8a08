"""report.html: one self-contained page of a run's records, safe with hostile text."""

from __future__ import annotations

import json
import re

from review_helpers import HOSTILE, TEXT, sample_record, write_run

from pipeline.report import write_report
from pipeline.review.session import ReviewSession


def embedded_data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.DOTALL)
    assert match, "the report carries its data"
    return json.loads(match.group(1))


def test_the_report_holds_every_document_and_fact(tmp_path):
    run = write_run(tmp_path / "run")
    path = write_report(run)
    assert path == run / "report.html"
    html = path.read_text(encoding="utf-8")
    data = embedded_data(html)
    assert [d["source"] for d in data["documents"]] == ["sample.txt", "quiet.txt"]
    sample = data["documents"][0]
    assert sample["text"] == TEXT
    assert sorted(f["label"] for f in sample["facts"] if f["kind"] in ("amount", "country")) == [
        "2,500,000 EUR", "Bulgaria (BG)", "Netherlands (NL)"]
    assert not (run / "review.sqlite").exists()  # writing a report does not start a review


def test_the_report_is_self_contained(tmp_path):
    html = write_report(write_run(tmp_path / "run")).read_text(encoding="utf-8")
    fetched = re.findall(r'<(?:script|link|img|iframe)[^>]*\s(?:src|href)="([^"]*)"', html)
    assert fetched == ["data:,"]  # the empty favicon, so the browser does not ask for one
    assert not re.search(r"url\(|@import", html)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy


def test_markup_in_a_document_cannot_escape_into_the_page(tmp_path):
    html = write_report(write_run(tmp_path / "run")).read_text(encoding="utf-8")
    assert HOSTILE not in html and "<script>window.pwned" not in html and "<img src=x" not in html
    assert html.count("</script>") == html.count("<script")  # nothing in the data closes a script early
    assert HOSTILE in embedded_data(html)["documents"][0]["text"]


def test_the_report_shows_review_decisions_when_there_are_some(tmp_path):
    run = write_run(tmp_path / "run")
    session = ReviewSession(run)
    doc = sample_record().doc_id
    amount = next(f for f in session.facts(doc) if f.fact.kind == "amount")
    session.decide(doc, amount.fact.key, "rejected", 0)
    data = embedded_data(write_report(run).read_text(encoding="utf-8"))
    statuses = {f["kind"]: f["status"] for f in data["documents"][0]["facts"]}
    assert statuses["amount"] == "rejected" and statuses["country"] == "pending"

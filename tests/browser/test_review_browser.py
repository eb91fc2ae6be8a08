"""The review app and the report in real headless Chromium (Debian's, via Playwright)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/review_helpers.py, shared with the API tests
from review_helpers import HOSTILE, TEXT, sample_record, write_run
from typer.testing import CliRunner

from pipeline.review.screenshot import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} missing: `make browser` installs Debian's chromium"),
]

DOC = sample_record().doc_id


def is_problem(message) -> bool:
    """Console errors, except the browser's note on the 400 and 409 answers the test provokes."""
    refused_on_purpose = any(f"status of {code} " in message.text for code in (400, 409))
    return message.type == "error" and not refused_on_purpose


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(5000)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on("console", lambda message: page.problems.append(message.text) if is_problem(message) else None)
    page.on("dialog", lambda dialog: (page.problems.append("dialog: " + dialog.message), dialog.dismiss()))
    page.on("request", lambda request: None if request.url.startswith(("http://127.0.0.1", "file:", "data:"))
            else page.problems.append("request: " + request.url))
    yield page
    context.close()


@pytest.fixture()
def app(tmp_path):
    from pipeline.review.server import start_in_thread

    run = write_run(tmp_path / "run")
    server = start_in_thread(run, port=0)
    yield run, server.url
    server.shutdown()
    server.server_close()


def card(page, label):
    return page.locator("#facts .fact", has=page.locator(".fact-label", has_text=label))


def assert_text_shown_literally(page):
    assert page.evaluate("window.pwned") is None
    assert HOSTILE in page.locator("#doc-text").inner_text()
    assert page.locator("#doc-text img, #doc-text script, #doc-text b").count() == 0


def select_in_text(page, needle):
    """Select `needle` in the document text as a mouse would, then release the button."""
    page.evaluate(
        """(needle) => {
          const box = document.getElementById("doc-text");
          const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
          let node, seen = 0;
          const nodes = [];
          while ((node = walker.nextNode())) { nodes.push([node, seen]); seen += node.data.length; }
          const start = box.textContent.indexOf(needle), end = start + needle.length;
          const at = (offset) => { for (const [n, s] of nodes) if (offset <= s + n.data.length) return [n, offset - s]; };
          const range = document.createRange();
          range.setStart(...at(start)); range.setEnd(...at(end));
          getSelection().removeAllRanges(); getSelection().addRange(range);
          box.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
        }""",
        needle,
    )


def test_review_a_document_end_to_end(app, page, tmp_path):
    run, url = app
    page.goto(f"{url}doc/{DOC}")
    page.wait_for_selector("#facts .fact")
    assert_text_shown_literally(page)
    assert page.locator(".legend").inner_text().split() [:5] == ["Project", "Official", "Date", "Amount", "Country"]
    shortcuts = page.locator("#shortcuts").inner_text()
    assert "accept" in shortcuts and "reject" in shortcuts and "next fact" in shortcuts and "previous fact" in shortcuts

    project = card(page, "MOBILAZE-2").inner_text()
    assert "2,500,000 EUR" in project and "European Commission" in project and "2021-06-01" in project
    assert "Director General of ICMPD" in card(page, "Michael Spindelegger").inner_text()

    # Clicking a fact highlights its evidence in the text; clicking the text picks the fact.
    card(page, "Bulgaria (BG)").click()
    assert page.locator("#doc-text mark.active").inner_text() == "Bulgaria"
    page.locator("#doc-text mark", has_text="Netherlands").click()
    assert "active" in card(page, "Netherlands (NL)").get_attribute("class")

    # Accept by keyboard: K back to Bulgaria, A accepts it.
    page.keyboard.press("k")
    page.keyboard.press("a")
    card(page, "Bulgaria (BG)").locator(".pill-accepted").wait_for()

    # Correct a date: a bad value is refused with the server's message, a good one kept.
    date = card(page, "2024-05-31 (end)")
    date.get_by_role("button", name="Correct").click()
    page.fill("#field-date-value", "2024-13-45")
    page.get_by_role("button", name="Save correction").click()
    error = page.locator(".form-error")
    error.wait_for()
    assert "is not YYYY, YYYY-MM or YYYY-MM-DD" in error.inner_text()
    page.fill("#field-date-value", "2024-06")
    page.get_by_role("button", name="Save correction").click()
    card(page, "2024-06 (end)").locator(".pill-corrected").wait_for()

    # Reject the amount.
    card(page, "2,500,000 EUR").get_by_role("button", name="Reject").click()
    card(page, "2,500,000 EUR").locator(".pill-rejected").wait_for()

    # Add the official the pipeline missed, from a selection in the text.
    select_in_text(page, "Ramiz Hasanov")
    page.locator("#add-popover button[data-kind=official]").click()
    assert page.input_value("#field-official-name") == "Ramiz Hasanov"
    page.fill("#field-official-title", "Deputy Foreign Minister")
    page.get_by_role("button", name="Add official").click()
    card(page, "Ramiz Hasanov, Deputy Foreign Minister").locator(".pill-added").wait_for()

    # Decisions are kept: reload and see them.
    page.reload()
    page.wait_for_selector("#facts .fact")
    for label, status in [("Bulgaria (BG)", "accepted"), ("2024-06 (end)", "corrected"),
                          ("2,500,000 EUR", "rejected"), ("Ramiz Hasanov, Deputy Foreign Minister", "added")]:
        assert card(page, label).locator(f".pill-{status}").count() == 1, label
    assert page.locator("#doc-text mark.st-rejected", has_text="2.5 million euros").count() >= 1
    assert_text_shown_literally(page)

    # Another reviewer accepts the project meanwhile: deciding on this stale page is refused, visibly.
    from pipeline.review.session import ReviewSession

    session = ReviewSession(run)
    project = next(f for f in session.facts(DOC) if f.fact.kind == "project")
    session.decide(DOC, project.fact.key, "rejected", 0)
    card(page, "MOBILAZE-2").get_by_role("button", name="Accept").click()
    message = page.locator("#message")
    message.wait_for()
    assert "Someone else changed this fact" in message.inner_text()
    card(page, "MOBILAZE-2").locator(".pill-rejected").wait_for()

    # The list shows progress and filters.
    page.goto(f"{url}?kind=amount&status=rejected")
    page.wait_for_selector("#documents tbody tr")
    assert page.locator("#documents tbody tr").count() == 1
    assert "sample.txt" in page.locator("#documents tbody").inner_text()
    assert page.locator(".total-rejected .total-value").inner_text() == "2"

    # Export what was reviewed (all facts of the sample decided except three dates and a country).
    for reviewed in session.facts(DOC):
        if reviewed.status == "pending":
            session.decide(DOC, reviewed.fact.key, "accepted", 0)
    from pipeline.cli import app as cli

    result = CliRunner().invoke(cli, ["export", str(run), "--reviewed", "--dest", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    [record] = [json.loads(line) for line in (tmp_path / "out" / "records.jsonl").read_text().splitlines()]
    assert record["amounts"] == [] and record["projects"] == []
    assert "2024-06" in [d["value"] for d in record["dates"]]
    assert {"Ramiz Hasanov", "Michael Spindelegger"} == {o["name"] for o in record["officials"]}
    assert page.problems == []


def test_the_report_renders_hostile_text_as_text(app, page):
    from pipeline.report import write_report

    run, _ = app
    path = write_report(run)
    page.goto(path.as_uri())
    page.wait_for_selector("#facts .fact")
    assert_text_shown_literally(page)
    assert page.locator("#doc-text mark.hl-amount").inner_text() == "2.5 million euros"
    page.locator("#facts .fact", has_text="Netherlands").first.click()
    assert page.locator("#doc-text mark.active").inner_text() == "Netherlands"
    assert TEXT.splitlines()[0] in page.locator("#doc-text").inner_text()
    assert page.problems == []

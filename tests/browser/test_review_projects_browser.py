"""The review app's projects page in real headless Chromium (Debian's, via Playwright)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/*_helpers.py, shared with the API tests
from registry_helpers import project, record

from pipeline.review.screenshot import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} missing: `make browser` installs Debian's chromium"),
]

HOSTILE_NAME = "<img src=x onerror=window.pwned=1>"
HOSTILE_FUNDER = "<script>window.pwned=2</script>"
HOSTILE_TEXT = (
    f"The “{HOSTILE_NAME}” project, funded by the {HOSTILE_FUNDER}, started on 1 March 2020 "
    "with a budget of EUR 10,000.\n"
)


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(5000)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on("console", lambda message: page.problems.append(message.text) if message.type == "error" else None)
    page.on("dialog", lambda dialog: (page.problems.append("dialog: " + dialog.message), dialog.dismiss()))
    page.on("request", lambda request: None if request.url.startswith(("http://127.0.0.1", "file:", "data:"))
            else page.problems.append("request: " + request.url))
    yield page
    context.close()


@pytest.fixture()
def serve():
    from pipeline.review.server import start_in_thread

    servers = []

    def start(run):
        servers.append(start_in_thread(run, port=0))
        return servers[-1].url

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_a_project_entry_links_to_its_documents(seeds_run, serve, page):
    url = serve(seeds_run)
    page.goto(f"{url}projects")
    page.wait_for_selector("#projects tbody tr[data-key]")
    keys = set(page.eval_on_selector_all("#projects tbody tr[data-key]", "rows => rows.map(r => r.dataset.key)"))
    assert {"MOBILAZE", "MOBILAZE-2", "RESTART"} <= keys

    # The filter narrows the list; the list shows each project's resolved values.
    page.fill("#filter-text", "mobilaze")
    assert page.locator("#projects tbody tr[data-key]").count() == 2
    row = page.locator("#projects tr[data-key=MOBILAZE]")
    assert "2016-01-15" in row.inner_text() and "2,500,000 EUR" in row.inner_text()

    # Select MOBILAZE: its entry, each value with the words that said it.
    row.locator(".project-link").click()
    assert page.locator("#entry dd[data-field=start]").inner_text() == "2016-01-15"
    assert page.locator("#entry dd[data-field=budget]").inner_text() == "2,500,000 EUR"
    assert page.locator("#entry dd[data-field=documents]").inner_text() == "3"
    assert "project=MOBILAZE" in page.url
    start = page.locator("#entry .claim-group[data-attribute=start] .evidence", has_text="January 15, 2016")
    assert start.locator("q").inner_text() == "January 15, 2016"
    assert [e.inner_text() for e in page.locator("#entry .event-date").all()][-1] == "2019-07-14"

    # The evidence link opens the document it was read from, in the document view.
    link = start.locator("a.source-link")
    source = link.inner_text()
    href = link.get_attribute("href")
    assert href.startswith("/doc/")
    link.click()
    page.wait_for_url(f"{url}doc/*")
    page.wait_for_selector("#facts .fact")
    assert page.url == url.rstrip("/") + href
    assert page.locator("#doc-source").inner_text().startswith(source)
    assert "January 15, 2016" in page.locator("#doc-text").inner_text()
    # It opens at the words the value was read from: that span is the active, flashed mark.
    assert "#span=" in href
    page.wait_for_selector("#doc-text mark.hl.active.flash")
    assert "January 15, 2016" in page.locator("#doc-text mark.hl.active.flash").first.inner_text()

    # ...and the header leads back to the projects.
    page.locator("header .page-links a", has_text="Projects").click()
    page.wait_for_selector("#projects tbody tr[data-key]")
    assert page.locator("header .page-links a[aria-current=page]").inner_text() == "Projects"
    page.locator("header .page-links a", has_text="Documents").click()
    page.wait_for_selector("#documents tbody tr")
    assert page.problems == []


def test_registry_text_renders_as_text(tmp_path, serve, page):
    run = tmp_path / "run"
    run.mkdir()
    hostile = record(HOSTILE_TEXT, "hostile.txt", published="2020-03-01", projects=[project(
        HOSTILE_TEXT, name=HOSTILE_NAME, start="2020-03-01", budget=(10_000, "EUR"), funders=[HOSTILE_FUNDER],
        mentions=[HOSTILE_NAME], evidence={"start": "1 March 2020", "funders": HOSTILE_FUNDER})])
    (run / "records.jsonl").write_text(hostile.model_dump_json() + "\n", encoding="utf-8")
    url = serve(run)

    page.goto(f"{url}projects")
    page.wait_for_selector("#projects tbody tr[data-key]")
    page.locator("#projects .project-link").click()
    page.wait_for_selector("#entry .entry-title")
    assert page.evaluate("window.pwned") is None
    assert page.locator("#projects .project-link").inner_text() == HOSTILE_NAME
    assert page.locator("#entry .entry-title").inner_text() == HOSTILE_NAME
    assert HOSTILE_FUNDER in page.locator("#entry dd[data-field=funders]").inner_text()
    assert HOSTILE_NAME in page.locator("#entry .claim-group[data-attribute=name] q").inner_text()
    assert page.locator("img, script:not([src]), #entry b").count() == 0

    page.fill("#filter-text", "onerror")  # the filter matches the text, and inserts nothing
    assert page.locator("#projects tbody tr[data-key]").count() == 1
    assert page.evaluate("window.pwned") is None
    assert page.problems == []

"""What every browser test shares: one headless Debian Chromium per module, driven by
Playwright through `executable_path` (no browser download)."""

import pytest

from pipeline.review.screenshot import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()

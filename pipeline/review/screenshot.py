"""Regenerate the README's screenshot of the review app's document view.

    python -m pipeline.review.screenshot corpus/seeds docs/review.png --doc 002_b5f6b9ea4c2b98d3.txt

SOURCE is a run folder (records.jsonl) or a folder of .txt files, which are extracted
first. The app runs over a temporary copy, so no decision of a real review is touched.
Needs Debian's Chromium at /usr/bin/chromium (`make browser`); never downloads one.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path
from typing import Optional

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _stage_records(source: Path, staging: Path) -> None:
    records = source / "records.jsonl"
    if records.is_file():
        shutil.copy(records, staging / "records.jsonl")
        return
    texts = sorted(source.glob("*.txt"))
    if not texts:
        raise FileNotFoundError(f"{source} has neither records.jsonl nor .txt files")
    from ..extract import Extractor

    extractor = Extractor()
    with (staging / "records.jsonl").open("w", encoding="utf-8") as handle:
        for path in texts:
            record = extractor.extract(path.read_text(encoding="utf-8"), source=path.name)
            handle.write(record.model_dump_json() + "\n")


def capture(source: Path, dest: Path, doc: Optional[str] = None, width: int = 1440, height: int = 900) -> Path:
    from playwright.sync_api import sync_playwright

    from .server import start_in_thread
    from .session import ReviewSession

    with tempfile.TemporaryDirectory(prefix="pressfacts-screenshot-") as staging_dir:
        staging = Path(staging_dir)
        _stage_records(Path(source), staging)
        records = ReviewSession(staging).records()
        doc_id = next((i for i, r in records.items() if doc is None or doc in (r.source, r.doc_id)), None)
        if doc_id is None:
            raise LookupError(f"no document {doc!r} in {source}")
        server = start_in_thread(staging)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
                page.goto(f"{server.url}doc/{doc_id}")
                page.wait_for_selector("#facts .fact, #facts .empty")
                first = page.locator("#facts .fact").first
                if first.count():
                    first.click()  # shows a fact and its evidence as a reviewer sees it
                page.wait_for_timeout(600)
                dest = Path(dest)
                dest.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(dest))
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    return dest


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="run folder (records.jsonl) or folder of .txt files")
    parser.add_argument("dest", type=Path, help="PNG to write, e.g. docs/review.png")
    parser.add_argument("--doc", help="document to show: its source file name or doc_id (default: the first)")
    args = parser.parse_args(argv)
    print(capture(args.source, args.dest, args.doc))


if __name__ == "__main__":
    main()

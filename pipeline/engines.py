"""How documents get processed: in this process, in N worker processes, or on Dask.

Every engine takes ingested `Document`s and yields one `Record` (or `ErrorRecord`)
per document, in input order, so a batch's output does not depend on the engine.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from .extract import Document, Extractor
from .schema import ErrorRecord, Record

Result = Union[Record, ErrorRecord]


def process_documents(
    documents: Iterable[Document],
    *,
    rules_dir: Optional[Path] = None,
    workers: int = 1,
    engine: str = "local",
    scheduler: Optional[str] = None,
    timeout: Optional[float] = None,
) -> Iterator[Result]:
    """Records for `documents`, in order. (Serial engine; workers and Dask to come.)"""
    extractor = Extractor(rules_dir)
    for document in documents:
        try:
            yield extractor.extract(document.text, source=document.source, doc_id=document.doc_id,
                                    title=document.title, published=document.published,
                                    sources=document.sources, warnings=document.warnings)
        except Exception as exc:  # one bad document must not stop the batch
            yield ErrorRecord(source=document.source, doc_id=document.doc_id, kind="failed",
                              reason=f"extraction failed: {type(exc).__name__}: {exc}")

"""The library entry point: text in, validated `Record` out.

`Extractor` owns one spaCy `Language` (built once, reused for every document);
everything else in the package (batch runs, engines, evaluation, review) goes
through it so that all of them see the same records.
"""

from __future__ import annotations

import gc
import hashlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

from spacy.util import minibatch

from .nlp import build_nlp
from .records import build_record
from .schema import Record


def content_id(text: str) -> str:
    """Stable document id: the first 16 hex digits of the SHA-256 of the text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Document:
    """A document as ingested: the text the offsets refer to, plus what the page said of itself."""

    text: str
    source: str
    doc_id: str = ""
    title: Optional[str] = None
    published: Optional[str] = None  # ISO date from page metadata, if the input had any
    sources: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.doc_id:
            self.doc_id = content_id(self.text)
        if not self.sources:
            self.sources = [self.source]


class Extractor:
    """Build the pipeline once; extract records from one text or a stream of documents."""

    def __init__(self, rules_dir: Optional[Path] = None, batch_size: int = 64):
        self.nlp = build_nlp(rules_dir)
        self.batch_size = batch_size

    def extract(self, text: str, source: str = "<text>", **meta) -> Record:
        return next(self.extract_many([Document(text=text, source=source, **meta)]))

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Record]:
        """Records in input order; the pipeline streams a batch at a time, so memory stays flat."""
        pairs = ((d.text, d) for d in documents)
        processed = self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size)
        with older_objects_frozen():
            # A batch's records built together, as the components run (`BatchedPipe`): the
            # linking rules stay in the CPU caches.
            for batch in minibatch(processed, self.batch_size):
                yield from [build_record(doc, document, self.nlp) for doc, document in batch]


@contextmanager
def older_objects_frozen() -> Iterator[None]:
    """Keep the objects alive on entry (the pipeline: ~90,000 of them, rules, regexes, vocab)
    out of the garbage collector's full collections until exit (`gc.freeze`, `gc.unfreeze`).

    A batch's documents outlive the young generations, so every few hundred documents
    CPython runs a full collection, which walked the whole pipeline each time (~70 ms;
    about 8% of a run). Frozen objects are still freed when unreferenced; on exit they
    return to the oldest generation, so cycles among them are collected as before. When
    something else has frozen objects (a caller, another thread's extraction), nothing is
    changed."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()

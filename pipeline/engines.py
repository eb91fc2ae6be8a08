"""How documents get processed: in this process, in N worker processes, or on Dask.

Every engine takes ingested `Document`s and yields one `Record` (or `ErrorRecord`)
per document, in input order, so a batch's output does not depend on the engine.

All engines share one unit of work, `ChunkRunner.run(chunk)`: a list of at most
`chunk_size` documents (and about `CHUNK_CHARS` characters) in, one result per
document out. The input is cut into chunks lazily and at most `window` chunks are in
flight at a time, so memory stays flat however long the batch is: neither all
documents nor all results are ever held.

Timeouts: with `timeout` set, each document runs alone under a `deadlines.Deadline`
(SIGALRM in a main thread, so also in every worker process; a watchdog on Dask's
worker threads). Without it, a chunk streams through `nlp.pipe` in one go.

- `engine="local", workers=1`: chunks run here, through `Extractor.extract_many`
  (spaCy's `nlp.pipe`).
- `engine="local", workers=N`: N worker processes (`concurrent.futures`, forkserver
  start method where available), each building its `Extractor` once, in its
  initializer; results come back in input order.
- `engine="dask"`: see `pipeline.dask_engine`.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from .deadlines import Deadline, DocumentTimeout
from .extract import Document, Extractor
from .schema import ErrorRecord, Record

Result = Union[Record, ErrorRecord]

ENGINES = ("local", "dask")
CHUNK_SIZE = 64
CHUNK_CHARS = 1_000_000
# New vocabulary strings a pipeline may collect before a fresh one is built (~0.2 s),
# which frees them and the tokenizer cache entries of their words (~300 bytes each
# in all). spaCy's memory zones would free them too, but inside a zone the tokenizer
# caches nothing, which made tokenizing 4x slower.
RECYCLE_STRINGS = 30_000
# A dateline, a relative date, an amount, a country and an official: wakes every lazy path.
WARM_UP = (
    "BAKU, 16 April 2019 - The European Union and UNDP launched today a EUR 2.5 million "
    "project in Azerbaijan, said Ambassador Kestutis Jankauskas, Head of the EU Delegation."
)


def process_documents(
    documents: Iterable[Document],
    *,
    rules_dir: Optional[Path] = None,
    workers: int = 1,
    engine: str = "local",
    scheduler: Optional[str] = None,
    timeout: Optional[float] = None,
    chunk_size: int = CHUNK_SIZE,
    window: Optional[int] = None,
) -> Iterator[Result]:
    """One result per document of `documents`, in input order.

    `workers` is the number of processes (local engine) or of local Dask workers
    (Dask engine without `scheduler`). `scheduler` is the address of a running Dask
    scheduler (`tcp://host:8786`), for `engine="dask"` only. `timeout` is a limit
    in seconds per document: a document that takes longer yields
    `ErrorRecord(kind="timeout")` and the batch goes on. `chunk_size` documents
    travel together to a worker; `window` chunks at most are in flight (default:
    twice the number of workers, plus one). Bad options raise `ValueError` when
    the first result is asked for.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    if timeout is not None and timeout <= 0:
        raise ValueError("timeout must be a positive number of seconds")
    if scheduler is not None and engine != "dask":
        raise ValueError("--scheduler needs --engine dask")
    chunks = chunked(documents, chunk_size)
    rules = str(rules_dir) if rules_dir is not None else None
    if engine == "dask":
        from .dask_engine import run_on_dask

        yield from run_on_dask(chunks, rules_dir=rules, workers=workers, scheduler=scheduler,
                               timeout=timeout, window=window)
    elif workers == 1:
        runner = ChunkRunner(rules, timeout)
        try:
            for chunk in chunks:
                yield from runner.run(chunk)
        finally:
            runner.close()
    else:
        yield from run_in_processes(chunks, rules_dir=rules, workers=workers, timeout=timeout,
                                    window=window or 2 * workers + 1)


def chunked(documents: Iterable[Document], size: int, max_chars: int = CHUNK_CHARS) -> Iterator[list[Document]]:
    """Lists of consecutive documents, read lazily: a list ends at `size` documents or
    once it holds `max_chars` characters of text, so a window of chunks stays small
    even when some documents are huge."""
    chunk: list[Document] = []
    chars = 0
    for document in documents:
        chunk.append(document)
        chars += len(document.text)
        if len(chunk) >= size or chars >= max_chars:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


class ChunkRunner:
    """Builds the pipeline and turns chunks of documents into results.

    Without a timeout a chunk goes through `nlp.pipe` in one stream. If anything in
    the stream raises, the documents not yet done are redone one at a time, so the
    one that fails becomes an `ErrorRecord(kind="failed")` and the others still get
    their records. With a timeout every document runs alone under a `Deadline`.
    The pipeline is rebuilt between chunks once its vocabulary has grown by
    `recycle_strings` strings, so memory stays flat however many new words a batch has.

    Before the first deadline the pipeline runs once on `WARM_UP`, so that what is
    loaded on first use (dateparser and its locale data for relative dates) is not
    charged to whichever document happens to need it first.
    """

    def __init__(self, rules_dir: Optional[str] = None, timeout: Optional[float] = None,
                 recycle_strings: int = RECYCLE_STRINGS):
        self.rules_dir = Path(rules_dir) if rules_dir else None
        self.deadline = Deadline(timeout) if timeout else None
        self.recycle_strings = recycle_strings
        self.extractor: Optional[Extractor] = None
        self._fresh_pipeline()

    def _fresh_pipeline(self) -> None:
        if self.extractor is not None:
            self.extractor = None
            gc.collect()  # free the old pipeline (it has reference cycles) before building the new one
        self.extractor = Extractor(self.rules_dir)
        if self.deadline is not None:
            self.run_one(Document(text=WARM_UP, source="<warm-up>"))
        self.strings_at_start = len(self.extractor.nlp.vocab.strings)

    def run(self, chunk: list[Document]) -> list[Result]:
        if len(self.extractor.nlp.vocab.strings) - self.strings_at_start >= self.recycle_strings:
            self._fresh_pipeline()
        results: list[Result] = []
        if self.deadline is None:
            try:
                results.extend(self.extractor.extract_many(chunk))
            except Exception:
                pass  # redone one by one below: only the culprit fails
        for document in chunk[len(results):]:
            results.append(self.run_one(document))
        return results

    def run_one(self, document: Document) -> Result:
        try:
            if self.deadline is None:
                return next(self.extractor.extract_many([document]))
            with self.deadline:
                return next(self.extractor.extract_many([document]))
        except DocumentTimeout:
            return error_record(document, "timeout", f"took longer than {self.deadline.seconds:g} s")
        except Exception as exc:  # one bad document must not stop the batch
            return error_record(document, "failed", f"extraction failed: {type(exc).__name__}: {exc}")

    def close(self) -> None:
        if self.deadline is not None:
            self.deadline.close()


def error_record(document: Document, kind: str, reason: str) -> ErrorRecord:
    return ErrorRecord(source=document.source, doc_id=document.doc_id, kind=kind, reason=reason)


def in_order(chunks: Iterable[list[Document]], submit: Callable, window: int,
             recover: Optional[Callable] = None) -> Iterator[Result]:
    """Submit chunks with `submit(chunk) -> future`, at most `window` in flight, and
    yield their results in input order. A chunk whose future fails goes to
    `recover(chunk, exc) -> results`; by default each of its documents gets an
    `ErrorRecord(kind="failed")`."""
    recover = recover or failed_chunk
    pending: deque = deque()

    def collect(chunk, future) -> list[Result]:
        try:
            return future.result()
        except Exception as exc:
            return recover(chunk, exc)

    for chunk in chunks:
        pending.append((chunk, submit(chunk)))
        if len(pending) >= window:
            yield from collect(*pending.popleft())
    while pending:
        yield from collect(*pending.popleft())


def failed_chunk(chunk: list[Document], exc: BaseException) -> list[Result]:
    reason = f"worker failed: {type(exc).__name__}: {exc}"
    return [error_record(document, "failed", reason) for document in chunk]


# --- process pool ---------------------------------------------------------------------

_RUNNER: Optional[ChunkRunner] = None


def _start_worker(rules_dir: Optional[str], timeout: Optional[float]) -> None:
    global _RUNNER
    _RUNNER = ChunkRunner(rules_dir, timeout)


def _run_chunk(chunk: list[Document]) -> list[Result]:
    assert _RUNNER is not None, "worker not initialised"
    return _RUNNER.run(chunk)


def process_context():
    """forkserver on Linux: children fork from a clean server (no inherited threads or
    locks) with spaCy already imported; spawn elsewhere."""
    if sys.platform.startswith("linux"):
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["pipeline.engines"])
        return context
    return multiprocessing.get_context("spawn")


class WorkerPool:
    """`workers` processes, each with its own pipeline; replaced when one dies.

    A worker that dies (killed by the OOM killer, a crash in native code) breaks the
    whole `ProcessPoolExecutor`, failing every chunk in flight. Those chunks are
    redone one document at a time on a fresh pool, so the batch goes on and only a
    document that kills a worker again gets `ErrorRecord(kind="failed")`.
    """

    def __init__(self, workers: int, rules_dir: Optional[str], timeout: Optional[float]):
        self.options = dict(max_workers=workers, mp_context=process_context(),
                            initializer=_start_worker, initargs=(rules_dir, timeout))
        self.pool = ProcessPoolExecutor(**self.options)

    def submit(self, chunk: list[Document]):
        try:
            return self.pool.submit(_run_chunk, chunk)
        except BrokenProcessPool:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = ProcessPoolExecutor(**self.options)
            return self.pool.submit(_run_chunk, chunk)

    def recover(self, chunk: list[Document], exc: BaseException) -> list[Result]:
        if not isinstance(exc, BrokenProcessPool):
            return failed_chunk(chunk, exc)
        results: list[Result] = []
        for document in chunk:
            try:
                results.extend(self.submit([document]).result())
            except BrokenProcessPool:
                results.append(error_record(document, "failed", "a worker process died on this document"))
        return results

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def run_in_processes(chunks: Iterable[list[Document]], *, rules_dir: Optional[str], workers: int,
                     timeout: Optional[float], window: int) -> Iterator[Result]:
    """Chunks on a `WorkerPool`; results in input order."""
    pool = WorkerPool(workers, rules_dir, timeout)
    try:
        yield from in_order(chunks, pool.submit, window, pool.recover)
    finally:  # also when the caller stops early: drop the chunks not started
        pool.close()

"""Engines: every engine gives the records of the default run, in input order; a slow
document times out without stopping the batch; input is read as a stream."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from pipeline.deadlines import Deadline, DocumentTimeout
from pipeline.engines import ChunkRunner, chunked, process_documents
from pipeline.extract import Document
from pipeline.schema import ErrorRecord, Record

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def corpus_documents(n: int = 12) -> list[Document]:
    paths = sorted(CORPUS.rglob("*.txt"))[:n]
    return [Document(text=p.read_text(encoding="utf-8"), source=p.name) for p in paths]


def slow_document() -> Document:
    """A real document far too long to finish in half a second: 2.4 MB, about 400,000
    words; spaCy's tokenizer alone takes over a second on it."""
    text = "\n\n".join(d.text for d in corpus_documents(4)) * 300
    return Document(text=text, source="huge.txt")


def dumps(results) -> list[dict]:
    return [r.model_dump() for r in results]


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return corpus_documents()


@pytest.fixture(scope="module")
def expected(documents) -> list[dict]:
    results = list(process_documents(documents))
    assert len(results) == len(documents)
    assert all(isinstance(r, Record) for r in results)
    assert [r.source for r in results] == [d.source for d in documents]
    return dumps(results)


def check_timeout_batch(results, documents, expected, seconds) -> None:
    """Slow document third: it times out; all the others equal the default run."""
    assert len(results) == len(documents) + 1
    late = results[2]
    assert isinstance(late, ErrorRecord)
    assert (late.kind, late.source) == ("timeout", "huge.txt")
    assert late.reason == f"took longer than {seconds:g} s"
    others = results[:2] + results[3:]
    assert dumps(others) == expected


def with_slow_document(documents):
    return documents[:2] + [slow_document()] + documents[2:]


def test_a_fresh_pipeline_when_the_vocabulary_grows_gives_the_same_records(documents, expected):
    runner = ChunkRunner(recycle_strings=400)
    pipelines, results = [], []
    for chunk in chunked(documents, 2):
        results.extend(runner.run(chunk))
        if not any(p is runner.extractor for p in pipelines):
            pipelines.append(runner.extractor)
    assert len(pipelines) >= 3  # 12 press releases add ~1,600 strings
    assert dumps(results) == expected


def test_two_workers_give_the_default_records_in_order(documents, expected):
    results = process_documents(documents, workers=2, chunk_size=2)
    assert dumps(results) == expected


def test_dask_local_cluster_gives_the_default_records_in_order(documents, expected):
    results = process_documents(documents, engine="dask", workers=2, chunk_size=3)
    assert dumps(results) == expected


def test_dask_on_an_existing_scheduler(documents, expected):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        results = list(process_documents(documents, engine="dask", scheduler=address, chunk_size=4))
        assert dumps(results) == expected
        # Tasks run on worker threads here: the timeout goes through the watchdog.
        batch = with_slow_document(documents)
        results = list(process_documents(batch, engine="dask", scheduler=address, timeout=0.5, chunk_size=2))
        check_timeout_batch(results, documents, expected, 0.5)


def test_timeout_in_process_skips_the_slow_document_only(documents, expected):
    batch = with_slow_document(documents)
    results = list(process_documents(batch, timeout=0.5))
    check_timeout_batch(results, documents, expected, 0.5)


def test_timeout_in_worker_processes(documents, expected):
    batch = with_slow_document(documents)
    results = list(process_documents(batch, workers=2, timeout=0.5, chunk_size=2))
    check_timeout_batch(results, documents, expected, 0.5)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_document_does_not_stop_its_chunk(documents, expected, workers):
    # Longer than the pipeline's nlp.max_length (5,000,000 characters): spaCy refuses it.
    too_long = Document(text="word " * 1_000_001, source="too-long.txt")
    batch = documents[:5] + [too_long] + documents[5:]
    results = list(process_documents(batch, workers=workers, chunk_size=4))
    failed = results[5]
    assert isinstance(failed, ErrorRecord)
    assert (failed.kind, failed.source) == ("failed", "too-long.txt")
    assert failed.reason.startswith("extraction failed: ValueError")
    assert dumps(results[:5] + results[6:]) == expected


def test_chunks_are_cut_by_count_and_by_size(documents):
    big = Document(text="x" * 300, source="big.txt")
    small = [Document(text=f"doc {i}", source=f"{i}.txt") for i in range(5)]
    chunks = list(chunked(iter(small[:2] + [big] + small[2:]), 3, max_chars=200))
    assert [[d.source for d in c] for c in chunks] == [["0.txt", "1.txt", "big.txt"], ["2.txt", "3.txt", "4.txt"]]
    chunks = list(chunked(iter([big, big] + small[:1]), 3, max_chars=200))
    assert [len(c) for c in chunks] == [1, 1, 1]


@pytest.mark.parametrize("workers", [1, 2])
def test_input_is_read_as_a_stream(documents, workers):
    pulled = []

    def source():
        for i in range(10_000):  # far more than a window holds
            document = documents[i % len(documents)]
            pulled.append(i)
            yield Document(text=document.text, source=f"{i}.txt")

    results = process_documents(source(), workers=workers, chunk_size=4, window=3)
    first = next(results)
    assert first.source == "0.txt"
    assert len(pulled) <= 4 * 3
    results.close()


@pytest.mark.parametrize(
    "options, message",
    [({"engine": "spark"}, "unknown engine"), ({"workers": 0}, "at least 1"),
     ({"scheduler": "tcp://localhost:8786"}, "needs --engine dask"), ({"timeout": 0}, "positive")],
)
def test_bad_options_are_refused(documents, options, message):
    with pytest.raises(ValueError, match=message):
        list(process_documents(documents, **options))


def test_deadline_stops_a_runaway_regex_in_the_main_thread():
    import re

    deadline = Deadline(0.2)
    try:
        with pytest.raises(DocumentTimeout):
            with deadline:
                re.match(r"(a+)+$", "a" * 40 + "b")  # catastrophic backtracking
        with deadline:  # reusable, and a fast block passes
            sum(range(1000))
        time.sleep(0.3)  # nothing fires once the block is left
    finally:
        deadline.close()


def test_deadline_survives_code_that_swallows_its_exception():
    """An alarm that lands in a __del__ method (or a bare except) is lost; a later one is not."""
    deadline = Deadline(0.1)
    swallowed = 0
    try:
        with pytest.raises(DocumentTimeout):
            with deadline:
                until = time.monotonic() + 5
                try:
                    while time.monotonic() < until:
                        pass
                except DocumentTimeout:
                    swallowed += 1  # the first alarm's exception, swallowed
                while time.monotonic() < until:
                    pass
        assert swallowed == 1
        with pytest.raises(DocumentTimeout):  # swallowed every time: raised when the block ends
            with deadline:
                until = time.monotonic() + 0.3
                while time.monotonic() < until:
                    try:
                        time.sleep(0.01)
                    except DocumentTimeout:
                        pass
    finally:
        deadline.close()


def test_deadline_stops_python_code_on_another_thread():
    outcome = {}

    def work():
        deadline = Deadline(0.2)
        try:
            with deadline:
                while True:
                    pass
        except DocumentTimeout:
            outcome["late"] = True
        with deadline:
            outcome["fast"] = sum(range(1000))
        time.sleep(0.3)
        outcome["after"] = True

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)
    assert outcome == {"late": True, "fast": 499500, "after": True}


def test_a_killed_worker_process_does_not_stop_the_batch(documents, expected):
    psutil = pytest.importorskip("psutil")
    results = process_documents(documents, workers=2, chunk_size=2, window=4)
    done = [next(results)]
    # The pool's workers are forked by the forkserver, our child; kill one mid-batch.
    servers = [p for p in psutil.Process().children() if "forkserver" in " ".join(p.cmdline())]
    workers = [w for server in servers for w in server.children()]
    assert len(workers) == 2
    workers[0].kill()
    done.extend(results)
    assert dumps(done) == expected

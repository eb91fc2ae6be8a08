"""The Dask engine: chunks of documents as tasks on a Dask distributed cluster.

Without a scheduler address a `LocalCluster` of `workers` single-threaded worker
processes is started for the batch and shut down after it; with one (`tcp://host:8786`)
the batch runs on that cluster, whose workers need pressfacts installed and the rules
folder at the same path (or $PRESSFACTS_RULES set on them).

Each task is one chunk (`engines.ChunkRunner.run`). The pipeline is built once per
worker thread and kept in a thread-local cache keyed by rules folder and timeout,
so later tasks reuse it. The client keeps at most `window` chunks in flight and
collects them in input order, releasing each future as soon as its records are
yielded: the batch is never held whole, on the client or on the cluster.

Dask keeps the last `distributed.admin.low-level-log-length` (1,000) messages of every
connection for debugging, and a chunk's documents travel in those messages: at 64
documents a chunk that alone grew the scheduler by hundreds of MB over a 100,000
document batch. The engine sets it to `MESSAGE_LOG` for the client and the local
cluster it starts; set it on a scheduler of your own too
(`DASK_DISTRIBUTED__ADMIN__LOW_LEVEL_LOG_LENGTH=10 dask scheduler`).

Dask runs tasks on worker threads, where signals cannot be received, so the
per-document timeout uses the watchdog of `pipeline.deadlines` (it stops Python
code at once and a single long C call when it returns).
"""

from __future__ import annotations

import logging
import threading
from typing import Iterable, Iterator, Optional

from .engines import ChunkRunner, Result, in_order
from .extract import Document

_LOCAL = threading.local()
MESSAGE_LOG = 10


def run_chunk(rules_dir: Optional[str], timeout: Optional[float], chunk: list[Document]) -> list[Result]:
    """The task: this worker thread's pipeline (built on first use) over one chunk."""
    runners = _LOCAL.__dict__.setdefault("runners", {})
    key = (rules_dir, timeout)
    if key not in runners:
        runners[key] = ChunkRunner(rules_dir, timeout)
    return runners[key].run(chunk)


def run_on_dask(chunks: Iterable[list[Document]], *, rules_dir: Optional[str], workers: int,
                scheduler: Optional[str], timeout: Optional[float],
                window: Optional[int]) -> Iterator[Result]:
    """Results of `chunks` computed on Dask, in input order (see the module doc)."""
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set({"distributed.admin.low-level-log-length": MESSAGE_LOG}):
        cluster = None
        if scheduler is None:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster, set_as_default=False)
        else:
            client = Client(scheduler, set_as_default=False)
        try:
            slots = sum(client.nthreads().values()) or 1
            submit = lambda chunk: client.submit(run_chunk, rules_dir, timeout, chunk, pure=False)  # noqa: E731
            yield from in_order(chunks, submit, window or 2 * slots + 1)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

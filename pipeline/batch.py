"""One `pressfacts run`: ingest inputs, extract through an engine, write the output folder.

The output folder describes the inputs of the last run: one record per distinct
document content, the facts table, and one error per input that could not be
processed. Records already in `records.jsonl` from an earlier (or interrupted) run
with the same pipeline version, rules and code are reused, not recomputed.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from tqdm import tqdm

from .engines import process_documents
from .extract import Document
from .ingest import DEFAULT_MAX_BYTES, read_input
from .nlp import rules_dir as resolve_rules_dir
from .schema import PIPELINE_VERSION, ErrorRecord, Record
from .writers import (FACT_KINDS, ErrorLog, RecordLog, atomic_write, finalise_records, write_facts,
                      write_schema)

STATE_FILE = ".pressfacts-state.json"


@dataclass
class RunOptions:
    out_dir: Path = Path("outputs")
    rules_dir: Optional[Path] = None
    workers: int = 1
    engine: str = "local"
    scheduler: Optional[str] = None
    timeout: Optional[float] = None
    max_bytes: int = DEFAULT_MAX_BYTES
    force: bool = False
    parquet: bool = False
    progress: bool = True


@dataclass
class RunSummary:
    inputs: int = 0
    documents: int = 0  # distinct contents with a record
    extracted: int = 0
    reused: int = 0
    duplicates: int = 0
    errors: int = 0
    facts: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0

    def line(self) -> str:
        facts = ", ".join(f"{self.facts.get(kind, 0)} {_plural(kind)}" for kind in FACT_KINDS)
        return (f"{self.documents} documents ({self.extracted} extracted, {self.reused} reused, "
                f"{self.duplicates} duplicates) from {self.inputs} inputs; facts: {facts}; "
                f"{self.errors} errors; {self.seconds:.1f} s")


def run_batch(paths: list[str], options: RunOptions, *,
              on_error: Optional[Callable[[ErrorRecord], None]] = None) -> RunSummary:
    """Process `paths` into `options.out_dir` and return what happened.

    Errors go to errors.jsonl and to `on_error` (default: a line on stderr) as they
    happen; the batch always goes on. Output files are replaced whole at the end;
    records.jsonl grows line by line so that an interrupted run can be resumed.
    """
    started = time.monotonic()
    out_dir = Path(options.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    on_error = on_error or _print_error
    summary = RunSummary(inputs=len(paths))

    state = run_state(options.rules_dir)
    fresh = options.force or _read_state(out_dir) != state
    log = RecordLog.open(out_dir / "records.jsonl", fresh=fresh)
    _write_state(out_dir, state)
    reusable = {doc_id for doc_id, version in log.index.items() if version == PIPELINE_VERSION}

    sources_by_id: dict[str, list[str]] = {}
    failed_ids: set[str] = set()
    events: deque = deque()  # filled while the engine pulls documents, drained here
    errors = ErrorLog(out_dir / "errors.jsonl")
    bar = tqdm(total=len(paths), unit="doc", file=sys.stderr, disable=not options.progress or len(paths) < 2,
               dynamic_ncols=True)

    def report_error(error: ErrorRecord) -> None:
        errors.add(error)
        summary.errors += 1
        if error.doc_id:
            failed_ids.add(error.doc_id)
        on_error(error)

    def drain() -> None:
        while events:
            event = events.popleft()
            if isinstance(event, ErrorRecord):
                report_error(event)
            else:
                setattr(summary, event, getattr(summary, event) + 1)
            bar.update(1)

    try:
        documents = _new_documents(paths, options.max_bytes, sources_by_id, reusable, events)
        for result in process_documents(documents, rules_dir=options.rules_dir, workers=options.workers,
                                        engine=options.engine, scheduler=options.scheduler,
                                        timeout=options.timeout):
            drain()
            if isinstance(result, Record):
                log.append(result)
                summary.extracted += 1
            else:
                report_error(result)
            bar.update(1)
        drain()
    except BaseException as exc:  # Ctrl-C or a crash: keep records, leave the old errors.jsonl
        errors.abandon(exc)
        raise
    finally:
        log.close()
        bar.close()
    errors.commit()

    keep = {doc_id: names for doc_id, names in sources_by_id.items() if doc_id not in failed_ids}
    summary.documents = finalise_records(out_dir / "records.jsonl", keep)
    summary.facts = write_facts(out_dir / "records.jsonl", out_dir, parquet=options.parquet)
    write_schema(out_dir)
    write_companions(out_dir)
    summary.seconds = time.monotonic() - started
    return summary


def _new_documents(paths: Iterable[str], max_bytes: int, sources_by_id: dict[str, list[str]],
                   reusable: set[str], events: deque) -> Iterator[Document]:
    """Ingest `paths`; yield only documents that need extracting.

    Everything else becomes an event: an ErrorRecord, or the name of the summary
    counter to bump ("duplicates" for content already seen under another name,
    "reused" for a record already in the log). Only thread-safe deque appends
    happen here, in case an engine pulls documents from another thread.
    """
    for path in paths:
        try:
            ingested = read_input(path, max_bytes=max_bytes)
        except Exception as exc:  # a bug in ingest must cost one document, not the batch
            ingested = ErrorRecord(source=path, kind="failed", reason=f"ingest failed: {type(exc).__name__}: {exc}")
        if isinstance(ingested, ErrorRecord):
            events.append(ingested)
        elif ingested.doc_id in sources_by_id:
            sources_by_id[ingested.doc_id].append(path)
            events.append("duplicates")
        else:
            sources_by_id[ingested.doc_id] = [path]
            if ingested.doc_id in reusable:
                events.append("reused")
            else:
                yield ingested


def _print_error(error: ErrorRecord) -> None:
    tqdm.write(f"error: {error.source}: {error.reason} [{error.kind}]", file=sys.stderr)


def run_state(rules: Optional[Path]) -> dict:
    """What records depend on besides the text: pipeline version, rule files and code.

    The code's hash makes an edited checkout redo its records even where the
    developer did not bump PIPELINE_VERSION.
    """
    return {"pipeline_version": PIPELINE_VERSION,
            "rules": _tree_digest(resolve_rules_dir(rules), "*"),
            "code": _code_digest()}


@lru_cache(maxsize=None)
def _code_digest() -> str:
    """Hash of the package's code, taken once: the code this process runs, not later edits."""
    return _tree_digest(Path(__file__).resolve().parent, "*.py")


def _tree_digest(folder: Path, pattern: str) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _read_state(out_dir: Path) -> Optional[dict]:
    try:
        return json.loads((out_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_state(out_dir: Path, state: dict) -> None:
    with atomic_write(out_dir / STATE_FILE) as handle:
        json.dump(state, handle)


def write_companions(out_dir: Path) -> list[str]:
    """The project registry, then report.html, when those modules are installed; returns what ran."""
    ran = []
    try:
        from .registry import write_registry
    except ImportError:
        pass
    else:
        write_registry(out_dir)
        ran.append("registry")
    try:
        from .report import write_report
    except ImportError:
        pass
    else:
        write_report(out_dir)
        ran.append("report")
    return ran


def _plural(kind: str) -> str:
    return "countries" if kind == "country" else kind + "s"

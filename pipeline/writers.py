"""The files a run writes, each whole or not at all.

* `records.jsonl` is an append-only log while a batch runs (one line per record,
  written straight to the OS per line, fsync'd every `FSYNC_EVERY` lines), so a killed run keeps
  everything it finished. `RecordLog.open` drops a torn last line; `finalise_records`
  rewrites the log at the end of a run (temp file + `os.replace`) so that it holds
  exactly one line per input document, with every name of that content in `sources`.
* `facts.csv` (and the optional `facts.parquet/` dataset), `errors.jsonl` and
  `schema.json` are written to a temp name and renamed into place.

The facts table is built by streaming `records.jsonl` in chunks, so memory stays
flat however many records there are.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import IO, Iterable, Iterator, Optional

import pandas as pd

from .schema import ErrorRecord, Record, record_json_schema
from .sentences import sentence_around, sentence_bounds

FACT_KINDS = ("project", "official", "date", "amount", "country")
FACT_COLUMNS = ("doc_id", "source", "kind", "value", "text", "start", "end", "sentence", "project", "rule")
FSYNC_EVERY = 64
CHUNK_RECORDS = 500


@contextlib.contextmanager
def atomic_write(path: Path, mode: str = "w") -> Iterator[IO]:
    """Write `path` through a temp file beside it, renamed over `path` only on success."""
    path = Path(path)
    temp = path.with_name(f".{path.name}.tmp")
    handle = open(temp, mode, encoding=None if "b" in mode else "utf-8", newline=None if "b" in mode else "")
    try:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
        os.replace(temp, path)
    except BaseException:
        handle.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


def write_schema(out_dir: Path) -> None:
    with atomic_write(Path(out_dir) / "schema.json") as handle:
        json.dump(record_json_schema(), handle, indent=2)
        handle.write("\n")


class ErrorLog:
    """errors.jsonl for this run: collected in a temp file, renamed into place by `commit`.

    Until `commit`, the previous run's errors.jsonl (if any) stays as it was.
    """

    def __init__(self, path: Path):
        self._writer = atomic_write(Path(path))
        self._handle = self._writer.__enter__()
        self.count = 0

    def add(self, error: ErrorRecord) -> None:
        self._handle.write(error.model_dump_json() + "\n")
        self.count += 1

    def commit(self) -> None:
        self._writer.__exit__(None, None, None)

    def abandon(self, exc: BaseException) -> None:
        with contextlib.suppress(BaseException):
            self._writer.__exit__(type(exc), exc, exc.__traceback__)


class RecordLog:
    """records.jsonl opened for appending, with the (doc_id -> pipeline_version) already in it."""

    def __init__(self, path: Path, handle: IO[bytes], index: dict[str, str]):
        self.path = path
        self.index = index
        self._handle = handle  # unbuffered: nothing is left in a buffer to land after a truncate
        self._size = handle.seek(0, os.SEEK_END)
        self._unsynced = 0

    @classmethod
    def open(cls, path: Path, *, fresh: bool = False) -> "RecordLog":
        """Open (creating it if needed); `fresh` empties it first.

        Lines that do not parse (a torn last line from a killed run) are left out of
        the index and a torn tail is cut off, so appends start on a new line.
        """
        path = Path(path)
        if fresh or not path.exists():
            with atomic_write(path, "wb"):
                pass
        index: dict[str, str] = {}
        good_end = 0
        with open(path, "rb") as handle:
            for line in handle:
                parsed = _parse_line(line) if line.endswith(b"\n") else None
                if parsed is not None:
                    index[parsed["doc_id"]] = parsed.get("pipeline_version", "")
                    good_end = handle.tell()
        handle = open(path, "r+b", buffering=0)
        if good_end < os.path.getsize(path):
            handle.truncate(good_end)
        return cls(path, handle, index)

    def append(self, record: Record) -> None:
        """Add one line; once this returns the line survives a kill of this process.

        If it is interrupted (Ctrl-C) the partial line is cut off again, so an orderly
        stop never leaves a torn line behind.
        """
        line = memoryview(record.model_dump_json().encode("utf-8") + b"\n")
        try:
            written = 0
            while written < len(line):
                written += self._handle.write(line[written:])
        except BaseException:
            self._handle.truncate(self._size)
            self._handle.seek(self._size)
            raise
        self._size += len(line)
        self._unsynced += 1
        if self._unsynced >= FSYNC_EVERY:
            self.sync()

    def sync(self) -> None:
        os.fsync(self._handle.fileno())  # ... and a crash of the machine
        self._unsynced = 0

    def close(self) -> None:
        if not self._handle.closed:
            self.sync()
            self._handle.close()


def _parse_line(line: bytes) -> Optional[dict]:
    try:
        parsed = json.loads(line)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) and isinstance(parsed.get("doc_id"), str) else None


def iter_record_dicts(path: Path) -> Iterator[dict]:
    """Every parseable record in a records.jsonl, in file order."""
    with open(path, "rb") as handle:
        for line in handle:
            parsed = _parse_line(line)
            if parsed is not None:
                yield parsed


def finalise_records(path: Path, sources_by_id: dict[str, list[str]]) -> int:
    """Rewrite records.jsonl to one line per doc_id in `sources_by_id`, in its order of first writing.

    The last line written for a doc_id wins (a re-run appends newer ones); records of
    documents not in `sources_by_id` are dropped; `sources` and `source` are set
    from `sources_by_id`. Returns the number of records kept.
    """
    path = Path(path)
    last_line: dict[str, int] = {}
    for number, record in enumerate(_numbered(path)):
        if record is not None and record["doc_id"] in sources_by_id:
            last_line[record["doc_id"]] = number
    with atomic_write(path, "wb") as out, open(path, "rb") as handle:
        for number, line in enumerate(handle):
            record = _parse_line(line)
            if record is None or last_line.get(record["doc_id"]) != number:
                continue
            sources = sources_by_id[record["doc_id"]]
            if record.get("sources") != sources or record.get("source") != sources[0]:
                record["sources"], record["source"] = list(sources), sources[0]
                line = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
            out.write(line)
    return len(last_line)


def _numbered(path: Path) -> Iterator[Optional[dict]]:
    with open(path, "rb") as handle:
        for line in handle:
            yield _parse_line(line)


# --- the facts table ----------------------------------------------------------------


def fact_rows(record: dict) -> list[dict]:
    """One row per fact mention of a record (a record as parsed from records.jsonl).

    Dates and amounts have one mention each; countries, officials and projects one
    row per mention (one row with empty offsets if an item has none). `project`
    names the project a date or amount belongs to, when the record links them.
    """
    text = record["text"]
    bounds = sentence_bounds(text)
    base = {"doc_id": record["doc_id"], "source": record["source"]}
    linked = _project_links(record)
    rows: list[dict] = []

    def add(kind: str, item: dict, value: str, mention: Optional[dict], project: Optional[str]) -> None:
        row = dict(base, kind=kind, value=value, project=project, rule=item.get("rule") or kind,
                   text=None, start=None, end=None, sentence=None)
        if mention is not None:
            start, end = mention["start"], mention["end"]
            s_start, s_end = sentence_around(text, start, end, bounds)
            row.update(text=mention["text"], start=start, end=end, sentence=text[s_start:s_end])
        rows.append(row)

    for project in record.get("projects", []):
        label = project_label(project)
        for mention in project.get("mentions") or [None]:
            add("project", project, label, mention, label)
    for official in record.get("officials", []):
        for mention in official.get("mentions") or [None]:
            add("official", official, official["name"], mention, None)
    for date in record.get("dates", []):
        add("date", date, date["value"], date, linked.get(("date", date["start"], date["end"])))
    for amount in record.get("amounts", []):
        project = linked.get(("amount", amount["start"], amount["end"])) or _budget_owner(record, amount)
        add("amount", amount, format_amount(amount["value"], amount["currency"]), amount, project)
    for country in record.get("countries", []):
        for mention in country.get("mentions") or [None]:
            add("country", country, country["code"], mention, None)
    return rows


def project_label(project: dict) -> str:
    return project.get("acronym") or project.get("name") or ""


def format_amount(value: float, currency: str) -> str:
    """'2500000 EUR', '1250.5 USD': the plain number, never in exponent notation."""
    number = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{number} {currency}"


def _project_links(record: dict) -> dict[tuple, str]:
    """(kind, start, end) of dates and amounts -> the project whose evidence points at them."""
    links: dict[tuple, str] = {}
    for project in record.get("projects", []):
        label = project_label(project)
        for key, mentions in (project.get("evidence") or {}).items():
            kind = "amount" if key == "budget" else "date" if key in ("start", "end") else None
            for mention in mentions if kind else []:
                links.setdefault((kind, mention["start"], mention["end"]), label)
    projects = record.get("projects", [])
    if len(projects) == 1:  # a dated role with a single project can only be about that one
        for date in record.get("dates", []):
            if date.get("role") in ("start", "end", "signed"):
                links.setdefault(("date", date["start"], date["end"]), project_label(projects[0]))
    return links


def _budget_owner(record: dict, amount: dict) -> Optional[str]:
    for project in record.get("projects", []):
        budget = project.get("budget") or {}
        if budget.get("currency") == amount["currency"] and budget.get("value") == amount["value"]:
            return project_label(project)
    return None


def iter_fact_frames(records_path: Path, chunk: int = CHUNK_RECORDS) -> Iterator[pd.DataFrame]:
    """The facts table of a records.jsonl, `chunk` records at a time."""
    rows: list[dict] = []
    pending = 0
    for record in iter_record_dicts(records_path):
        rows.extend(fact_rows(record))
        pending += 1
        if pending >= chunk:
            yield facts_frame(rows)
            rows, pending = [], 0
    if rows or pending:
        yield facts_frame(rows)


def facts_frame(rows: Iterable[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=list(FACT_COLUMNS))
    for column in ("start", "end"):
        frame[column] = frame[column].astype("Int64")
    return frame


def write_facts(records_path: Path, out_dir: Path, *, parquet: bool = False) -> Counter:
    """facts.csv (and facts.parquet/, partitioned by kind) from records.jsonl; returns counts per kind."""
    out_dir = Path(out_dir)
    counts: Counter = Counter({kind: 0 for kind in FACT_KINDS})
    parquet_temp = out_dir / ".facts.parquet.tmp"
    shutil.rmtree(parquet_temp, ignore_errors=True)
    with atomic_write(out_dir / "facts.csv") as handle:
        header = True
        for number, frame in enumerate(iter_fact_frames(records_path)):
            frame.to_csv(handle, index=False, header=header, lineterminator="\n")
            header = False
            counts.update(frame["kind"].value_counts().to_dict())
            if parquet and len(frame):
                _append_parquet(frame, parquet_temp, number)
        if header:  # no records at all: still a table with its header
            facts_frame([]).to_csv(handle, index=False, lineterminator="\n")
    final = out_dir / "facts.parquet"
    if parquet:
        parquet_temp.mkdir(exist_ok=True)
        _replace_dir(parquet_temp, final)
    else:
        shutil.rmtree(final, ignore_errors=True)  # a stale table from an earlier run would mislead
    return counts


def _append_parquet(frame: pd.DataFrame, root: Path, number: int) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, schema=_arrow_schema(), preserve_index=False)
    pq.write_to_dataset(table, root_path=str(root), partition_cols=["kind"],
                        basename_template=f"part-{number:06d}-{{i}}.parquet")


def _arrow_schema():
    import pyarrow as pa

    types = {"start": pa.int64(), "end": pa.int64()}
    return pa.schema([(column, types.get(column, pa.string())) for column in FACT_COLUMNS])


def _replace_dir(new: Path, final: Path) -> None:
    """Swap a finished folder into place; readers see the old or the new one, never a mix."""
    old = final.with_name(f".{final.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        os.replace(final, old)
    os.replace(new, final)
    shutil.rmtree(old, ignore_errors=True)

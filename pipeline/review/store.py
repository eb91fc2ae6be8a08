"""Review decisions in SQLite (`DIR/review.sqlite`), safe for several reviewers at once.

Two tables:

- `decisions`: one row per (doc_id, fact_key) a reviewer has touched: status
  (accepted | rejected | corrected | pending), the corrected value, and a version that
  grows by one with every change. A change names the version it was made on; if the row
  has moved on since, the change is refused (`StaleDecision`) instead of overwriting a
  colleague's decision.
- `added_facts`: facts a reviewer added from a text selection (kind, value, offsets).
  Their key is `added-<id>`, and their later decisions live in `decisions` like any other.

Rows are keyed by doc_id (a hash of the text) and fact keys (see `facts.fact_key`), never
by line numbers or run ids, so a later run over the same documents finds them again.
Every call opens its own connection: the web server answers from many threads.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Optional

STATUSES = ("pending", "accepted", "rejected", "corrected")
DOCUMENT_KEY = "document"  # a decision about a whole document ("nothing to review here")

SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    doc_id     TEXT NOT NULL,
    fact_key   TEXT NOT NULL,
    kind       TEXT NOT NULL,
    status     TEXT NOT NULL,
    value      TEXT,
    version    INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, fact_key)
);
CREATE TABLE IF NOT EXISTS added_facts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id     TEXT NOT NULL,
    kind       TEXT NOT NULL,
    value      TEXT NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS added_facts_doc ON added_facts (doc_id);
"""


@dataclass(frozen=True)
class Decision:
    doc_id: str
    fact_key: str
    kind: str
    status: str
    value: Optional[dict[str, Any]]
    version: int
    updated_at: str


@dataclass(frozen=True)
class AddedFact:
    id: int
    doc_id: str
    kind: str
    value: dict[str, Any]
    start: int
    end: int
    text: str

    @property
    def key(self) -> str:
        return f"added-{self.id}"


class StaleDecision(Exception):
    """The fact changed since the reviewer saw it; `current` is what it is now."""

    def __init__(self, current: Optional[Decision], expected: int):
        self.current = current
        self.expected = expected
        now = current.status if current else "pending"
        version = current.version if current else 0
        super().__init__(
            f"Someone else changed this fact since you loaded it (it is now {now}, version {version}; "
            f"you saw version {expected}). Their decision is kept: look at it and decide again."
        )


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _decision(row: sqlite3.Row) -> Decision:
    return Decision(
        doc_id=row["doc_id"],
        fact_key=row["fact_key"],
        kind=row["kind"],
        status=row["status"],
        value=json.loads(row["value"]) if row["value"] else None,
        version=row["version"],
        updated_at=row["updated_at"],
    )


class ReviewStore:
    def __init__(self, path: Path):
        self.path = Path(path)
        with self._connection() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(SCHEMA)

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.row_factory = sqlite3.Row
        try:
            yield conn
        finally:
            conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction that holds the write lock from its first read."""
        with self._connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # --- reading --------------------------------------------------------------------

    def decision(self, doc_id: str, fact_key: str) -> Optional[Decision]:
        with self._connection() as conn:
            row = conn.execute(
                "SELECT * FROM decisions WHERE doc_id = ? AND fact_key = ?", (doc_id, fact_key)
            ).fetchone()
        return _decision(row) if row else None

    def decisions(self, doc_id: Optional[str] = None) -> dict[str, dict[str, Decision]]:
        """doc_id -> fact_key -> decision (for one document, or all)."""
        query, args = "SELECT * FROM decisions", ()
        if doc_id is not None:
            query, args = query + " WHERE doc_id = ?", (doc_id,)
        result: dict[str, dict[str, Decision]] = {}
        with self._connection() as conn:
            for row in conn.execute(query, args):
                result.setdefault(row["doc_id"], {})[row["fact_key"]] = _decision(row)
        return result

    def added_facts(self, doc_id: Optional[str] = None) -> dict[str, list[AddedFact]]:
        """doc_id -> facts reviewers added, oldest first."""
        query, args = "SELECT * FROM added_facts", ()
        if doc_id is not None:
            query, args = query + " WHERE doc_id = ?", (doc_id,)
        result: dict[str, list[AddedFact]] = {}
        with self._connection() as conn:
            for row in conn.execute(query + " ORDER BY id", args):
                fact = AddedFact(
                    id=row["id"], doc_id=row["doc_id"], kind=row["kind"], value=json.loads(row["value"]),
                    start=row["start"], end=row["end"], text=row["text"],
                )
                result.setdefault(fact.doc_id, []).append(fact)
        return result

    # --- writing --------------------------------------------------------------------

    def decide(
        self,
        doc_id: str,
        fact_key: str,
        kind: str,
        status: str,
        expected_version: int,
        value: Optional[dict[str, Any]] = None,
    ) -> Decision:
        """Record a decision made on `expected_version` of the fact; refuse it if stale."""
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        if (status == "corrected") != (value is not None):
            raise ValueError("a correction needs a value, and only a correction has one")
        with self._write() as conn:
            row = conn.execute(
                "SELECT * FROM decisions WHERE doc_id = ? AND fact_key = ?", (doc_id, fact_key)
            ).fetchone()
            current = _decision(row) if row else None
            if (current.version if current else 0) != expected_version:
                raise StaleDecision(current, expected_version)
            decision = Decision(
                doc_id=doc_id, fact_key=fact_key, kind=kind, status=status, value=value,
                version=expected_version + 1, updated_at=_now(),
            )
            conn.execute(
                "INSERT OR REPLACE INTO decisions (doc_id, fact_key, kind, status, value, version, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (doc_id, fact_key, kind, status, json.dumps(value) if value is not None else None,
                 decision.version, decision.updated_at),
            )
        return decision

    def add_fact(self, doc_id: str, kind: str, value: dict[str, Any], start: int, end: int, text: str) -> AddedFact:
        with self._write() as conn:
            cursor = conn.execute(
                'INSERT INTO added_facts (doc_id, kind, value, start, "end", text, created_at)'
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (doc_id, kind, json.dumps(value), start, end, text, _now()),
            )
            fact_id = cursor.lastrowid
        return AddedFact(id=fact_id, doc_id=doc_id, kind=kind, value=value, start=start, end=end, text=text)

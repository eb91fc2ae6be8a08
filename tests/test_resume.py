"""Kill `python -m pipeline run` mid-batch: every file left is whole, and a re-run finishes the job."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.schema import ErrorRecord, Record

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = 300


def make_corpus(folder: Path) -> None:
    """DOCUMENTS distinct texts: corpus documents, each with its own closing line."""
    sources = sorted((ROOT / "corpus" / "dev").glob("d0*.txt"))
    folder.mkdir()
    for n in range(DOCUMENTS):
        text = sources[n % len(sources)].read_text(encoding="utf-8")
        (folder / f"doc{n:03d}.txt").write_text(f"{text}\nThe EU grant no. {n} of EUR {n + 1} million was signed.\n")
    (folder / "broken.txt").write_bytes(b"%PDF-1.5 not a text")


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """A frozen copy of the package and rules, run with `python -m pipeline` from there.

    Records are reused only while code and rules are unchanged; the copy keeps edits
    made to the working tree during the test from making every run start afresh.
    """
    folder = tmp_path_factory.mktemp("checkout")
    for name in ("pipeline", "rules"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def pressfacts(checkout: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "run", *args], cwd=checkout,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def line_count(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def wait_for_lines(process: subprocess.Popen, path: Path, lines: int) -> None:
    """Return once `path` has `lines` lines and `process` is still running."""
    deadline = time.monotonic() + 120
    while line_count(path) < lines and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    if process.poll() is not None:
        _, err = process.communicate()
        pytest.fail(f"the run ended (status {process.returncode}) before it could be stopped: {err.decode()[-2000:]}")


def check_whole(out: Path) -> None:
    """Every output file present parses; records.jsonl may end in one torn line, nothing else."""
    lines = (out / "records.jsonl").read_bytes().split(b"\n")
    for line in lines[:-1]:
        Record.model_validate_json(line)
    for name in ("errors.jsonl",):
        if (out / name).exists():
            for line in (out / name).read_text().splitlines():
                ErrorRecord.model_validate_json(line)
    if (out / "schema.json").exists():
        json.loads((out / "schema.json").read_text())
    assert not (out / "facts.csv").exists(), "facts.csv is written at the end of a run only"


def records_by_id(out: Path) -> dict[str, dict]:
    parsed = [json.loads(line) for line in (out / "records.jsonl").read_text().splitlines()]
    return {record["doc_id"]: record for record in parsed}


@pytest.mark.slow
def test_killed_run_resumes_to_the_same_result(tmp_path, checkout):
    inputs, killed, clean = tmp_path / "in", tmp_path / "killed", tmp_path / "clean"
    make_corpus(inputs)

    victim = pressfacts(checkout, str(inputs), "--out", str(killed))
    wait_for_lines(victim, killed / "records.jsonl", 40)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    done = line_count(killed / "records.jsonl")
    assert 40 <= done < DOCUMENTS
    check_whole(killed)

    resumed = pressfacts(checkout, str(inputs), "--out", str(killed))
    uninterrupted = pressfacts(checkout, str(inputs), "--out", str(clean))
    out, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 1, err  # broken.txt
    assert f"from {DOCUMENTS + 1} inputs" in out.decode() and "1 errors" in out.decode()
    assert "reused" in out.decode() and " 0 reused" not in out.decode()

    out, err = uninterrupted.communicate(timeout=120)
    assert uninterrupted.returncode == 1, err
    assert records_by_id(killed) == records_by_id(clean)
    assert len(records_by_id(clean)) == DOCUMENTS
    assert (killed / "facts.csv").read_text() == (clean / "facts.csv").read_text()
    assert (killed / "errors.jsonl").read_text() == (clean / "errors.jsonl").read_text()
    assert [os.path.basename(e["source"]) for e in map(json.loads, (clean / "errors.jsonl").read_text().splitlines())] \
        == ["broken.txt"]


@pytest.mark.slow
def test_ctrl_c_stops_cleanly_with_status_130(tmp_path, checkout):
    inputs, out = tmp_path / "in", tmp_path / "out"
    make_corpus(inputs)
    run = pressfacts(checkout, str(inputs), "--out", str(out))
    wait_for_lines(run, out / "records.jsonl", 10)
    run.send_signal(signal.SIGINT)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 130, err
    assert "interrupted: records so far are kept in" in err.decode()
    lines = (out / "records.jsonl").read_text().splitlines()
    assert 10 <= len(lines) < DOCUMENTS
    for line in lines:  # an orderly stop leaves no torn line
        Record.model_validate_json(line)
    assert not (out / "errors.jsonl").exists() and not (out / "facts.csv").exists()
    assert not list(out.glob(".*.tmp")), "temp files are removed on an orderly stop"

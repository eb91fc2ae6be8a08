"""The review app's project registry: `GET /api/projects` and the `/projects` page."""

from __future__ import annotations

import http.client
import json
import os
from pathlib import Path

import pytest
from review_helpers import quiet_record, sample_record, write_run

from pipeline.review.server import start_in_thread



@pytest.fixture()
def serve():
    servers = []

    def start(run):
        servers.append(start_in_thread(run, port=0))
        return servers[-1]

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def call(server, method, path, headers=None):
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=30)
    conn.request(method, path, headers=headers or {})
    response = conn.getresponse()
    raw = response.read()
    conn.close()
    is_json = response.getheader("Content-Type", "").startswith("application/json")
    return response.status, (json.loads(raw) if is_json else raw.decode()), response


def by_key(projects):
    return {p["key"]: p for p in projects}


def test_projects_of_the_seeds_with_their_documents(seeds_run, serve):
    server = serve(seeds_run)
    assert server.server_address[0] == "127.0.0.1"
    status, body, response = call(server, "GET", "/api/projects")
    assert status == 200 and response.getheader("Content-Type").startswith("application/json")
    projects = by_key(body["projects"])
    assert {"MOBILAZE", "MOBILAZE-2", "RESTART"} <= set(projects)

    mobilaze = projects["MOBILAZE"]
    assert (mobilaze["start"], mobilaze["end"]) == ("2016-01-15", "2019-07-14")
    assert mobilaze["budget"] == {"value": 2_500_000, "currency": "EUR"}
    assert {Path(d["source"]).name[:3] for d in mobilaze["documents"]} == {"000", "001", "002"}
    assert {Path(d["source"]).name[:3] for d in projects["RESTART"]["documents"]} == {"002"}

    # Every document and every piece of evidence names a document the app can open, and
    # every quoted span is the text at its offsets.
    _, summary, _ = call(server, "GET", "/api/summary")
    texts = {d["doc_id"]: call(server, "GET", f"/api/docs/{d['doc_id']}")[1]["text"] for d in summary["documents"]}
    assert {d["doc_id"] for d in mobilaze["documents"]} <= set(texts)
    claims = [*mobilaze["starts"], *mobilaze["ends"], *mobilaze["budgets"], *mobilaze["funders"],
              *mobilaze["implementers"], *mobilaze["names"]]
    evidence = [e for claim in claims for e in claim["evidence"]]
    assert evidence and any(e["text"] == "January 15, 2016" for e in evidence)
    for e in evidence:
        assert e["doc_id"] in texts
        if e["start"] is not None:
            assert texts[e["doc_id"]][e["start"]:e["end"]] == e["text"]
    assert [(e["kind"], e["date"]) for e in mobilaze["events"]][-1] == ("finished", "2019-07-14")


def test_the_registry_is_built_when_missing_and_rebuilt_when_records_are_newer(tmp_path, serve):
    run = write_run(tmp_path / "run")
    assert not (run / "projects.jsonl").exists()
    server = serve(run)
    status, body, _ = call(server, "GET", "/api/projects")
    assert status == 200 and (run / "projects.jsonl").exists()
    [entry] = body["projects"]
    assert entry["key"] == "MOBILAZE-2" and entry["documents"][0]["doc_id"] == sample_record().doc_id
    assert entry["starts"][0]["evidence"][0]["text"] == "June 1, 2021"

    # A new run rewrites records.jsonl: the registry follows.
    other = sample_record().model_copy(update={"projects": [
        sample_record().projects[0].model_copy(update={"acronym": "MOBILAZE-3"})]})
    write_run(run, [other])
    stamp = (run / "projects.jsonl").stat().st_mtime - 10
    os.utime(run / "projects.jsonl", (stamp, stamp))
    _, body, _ = call(server, "GET", "/api/projects")
    assert [p["key"] for p in body["projects"]] == ["MOBILAZE-3"]

    # A registry left by an older version (fields it no longer knows) is rebuilt, not an error.
    (run / "projects.jsonl").write_text('{"key": "OLD", "retired_field": 1}\n', encoding="utf-8")
    status, body, _ = call(server, "GET", "/api/projects")
    assert status == 200 and [p["key"] for p in body["projects"]] == ["MOBILAZE-3"]


def test_a_run_without_projects_has_an_empty_registry(tmp_path, serve):
    server = serve(write_run(tmp_path / "run", [quiet_record()]))
    assert call(server, "GET", "/api/projects")[:2] == (200, {"projects": []})


def test_the_projects_page_is_static_locked_down_and_linked(tmp_path, serve):
    server = serve(write_run(tmp_path / "run"))
    for path in ("/projects", "/projects.html"):
        status, page, response = call(server, "GET", path)
        assert status == 200 and '<script src="/static/projects.js"></script>' in page
        assert "default-src 'none'" in response.getheader("Content-Security-Policy")
        assert "http://" not in page and "https://" not in page
        assert 'href="/"' in page  # back to the documents
    status, script, response = call(server, "GET", "/static/projects.js")
    assert status == 200 and "javascript" in response.getheader("Content-Type")
    assert "innerHTML" not in script and "http://" not in script and "https://" not in script
    for path in ("/", "/doc/x"):
        assert 'href="/projects"' in call(server, "GET", path)[1]
    status, body, _ = call(server, "GET", "/api/projects", headers={"Host": "attacker.example:80"})
    assert status == 403 and "Host" in body["error"]

"""The review app's HTTP API, against a real server on an ephemeral loopback port."""

from __future__ import annotations

import http.client
import json

import pytest
from review_helpers import HOSTILE, TEXT, quiet_record, sample_record, write_run

from pipeline.review.server import start_in_thread

DOC = sample_record().doc_id


@pytest.fixture()
def server(tmp_path):
    server = start_in_thread(write_run(tmp_path / "run"), port=0)
    yield server
    server.shutdown()
    server.server_close()


def call(server, method, path, body=None, headers=None):
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=10)
    sent = {"Content-Type": "application/json"} if body is not None else {}
    sent.update(headers or {})
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=sent)
    response = conn.getresponse()
    raw = response.read()
    conn.close()
    is_json = response.getheader("Content-Type", "").startswith("application/json")
    return response.status, (json.loads(raw) if is_json else raw.decode()), response


def facts_by_label(server):
    _, doc, _ = call(server, "GET", f"/api/docs/{DOC}")
    return {f["label"]: f for f in doc["facts"]}


def decide(server, fact, status, version=None, value=None):
    body = {"status": status, "version": fact["version"] if version is None else version}
    if value is not None:
        body["value"] = value
    return call(server, "POST", f"/api/docs/{DOC}/facts/{fact['key']}/decision", body)


def test_it_listens_on_loopback_and_lists_documents_with_progress(server):
    assert server.server_address[0] == "127.0.0.1" and server.server_address[1] > 0
    status, summary, _ = call(server, "GET", "/api/summary")
    assert status == 200
    assert [d["source"] for d in summary["documents"]] == ["sample.txt", "quiet.txt"]
    assert summary["totals"]["facts"] == 8 and summary["totals"]["pending"] == 8
    assert summary["documents"][0]["by_kind"] == {"project": 1, "official": 1, "date": 3, "amount": 1, "country": 2}


def test_a_document_comes_with_its_text_and_facts(server):
    status, doc, _ = call(server, "GET", f"/api/docs/{DOC}")
    assert status == 200 and doc["text"] == TEXT and doc["next"] == quiet_record().doc_id
    project = next(f for f in doc["facts"] if f["kind"] == "project")
    assert project["label"] == "Support to the Implementation of the Mobility Partnership with Azerbaijan (MOBILAZE-2)"
    assert {s["role"] for s in project["spans"]} == {"mention", "start", "budget"}
    for f in doc["facts"]:
        for s in f["spans"]:
            assert TEXT[s["start"]:s["end"]] == s["text"]


def test_accept_then_a_stale_decision_is_refused_with_409(server):
    amount = facts_by_label(server)["2,500,000 EUR"]
    status, body, _ = decide(server, amount, "accepted")
    assert status == 200 and body["fact"]["status"] == "accepted" and body["fact"]["version"] == 1

    status, body, _ = decide(server, amount, "rejected", version=0)  # a second reviewer's old page
    assert status == 409
    assert "Someone else changed this fact" in body["error"]
    assert body["fact"]["status"] == "accepted" and body["fact"]["version"] == 1
    assert facts_by_label(server)["2,500,000 EUR"]["status"] == "accepted"

    status, body, _ = decide(server, body["fact"], "pending")  # undo, on the version now shown
    assert status == 200 and (body["fact"]["status"], body["fact"]["version"]) == ("pending", 2)


def test_a_bad_correction_is_refused_with_a_message_and_a_good_one_is_kept(server):
    date = facts_by_label(server)["2024-05-31 (end)"]
    status, body, _ = decide(server, date, "corrected", value={"value": "2024-13-01", "role": "end"})
    assert status == 400 and "is not YYYY, YYYY-MM or YYYY-MM-DD" in body["error"]
    status, body, _ = decide(server, date, "corrected", value={"value": "2024-06", "role": "end"})
    assert status == 200 and body["fact"]["label"] == "2024-06 (end)"
    assert body["fact"]["original"]["value"] == "2024-05-31"


def test_adding_a_missed_official_from_offsets(server):
    start = TEXT.index("Ramiz Hasanov")
    status, body, _ = call(server, "POST", f"/api/docs/{DOC}/facts",
                           {"kind": "official", "start": start, "end": start + 13, "value": {"name": "Ramiz Hasanov"}})
    assert status == 201
    added = body["fact"]
    assert added["status"] == "added" and added["spans"][0]["text"] == "Ramiz Hasanov"
    assert facts_by_label(server)["Ramiz Hasanov"]["key"] == added["key"]
    status, body, _ = call(server, "POST", f"/api/docs/{DOC}/facts",
                           {"kind": "currency", "start": start, "end": start + 13, "value": {}})
    assert status == 400 and "kind must be one of" in body["error"]


def test_the_list_filters_by_kind_and_status(server):
    decide(server, facts_by_label(server)["2,500,000 EUR"], "rejected")
    _, summary, _ = call(server, "GET", "/api/summary?kind=amount&status=rejected")
    assert [(d["source"], d["matching"]) for d in summary["documents"]] == [("sample.txt", 1)]
    assert summary["totals"]["rejected"] == 1
    _, summary, _ = call(server, "GET", "/api/summary?kind=official&status=rejected")
    assert summary["documents"] == []
    _, doc, _ = call(server, "GET", f"/api/docs/{DOC}?kind=amount&status=rejected")
    assert (doc["next"], doc["count"]) == (None, 1)  # next/previous stay within the filtered list


def test_a_document_without_facts_can_be_marked_reviewed(server):
    quiet = quiet_record().doc_id
    status, doc, _ = call(server, "POST", f"/api/docs/{quiet}/reviewed", {"reviewed": True, "version": 0})
    assert status == 200 and doc["status"] == "reviewed"
    status, body, _ = call(server, "POST", f"/api/docs/{quiet}/reviewed", {"reviewed": False, "version": 0})
    assert status == 409 and "Someone else changed" in body["error"]


def test_requests_from_elsewhere_are_refused(server):
    status, body, _ = call(server, "GET", "/api/summary", headers={"Host": "attacker.example:80"})
    assert status == 403 and "Host" in body["error"]
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request("POST", f"/api/docs/{DOC}/facts", body="kind=date", headers={"Content-Type": "text/plain"})
    response = conn.getresponse()
    assert response.status == 400 and "send JSON" in json.loads(response.read())["error"]
    conn.close()
    assert call(server, "GET", "/api/docs/nope")[0] == 404


def test_pages_are_static_and_locked_down(server):
    status, page, response = call(server, "GET", f"/doc/{DOC}")
    assert status == 200 and "<script src=\"/static/doc.js\"></script>" in page
    assert HOSTILE not in page and "window.pwned" not in page  # the text only ever travels as JSON
    policy = response.getheader("Content-Security-Policy")
    assert "script-src 'self'" in policy and "default-src 'none'" in policy
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    status, css, response = call(server, "GET", "/static/review.css")
    assert status == 200 and response.getheader("Content-Type").startswith("text/css") and "mark.hl" in css
    assert call(server, "GET", "/static/..%2Fserver.py")[0] == 404


def test_the_review_command_prints_where_it_listens(tmp_path):
    import subprocess
    import sys

    run = write_run(tmp_path / "run")
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "review", str(run), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        while not (lines and lines[-1].startswith("Open ")):
            line = process.stdout.readline()
            assert line, "the command ended early:\n" + "".join(lines)
            lines.append(line)
        assert "Listening on 127.0.0.1 only" in "".join(lines)
        url = lines[-1].split()[1]
        assert url.startswith("http://127.0.0.1:")
        host, port = url[len("http://"):].rstrip("/").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        conn.request("GET", "/api/summary")
        assert json.loads(conn.getresponse().read())["totals"]["documents"] == 2
        conn.close()
    finally:
        process.terminate()
        process.wait(timeout=10)

"""The review web app: a small JSON API and static pages over a `ReviewSession`.

Standard library only (ThreadingHTTPServer). Pages are static files; the document
text reaches the browser only as JSON and is put on the page as text nodes, never as
HTML. The Content-Security-Policy allows scripts from this server alone, as a second
line of defence against markup in press releases.

The app listens on 127.0.0.1 unless told otherwise. Writes need a JSON body (so a form
on another site cannot post to it) and, on loopback, a Host header naming loopback (so
a rebound DNS name cannot reach it).

API
  GET  /api/summary?kind=&status=                     progress and the document list
  GET  /api/docs/<doc_id>?kind=&status=               text, facts, status, neighbours (filtered)
  GET  /api/projects                                  {"projects": [registry entry, ...]} (projects.jsonl)
  POST /api/docs/<doc_id>/facts/<key>/decision        {status, version, value?}
  POST /api/docs/<doc_id>/facts                       {kind, start, end, value}
  POST /api/docs/<doc_id>/reviewed                    {reviewed, version}
Errors are {"error": message}: 400 invalid value, 404 unknown, 409 stale version.
"""

from __future__ import annotations

import ipaddress
import json
import mimetypes
import re
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Optional
from urllib.parse import parse_qs, urlsplit

from .session import InvalidValue, NotFound, ReviewSession, StaleDecision

STATIC = Path(__file__).parent / "static"
MAX_BODY = 1_000_000

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ReviewHandler(BaseHTTPRequestHandler):
    server: ReviewServer
    protocol_version = "HTTP/1.1"

    # --- plumbing -----------------------------------------------------------------

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, payload: Any) -> None:
        self._send(status, json.dumps(payload).encode("utf-8"), "application/json; charset=utf-8")

    def _error(self, status: int, message: str, **extra: Any) -> None:
        self._json(status, {"error": message, **extra})

    def _host_allowed(self) -> bool:
        if not self.server.loopback_only:
            return True
        host = (self.headers.get("Host") or "").strip()
        name = host[1:].split("]")[0] if host.startswith("[") else host.rsplit(":", 1)[0]
        return is_loopback(name)

    def _body(self) -> dict[str, Any]:
        if (self.headers.get("Content-Type") or "").split(";")[0].strip() != "application/json":
            raise InvalidValue("send JSON (Content-Type: application/json)")
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise InvalidValue("request too large")
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except json.JSONDecodeError as exc:
            raise InvalidValue(f"bad JSON: {exc}") from None
        if not isinstance(body, dict):
            raise InvalidValue("send a JSON object")
        return body

    def _static(self, name: str) -> None:
        path = (STATIC / name).resolve()
        if STATIC.resolve() not in path.parents or not path.is_file():
            self._error(HTTPStatus.NOT_FOUND, "not found")
            return
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith("javascript"):
            content_type += "; charset=utf-8"
        self._send(HTTPStatus.OK, path.read_bytes(), content_type)

    def _dispatch(self, routes: list[tuple[re.Pattern[str], Callable[..., None]]]) -> None:
        if not self._host_allowed():
            self._error(HTTPStatus.FORBIDDEN, "unexpected Host header")
            return
        path = urlsplit(self.path).path
        for pattern, handler in routes:
            match = pattern.match(path)
            if match:
                try:
                    handler(*match.groups())
                except NotFound as exc:
                    self._error(HTTPStatus.NOT_FOUND, str(exc))
                except StaleDecision as exc:
                    self._error(HTTPStatus.CONFLICT, str(exc), fact=self._current_fact(exc))
                except (InvalidValue, ValueError, TypeError) as exc:
                    self._error(HTTPStatus.BAD_REQUEST, str(exc))
                except ConnectionError:  # the browser went away mid-answer: nobody to tell
                    pass
                except Exception as exc:
                    self.log_error("%s failed: %r", path, exc)
                    self._error(HTTPStatus.INTERNAL_SERVER_ERROR, f"the review app failed: {exc}")
                return
        self._error(HTTPStatus.NOT_FOUND, "not found")

    def _current_fact(self, exc: StaleDecision) -> Optional[dict[str, Any]]:
        current = exc.current
        if current is None:
            return None
        for fact in self.server.session.facts(current.doc_id):
            if fact.fact.key == current.fact_key:
                return fact.to_json()
        return None

    # --- routes -------------------------------------------------------------------

    def do_GET(self) -> None:
        self._dispatch([
            (re.compile(r"^/api/summary$"), self._get_summary),
            (re.compile(r"^/api/docs/([^/]+)$"), self._get_document),
            (re.compile(r"^/api/projects$"), self._get_projects),
            (re.compile(r"^/static/([A-Za-z0-9_.-]+)$"), self._static),
            (re.compile(r"^(/|/index\.html)$"), lambda _: self._static("index.html")),
            (re.compile(r"^/doc/[^/]+$"), lambda: self._static("doc.html")),
            (re.compile(r"^/projects(?:\.html)?$"), lambda: self._static("projects.html")),
        ])

    do_HEAD = do_GET

    def do_POST(self) -> None:
        self._dispatch([
            (re.compile(r"^/api/docs/([^/]+)/facts/([^/]+)/decision$"), self._post_decision),
            (re.compile(r"^/api/docs/([^/]+)/facts$"), self._post_fact),
            (re.compile(r"^/api/docs/([^/]+)/reviewed$"), self._post_reviewed),
        ])

    def _filters(self) -> dict[str, Optional[str]]:
        query = parse_qs(urlsplit(self.path).query)
        return {name: (query.get(name) or [""])[0] or None for name in ("kind", "status")}

    def _get_summary(self) -> None:
        self._json(HTTPStatus.OK, self.server.session.summary(**self._filters()))

    def _get_document(self, doc_id: str) -> None:
        self._json(HTTPStatus.OK, self.server.session.document(doc_id, **self._filters()))

    def _get_projects(self) -> None:
        self._json(HTTPStatus.OK, {"projects": self.server.session.projects()})

    def _post_decision(self, doc_id: str, key: str) -> None:
        body = self._body()
        fact = self.server.session.decide(
            doc_id, key, str(body.get("status")), int(body.get("version", -1)), body.get("value")
        )
        self._json(HTTPStatus.OK, {"fact": fact})

    def _post_fact(self, doc_id: str) -> None:
        body = self._body()
        fact = self.server.session.add(
            doc_id, str(body.get("kind")), int(body.get("start", -1)), int(body.get("end", -1)), body.get("value")
        )
        self._json(HTTPStatus.CREATED, {"fact": fact})

    def _post_reviewed(self, doc_id: str) -> None:
        body = self._body()
        document = self.server.session.mark_document(doc_id, bool(body.get("reviewed")), int(body.get("version", -1)))
        self._json(HTTPStatus.OK, document)


class ReviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, session: ReviewSession, host: str, port: int, verbose: bool = False):
        self.session = session
        self.verbose = verbose
        self.loopback_only = is_loopback(host)
        super().__init__((host, port), ReviewHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # a page closed or reloaded while its request was answered
        super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        return f"http://{shown}:{port}/"


def make_server(out_dir: Path, host: str = "127.0.0.1", port: int = 8000, verbose: bool = False) -> ReviewServer:
    """A server over the run in `out_dir`, bound but not yet serving (port 0: any free port)."""
    return ReviewServer(ReviewSession(out_dir), host, port, verbose=verbose)


def start_in_thread(out_dir: Path, host: str = "127.0.0.1", port: int = 0) -> ReviewServer:
    """For tests and screenshots: serve from a daemon thread; call `.shutdown()` to stop."""
    server = make_server(out_dir, host, port)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True, name="pressfacts-review").start()
    return server


def serve(out_dir: Path, host: str = "127.0.0.1", port: int = 8000, echo: Callable[[str], None] = print) -> None:
    """Serve until interrupted, saying where and to whom."""
    server = make_server(out_dir, host, port, verbose=True)
    echo(f"Reviewing {server.session.records_path} ({len(server.session.records())} documents)")
    echo(f"Decisions are saved in {server.session.store.path}")
    if server.loopback_only:
        echo(f"Listening on {host} only (this machine); use --host to change.")
    else:
        echo(f"Listening on {host}: other machines can reach this app, and it has no login.")
    echo(f"Open {server.url}  (Ctrl+C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        echo("Stopped.")
    finally:
        server.server_close()

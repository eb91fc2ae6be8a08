"""`DIR/report.html`: every record of a run, its facts highlighted in the text.

One self-contained file (inline CSS and JS, data as JSON, no request leaves the page)
to read or send without a server. It shares its drawing code and styles with the
review app (`pipeline/review/static`). When the run has been reviewed, facts show
their review status.

Document text is untrusted: it is embedded as JSON inside a non-executing script
element with `<`, `>` and `&` escaped, and drawn as text nodes. A Content-Security-Policy
allows only this page's own inline script and style (by hash), so neither markup in
the data nor anything else can run or fetch.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .review.facts import fact_label, facts_of
from .review.session import load_records

STATIC = Path(__file__).parent / "review" / "static"
SCRIPTS = ("common.js", "report.js")
REPORT_FILE = "report.html"

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<link rel="icon" href="data:,">
<title>pressfacts report</title>
<style>{css}</style>
</head>
<body class="report">
<header class="topbar">
  <span class="brand">pressfacts <span>report</span></span>
  <div class="doc-heading"><div id="doc-source" class="doc-source"></div><div id="doc-title" class="doc-title"></div></div>
  <div id="run-summary" class="doc-source"></div>
</header>
<main class="doc-layout">
  <nav class="doc-index" id="doc-index" aria-label="Documents">
    <input id="doc-search" type="search" placeholder="Filter documents" aria-label="Filter documents">
    <div id="doc-list"></div>
  </nav>
  <section class="text-panel" aria-label="Document text"><div id="legend"></div><div id="doc-text" class="doc-text"></div></section>
  <aside class="record-panel" aria-label="Record"><div id="facts"></div></aside>
</main>
<script type="application/json" id="report-data">{data}</script>
{scripts}
</body>
</html>
"""


def _script_safe_json(value: Any) -> str:
    """JSON that cannot end its <script> element or open markup inside it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def _review_status(out_dir: Path) -> dict[str, dict[str, str]]:
    """doc_id -> fact key -> status, if the run has been reviewed (never creates the store)."""
    if not (out_dir / "review.sqlite").is_file():
        return {}
    from .review.store import ReviewStore

    return {
        doc_id: {key: decision.status for key, decision in decisions.items()}
        for doc_id, decisions in ReviewStore(out_dir / "review.sqlite").decisions().items()
    }


def report_data(out_dir: Path) -> dict[str, Any]:
    out_dir = Path(out_dir)
    statuses = _review_status(out_dir)
    documents = []
    for doc_id, record in load_records(out_dir / "records.jsonl").items():
        reviewed = statuses.get(doc_id, {})
        facts = [
            {
                "key": fact.key,
                "kind": fact.kind,
                "status": reviewed.get(fact.key, "pending"),
                "value": fact.value,
                "label": fact_label(fact.kind, fact.value),
                "spans": fact.spans,
            }
            for fact in facts_of(record)
        ]
        documents.append({
            "doc_id": doc_id, "source": record.source, "title": record.title,
            "published": record.published, "text": record.text, "facts": facts,
        })
    generated = datetime.now(timezone.utc).strftime("generated %Y-%m-%d %H:%M UTC")
    return {"generated": generated, "documents": documents}


def render_report(data: dict[str, Any]) -> str:
    css = (STATIC / "review.css").read_text(encoding="utf-8")
    css += "\n.report .pill-pending { display: none; }\n"  # no review yet: no 'pending' noise
    scripts = [(STATIC / name).read_text(encoding="utf-8") for name in SCRIPTS]
    csp = (
        "default-src 'none'; img-src data:; base-uri 'none'; form-action 'none'; "
        f"style-src {_csp_hash(css)}; script-src {' '.join(_csp_hash(s) for s in scripts)}"
    )
    return PAGE.format(
        csp=csp,
        css=css,
        data=_script_safe_json(data),
        scripts="\n".join(f"<script>{source}</script>" for source in scripts),
    )


def write_report(out_dir: Path) -> Path:
    """Write `out_dir/report.html` from `out_dir/records.jsonl`; returns its path."""
    out_dir = Path(out_dir)
    path = out_dir / REPORT_FILE
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(render_report(report_data(out_dir)), encoding="utf-8")
    temporary.replace(path)
    return path

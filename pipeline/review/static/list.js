/* The document list: review progress over the run, filterable by kind and status. */
(function () {
  "use strict";
  const { el } = PF;
  const kindSelect = document.getElementById("filter-kind");
  const statusSelect = document.getElementById("filter-status");

  function filters() {
    const query = new URLSearchParams(location.search);
    return { kind: query.get("kind") || "", status: query.get("status") || "" };
  }

  function progressBar(done, total) {
    const percent = total ? Math.round((100 * done) / total) : 0;
    const fill = el("div", { class: "bar-fill" });
    fill.style.width = `${percent}%`; // set through the DOM: the CSP forbids inline style attributes
    return el("div", { class: "bar", title: `${done} of ${total} decided` }, fill);
  }

  function totalsCard(label, value, detail, cls) {
    return el("div", { class: `total ${cls || ""}` },
      el("div", { class: "total-value" }, value), el("div", { class: "total-label" }, label),
      detail ? el("div", { class: "total-detail" }, detail) : null);
  }

  function renderTotals(t) {
    const decided = t.facts - t.pending;
    document.getElementById("totals").replaceChildren(
      totalsCard("documents reviewed", `${t.documents_reviewed} / ${t.documents}`,
        `${t.documents_in_progress} in progress`, "total-docs"),
      totalsCard("facts reviewed", `${decided} / ${t.facts}`, progressBar(decided, t.facts), "total-facts"),
      totalsCard("accepted", t.accepted, null, "total-accepted"),
      totalsCard("rejected", t.rejected, null, "total-rejected"),
      totalsCard("corrected", t.corrected, null, "total-corrected"),
      totalsCard("added", t.added, null, "total-added"),
    );
    if (t.orphaned) {
      document.getElementById("totals").append(el("p", { class: "muted small orphaned" },
        `${t.orphaned} earlier decisions are on facts a newer run no longer produces; those facts are pending again.`));
    }
  }

  function kindCounts(byKind) {
    return el("span", { class: "kind-counts" }, PF.KINDS.filter((k) => byKind[k]).map((k) =>
      el("span", { class: `kind-count`, title: PF.KIND_PLURALS[k] },
        el("span", { class: `dot hl-${k}` }),
        `${byKind[k]} ${(byKind[k] === 1 ? PF.KIND_NAMES[k] : PF.KIND_PLURALS[k]).toLowerCase()}`)));
  }

  function renderRows(documents, active) {
    const body = document.querySelector("#documents tbody");
    const suffix = active.kind || active.status ? "?" + new URLSearchParams(active).toString() : "";
    body.replaceChildren(...documents.map((d) => {
      const decided = d.facts - (d.by_status.pending || 0);
      return el("tr", { dataset: { docId: d.doc_id } },
        el("td", {},
          el("a", { class: "doc-link", href: `/doc/${encodeURIComponent(d.doc_id)}${suffix}` }, d.source),
          d.title ? el("div", { class: "muted small" }, d.title) : null),
        el("td", {}, PF.statusPill(d.status)),
        el("td", {}, kindCounts(d.by_kind),
          active.kind || active.status ? el("div", { class: "muted small" }, `${d.matching} matching`) : null),
        el("td", { class: "progress-cell" }, d.facts ? progressBar(decided, d.facts) : null,
          el("span", { class: "muted small" }, d.facts ? `${decided} of ${d.facts} decided` : "no facts")));
    }));
    if (!documents.length) {
      body.append(el("tr", {}, el("td", { colspan: "4", class: "muted empty" }, "No document has a fact matching these filters.")));
    }
  }

  async function load() {
    const active = filters();
    const query = new URLSearchParams(Object.entries(active).filter(([, v]) => v));
    const response = await fetch("/api/summary?" + query.toString());
    const summary = await response.json();
    if (kindSelect.options.length === 1) {
      for (const k of summary.kinds) kindSelect.append(el("option", { value: k }, PF.KIND_PLURALS[k]));
      for (const s of summary.statuses) statusSelect.append(el("option", { value: s }, PF.STATUS_NAMES[s]));
    }
    kindSelect.value = active.kind;
    statusSelect.value = active.status;
    renderTotals(summary.totals);
    renderRows(summary.documents, active);
    document.getElementById("filter-count").textContent =
      `${summary.documents.length} of ${summary.totals.documents} documents`;
  }

  function applyFilters() {
    const query = new URLSearchParams();
    if (kindSelect.value) query.set("kind", kindSelect.value);
    if (statusSelect.value) query.set("status", statusSelect.value);
    history.replaceState(null, "", location.pathname + (query.toString() ? "?" + query : ""));
    load();
  }

  kindSelect.addEventListener("change", applyFilters);
  statusSelect.addEventListener("change", applyFilters);
  load();
})();

/* The static report: every document of a run with its facts highlighted, read-only.
 * Its data sits in the page as JSON (never as HTML); the text goes in as text nodes. */
(function () {
  "use strict";
  const { el } = PF;
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const list = document.getElementById("doc-list");
  const search = document.getElementById("doc-search");
  const textBox = document.getElementById("doc-text");
  const factsBox = document.getElementById("facts");

  document.getElementById("legend").replaceChildren(PF.legend());
  const totals = {};
  for (const d of data.documents) for (const f of d.facts) totals[f.kind] = (totals[f.kind] || 0) + 1;
  document.getElementById("run-summary").textContent =
    `${data.documents.length} documents · ` +
    PF.KINDS.map((k) => `${totals[k] || 0} ${PF.KIND_PLURALS[k].toLowerCase()}`).join(" · ") +
    ` · ${data.generated}`;

  function currentId() {
    const match = location.hash.match(/^#doc=(.+)$/);
    return match ? decodeURIComponent(match[1]) : (data.documents[0] || {}).doc_id;
  }

  function renderIndex() {
    const needle = search.value.trim().toLowerCase();
    const id = currentId();
    list.replaceChildren(...data.documents
      .filter((d) => !needle || (d.source + " " + (d.title || "")).toLowerCase().includes(needle))
      .map((d) => el("a", { href: `#doc=${encodeURIComponent(d.doc_id)}`, class: d.doc_id === id ? "current" : "" },
        d.source, el("span", { class: "muted" }, `${d.facts.length} facts` + (d.title ? ` · ${d.title}` : "")))));
  }

  function activate(key) {
    PF.setActive(textBox, key);
    for (const card of factsBox.querySelectorAll(".fact.active")) card.classList.remove("active");
    const card = document.getElementById(`fact-${key}`);
    if (card) { card.classList.add("active"); card.scrollIntoView({ block: "nearest", behavior: "smooth" }); }
  }

  function show() {
    const doc = data.documents.find((d) => d.doc_id === currentId());
    renderIndex();
    if (!doc) { textBox.textContent = "No documents in this run."; factsBox.replaceChildren(); return; }
    document.getElementById("doc-source").textContent = doc.source + (doc.published ? ` · published ${doc.published}` : "");
    document.getElementById("doc-title").textContent = doc.title || "";
    PF.renderText(textBox, doc.text, doc.facts, activate);
    textBox.parentElement.scrollTop = 0;
    factsBox.replaceChildren(...PF.KINDS.map((kind) => {
      const facts = doc.facts.filter((f) => f.kind === kind);
      return el("section", { class: `kind-section kind-${kind}` },
        el("h2", {}, el("span", { class: `dot hl-${kind}` }), PF.KIND_PLURALS[kind], el("span", { class: "count" }, String(facts.length))),
        facts.length ? facts.map((fact) => {
          const card = PF.factCard(fact, { onSpan: (span) => { activate(fact.key); PF.showSpan(textBox, fact.key, span); } });
          card.addEventListener("click", () => {
            activate(fact.key);
            if (fact.spans.length) PF.showSpan(textBox, fact.key, fact.spans[0]);
          });
          return card;
        }) : el("p", { class: "muted empty" }, "None found."));
    }));
  }

  search.addEventListener("input", renderIndex);
  window.addEventListener("hashchange", show);
  show();
})();

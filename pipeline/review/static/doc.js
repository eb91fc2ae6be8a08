/* The document view: the text with its facts highlighted, the record beside it, and
 * accept / reject / correct / add, by mouse or keyboard. */
(function () {
  "use strict";
  const { el } = PF;
  const docId = decodeURIComponent(location.pathname.split("/").pop());
  const textBox = document.getElementById("doc-text");
  const factsBox = document.getElementById("facts");
  const addBox = document.getElementById("add-form");
  const popover = document.getElementById("add-popover");
  const messageBox = document.getElementById("message");

  const state = { doc: null, order: [], active: null, editing: null };

  // --- talking to the server ---------------------------------------------------------

  async function api(method, path, body) {
    const response = await fetch(path, {
      method, headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const payload = await response.json().catch(() => ({}));
    if (!response.ok) {
      const problem = new Error(payload.error || `${response.status} ${response.statusText}`);
      problem.status = response.status;
      problem.payload = payload;
      throw problem;
    }
    return payload;
  }

  let messageTimer = null;
  function say(text, kind) {
    messageBox.textContent = text;
    messageBox.className = `message message-${kind || "info"}`;
    messageBox.hidden = false;
    clearTimeout(messageTimer);
    if (kind !== "error") messageTimer = setTimeout(() => { messageBox.hidden = true; }, 2500);
  }

  // --- drawing -----------------------------------------------------------------------

  function factByKey(key) { return state.doc.facts.find((f) => f.key === key); }

  function actions(fact) {
    if (state.editing === fact.key) {
      return PF.valueForm(fact.kind, fact.value, {
        submitLabel: "Save correction",
        onSubmit: (value) => decide(fact, "corrected", value),
        onCancel: () => { state.editing = null; render(); },
      });
    }
    const undecided = fact.status === "pending" || fact.status === "added";
    return el("div", { class: "fact-actions" },
      el("button", { type: "button", class: "button accept", onclick: () => decide(fact, "accepted"),
        title: "Accept (A)", disabled: fact.status === "accepted" }, "Accept"),
      el("button", { type: "button", class: "button reject", onclick: () => decide(fact, "rejected"),
        title: "Reject (R)", disabled: fact.status === "rejected" }, "Reject"),
      el("button", { type: "button", class: "button", onclick: () => startCorrecting(fact),
        title: "Correct (C)" }, "Correct"),
      undecided ? null : el("button", { type: "button", class: "button ghost", onclick: () => decide(fact, "pending"),
        title: "Undo (U)" }, "Undo"));
  }

  function renderFacts() {
    const sections = PF.KINDS.map((kind) => {
      const facts = state.doc.facts.filter((f) => f.kind === kind);
      return el("section", { class: `kind-section kind-${kind}` },
        el("h2", {}, el("span", { class: `dot hl-${kind}` }), PF.KIND_PLURALS[kind],
          el("span", { class: "count" }, String(facts.length))),
        facts.length ? facts.map((fact) => {
          const card = PF.factCard(fact, { onSpan: (span) => showSpan(fact, span), extra: actions(fact) });
          card.addEventListener("click", (event) => {
            if (event.target.closest("button, input, select, form")) return;
            activate(fact.key, true);
          });
          if (fact.key === state.active) card.classList.add("active");
          return card;
        }) : el("p", { class: "muted empty" }, "None found. Select text to add one."));
    });
    factsBox.replaceChildren(...sections);
    state.order = PF.KINDS.flatMap((k) => state.doc.facts.filter((f) => f.kind === k).map((f) => f.key));
  }

  function renderHeader() {
    const d = state.doc;
    document.title = `${d.source} · pressfacts review`;
    document.getElementById("doc-source").textContent = d.source + (d.published ? ` · published ${d.published}` : "");
    document.getElementById("doc-title").textContent = d.title || "";
    document.getElementById("doc-status").replaceChildren(PF.statusPill(d.status));
    document.getElementById("doc-position").textContent = `${d.position} of ${d.count}`;
    for (const [id, target] of [["prev-doc", d.previous], ["next-doc", d.next]]) {
      const link = document.getElementById(id);
      if (target) link.setAttribute("href", `/doc/${encodeURIComponent(target)}${location.search}`);
      else link.removeAttribute("href");
      link.classList.toggle("disabled", !target);
    }
    document.getElementById("back").setAttribute("href", "/" + location.search);
    const counts = {};
    for (const f of d.facts) counts[f.status] = (counts[f.status] || 0) + 1;
    const decided = d.facts.length - (counts.pending || 0);
    const progress = document.getElementById("progress");
    progress.replaceChildren(
      el("strong", {}, `${decided} of ${d.facts.length} facts reviewed`),
      ...["accepted", "rejected", "corrected", "added"].filter((s) => counts[s]).map((s) =>
        el("span", { class: `count-${s}` }, ` · ${counts[s]} ${s}`)));
    if (!d.facts.length) {
      progress.append(el("button", {
        type: "button", class: "button", onclick: markReviewed,
      }, d.status === "reviewed" ? "Mark as not reviewed" : "Nothing to record: mark reviewed"));
    }
  }

  function render() {
    renderHeader();
    PF.renderText(textBox, state.doc.text, state.doc.facts, (key) => activate(key, false, true));
    renderFacts();
    PF.setActive(textBox, state.active);
  }

  // --- moving around ---------------------------------------------------------------

  function showSpan(fact, span) {
    activate(fact.key, false);
    PF.showSpan(textBox, fact.key, span);
  }

  /* Make a fact the current one; from the record, scroll the text to it, and back. */
  function activate(key, scrollText, scrollCard) {
    state.active = key;
    for (const card of factsBox.querySelectorAll(".fact.active")) card.classList.remove("active");
    const card = document.getElementById(`fact-${key}`);
    if (card) {
      card.classList.add("active");
      if (scrollCard !== false) card.scrollIntoView({ block: "nearest", behavior: scrollCard ? "smooth" : "auto" });
    }
    PF.setActive(textBox, key);
    const fact = factByKey(key);
    if (scrollText && fact && fact.spans.length) PF.showSpan(textBox, key, fact.spans[0]);
  }

  function step(delta) {
    if (!state.order.length) return;
    const index = state.order.indexOf(state.active);
    const next = index < 0 ? (delta > 0 ? 0 : state.order.length - 1)
      : Math.min(state.order.length - 1, Math.max(0, index + delta));
    activate(state.order[next], true, true);
  }

  // --- deciding ----------------------------------------------------------------------

  function replaceFact(fact) {
    const index = state.doc.facts.findIndex((f) => f.key === fact.key);
    if (index >= 0) state.doc.facts[index] = fact; else state.doc.facts.push(fact);
  }

  async function refreshStatus() {
    const fresh = await api("GET", `/api/docs/${encodeURIComponent(docId)}`);
    state.doc.status = fresh.status;
    state.doc.document_version = fresh.document_version;
  }

  async function decide(fact, status, value) {
    try {
      const result = await api("POST", `/api/docs/${encodeURIComponent(docId)}/facts/${encodeURIComponent(fact.key)}/decision`,
        { status, version: fact.version, value });
      replaceFact(result.fact);
      state.editing = null;
      await refreshStatus();
      render();
      say(`${PF.KIND_NAMES[fact.kind]} ${status === "pending" ? "back to pending" : status}: ${result.fact.label}`, "ok");
      if (status === "accepted" || status === "rejected") step(1);
      else activate(fact.key, false);
    } catch (problem) {
      if (problem.status === 409 && problem.payload.fact) {
        replaceFact(problem.payload.fact);
        state.editing = null;
        render();
        activate(fact.key, false);
      }
      say(problem.message, "error");
      if (status === "corrected" && problem.status === 400) throw problem; // shown in the form too
    }
  }

  function startCorrecting(fact) {
    state.editing = fact.key;
    render();
    activate(fact.key, false);
  }

  async function markReviewed() {
    try {
      state.doc = await api("POST", `/api/docs/${encodeURIComponent(docId)}/reviewed`,
        { reviewed: state.doc.status !== "reviewed", version: state.doc.document_version });
      render();
    } catch (problem) {
      say(problem.message, "error");
      load();
    }
  }

  // --- adding a missed fact from a selection ---------------------------------------

  function offsetIn(node, offset) {
    const range = document.createRange();
    range.setStart(textBox, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function selectedSpan() {
    const selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!textBox.contains(range.startContainer) || !textBox.contains(range.endContainer)) return null;
    let start = offsetIn(range.startContainer, range.startOffset);
    let end = offsetIn(range.endContainer, range.endOffset);
    const text = state.doc.text;
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /\s/.test(text[end - 1])) end--;
    return end > start ? { start, end, text: text.slice(start, end), rect: range.getBoundingClientRect() } : null;
  }

  function hidePopover() { popover.hidden = true; }

  function offerToAdd() {
    const span = selectedSpan();
    if (!span) { hidePopover(); return; }
    popover.replaceChildren(el("span", { class: "popover-label" }, "Add as"),
      ...PF.KINDS.map((kind) => el("button", {
        type: "button", class: `button small add-${kind}`, dataset: { kind },
        onmousedown: (event) => event.preventDefault(), // keep the selection
        onclick: () => openAddForm(kind, span),
      }, el("span", { class: `dot hl-${kind}` }), PF.KIND_NAMES[kind])));
    popover.hidden = false;
    const top = window.scrollY + span.rect.bottom + 8;
    const left = Math.max(8, Math.min(window.scrollX + span.rect.left, window.innerWidth - popover.offsetWidth - 16));
    popover.style.top = `${top}px`;
    popover.style.left = `${left}px`;
  }

  function openAddForm(kind, span) {
    hidePopover();
    const close = () => { addBox.replaceChildren(); };
    addBox.replaceChildren(el("div", { class: "add-card" },
      el("div", { class: "add-evidence" }, el("span", { class: "muted" }, "Selected text: "),
        el("mark", { class: `hl hl-${kind}` }, span.text)),
      PF.valueForm(kind, PF.guessValue(kind, span.text), {
        title: `Add a missed ${PF.KIND_NAMES[kind].toLowerCase()}`,
        submitLabel: `Add ${PF.KIND_NAMES[kind].toLowerCase()}`,
        onCancel: close,
        onSubmit: async (value) => {
          const result = await api("POST", `/api/docs/${encodeURIComponent(docId)}/facts`,
            { kind, start: span.start, end: span.end, value });
          replaceFact(result.fact);
          close();
          await refreshStatus();
          render();
          activate(result.fact.key, false, true);
          say(`Added ${PF.KIND_NAMES[kind].toLowerCase()}: ${result.fact.label}`, "ok");
        },
      })));
    addBox.scrollIntoView({ block: "nearest" });
  }

  textBox.addEventListener("mouseup", () => setTimeout(offerToAdd, 0));
  document.addEventListener("mousedown", (event) => {
    if (!popover.contains(event.target)) hidePopover();
  });

  // --- keyboard ------------------------------------------------------------------------

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, select, textarea, [contenteditable]")) return;
    const fact = state.active ? factByKey(state.active) : null;
    const key = event.key.toLowerCase();
    const commands = {
      a: () => fact && decide(fact, "accepted"),
      r: () => fact && decide(fact, "rejected"),
      c: () => fact && startCorrecting(fact),
      u: () => fact && decide(fact, "pending"),
      j: () => step(1), n: () => step(1),
      k: () => step(-1), p: () => step(-1),
      escape: () => { hidePopover(); if (state.editing) { state.editing = null; render(); } },
    };
    if (commands[key]) {
      event.preventDefault();
      commands[key]();
    }
  });

  async function load() {
    try {
      state.doc = await api("GET", `/api/docs/${encodeURIComponent(docId)}${location.search}`);
    } catch (problem) {
      say(problem.message, "error");
      return;
    }
    document.getElementById("legend").replaceChildren(PF.legend());
    render();
    // Arriving from the projects view (#span=START-END): open at the fact read from those words.
    const target = /^#span=(\d+)-(\d+)$/.exec(location.hash);
    if (target) {
      const [start, end] = [Number(target[1]), Number(target[2])];
      for (const fact of state.doc.facts) {
        const span = fact.spans.find((s) => s.start <= start && end <= s.end);
        if (span) { showSpan(fact, span); return; }
      }
    }
    if (!state.active && state.order.length) {
      // Arriving from a filtered list: start at the first fact the filter was about.
      const query = new URLSearchParams(location.search);
      const wanted = state.doc.facts.find((f) => (!query.get("kind") || f.kind === query.get("kind"))
        && (!query.get("status") || f.status === query.get("status")));
      const filtered = Boolean(wanted && location.search);
      activate(wanted ? wanted.key : state.order[0], filtered, filtered ? undefined : false);
    }
  }

  load();
})();

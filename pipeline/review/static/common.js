/* Shared by the review app and the static report: draw a document's text with its
 * facts highlighted in place, and draw fact cards.
 *
 * Document text is untrusted. It only ever reaches the page through textContent and
 * text nodes (never innerHTML), so markup in a press release shows as text.
 */
(function () {
  "use strict";
  const PF = (window.PF = window.PF || {});

  PF.KINDS = ["project", "official", "date", "amount", "country"];
  PF.KIND_NAMES = { project: "Project", official: "Official", date: "Date", amount: "Amount", country: "Country" };
  PF.KIND_PLURALS = { project: "Projects", official: "Officials", date: "Dates", amount: "Amounts", country: "Countries" };
  PF.STATUS_NAMES = {
    pending: "Pending", accepted: "Accepted", rejected: "Rejected", corrected: "Corrected", added: "Added",
  };

  /* el("div", {class: "x", dataset: {key: "k"}, onclick: fn}, "text", child) */
  PF.el = function (tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else if (name === "dataset") Object.assign(node.dataset, value);
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  };

  PF.formatNumber = function (value) {
    const n = Number(value);
    if (!Number.isFinite(n)) return String(value);
    return n.toLocaleString("en-US", { maximumFractionDigits: 2 });
  };

  PF.money = function (m) {
    return m ? PF.formatNumber(m.value) + " " + m.currency : "";
  };

  /* The attributes a card shows under its label, as [name, value] pairs. */
  PF.details = function (fact) {
    const v = fact.value || {};
    switch (fact.kind) {
      case "project":
        return [
          ["Start", v.start], ["End", v.end], // name and acronym are the card's label
          ["Budget", PF.money(v.budget)], ["Funders", (v.funders || []).join("; ")],
          ["Implementers", (v.implementers || []).join("; ")],
        ];
      case "official":
        return [["Title", v.title], ["Organization", v.organization], ["Country", v.country]];
      case "date":
        return [["Role", v.role]];
      default:
        return [];
    }
  };

  /* Which span wins a stretch of text covered by several: the shortest, then a mention. */
  function innermost(covering) {
    return covering.reduce((best, s) => {
      const size = s.end - s.start, bestSize = best.end - best.start;
      if (size !== bestSize) return size < bestSize ? s : best;
      return best.role !== "mention" && s.role === "mention" ? s : best;
    });
  }

  /* Fill `container` with `text`, every fact span highlighted; a click on a highlight
   * calls onPick(key of the innermost fact there). The container's text stays exactly
   * `text`, so selection offsets are offsets into the document. */
  PF.renderText = function (container, text, facts, onPick) {
    const spans = [];
    for (const fact of facts) {
      for (const span of fact.spans || []) {
        if (span.end > span.start) spans.push({ ...span, key: fact.key, kind: fact.kind, status: fact.status });
      }
    }
    const cuts = new Set([0, text.length]);
    for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
    const bounds = [...cuts].filter((c) => c >= 0 && c <= text.length).sort((a, b) => a - b);
    const fragment = document.createDocumentFragment();
    for (let i = 0; i + 1 < bounds.length; i++) {
      const a = bounds[i], b = bounds[i + 1];
      const piece = text.slice(a, b);
      const covering = spans.filter((s) => s.start <= a && s.end >= b);
      if (!covering.length) { fragment.append(document.createTextNode(piece)); continue; }
      const top = innermost(covering);
      const keys = [...new Set(covering.map((s) => s.key))];
      const mark = PF.el("mark", {
        class: `hl hl-${top.kind} st-${top.status}` + (top.role !== "mention" ? " hl-attr" : ""),
        dataset: { key: top.key, keys: keys.join(" "), start: String(a), end: String(b) },
        title: covering.map((s) => PF.KIND_NAMES[s.kind] + (s.role !== "mention" ? " " + s.role : "")).join(", "),
      }, piece);
      if (onPick) mark.addEventListener("click", (event) => {
        if (!window.getSelection().isCollapsed) return; // a selection is being made, not a pick
        event.stopPropagation();
        onPick(top.key);
      });
      fragment.append(mark);
    }
    container.replaceChildren(fragment);
  };

  /* The highlight segments of one span of one fact. */
  PF.segments = function (container, key, span) {
    return [...container.querySelectorAll("mark.hl")].filter((m) => {
      const start = Number(m.dataset.start);
      return m.dataset.keys.split(" ").includes(key) && start >= span.start && start < span.end;
    });
  };

  PF.showSpan = function (container, key, span) {
    const marks = PF.segments(container, key, span);
    if (!marks.length) return;
    marks[0].scrollIntoView({ block: "center", behavior: "smooth" });
    for (const m of marks) {
      m.classList.remove("flash");
      void m.offsetWidth; // restart the animation
      m.classList.add("flash");
    }
  };

  PF.setActive = function (container, key) {
    for (const m of container.querySelectorAll("mark.active")) m.classList.remove("active");
    if (!key) return;
    for (const m of container.querySelectorAll("mark.hl")) {
      if (m.dataset.keys.split(" ").includes(key)) m.classList.add("active");
    }
  };

  PF.legend = function () {
    return PF.el("div", { class: "legend", "aria-label": "Legend" },
      PF.KINDS.map((k) => PF.el("span", { class: `legend-item` },
        PF.el("span", { class: `swatch hl-${k}` }), PF.KIND_NAMES[k])),
      PF.el("span", { class: "legend-item legend-note" }, PF.el("span", { class: "swatch hl-date hl-attr" }),
        "project or official attribute"));
  };

  PF.statusPill = function (status) {
    return PF.el("span", { class: `pill pill-${status.replace(" ", "-")}` }, PF.STATUS_NAMES[status] || status);
  };

  /* A fact card: label, status, details and evidence chips; `extra` nodes go last. */
  PF.factCard = function (fact, { onSpan, extra } = {}) {
    const rows = PF.details(fact).filter(([, value]) => value !== null && value !== undefined && value !== "");
    const chips = (fact.spans || []).map((span) =>
      PF.el("button", {
        type: "button", class: `chip chip-${fact.kind}`, title: `Show in text (${span.role})`,
        onclick: (event) => { event.stopPropagation(); if (onSpan) onSpan(span); },
      }, span.role !== "mention" ? PF.el("span", { class: "chip-role" }, span.role) : null, span.text));
    return PF.el("article", {
      class: `fact fact-${fact.kind} st-${fact.status}`, id: `fact-${fact.key}`,
      dataset: { key: fact.key, kind: fact.kind, status: fact.status }, tabindex: "-1",
    },
      PF.el("header", { class: "fact-head" },
        PF.el("span", { class: `dot hl-${fact.kind}`, "aria-hidden": "true" }),
        PF.el("span", { class: "fact-label" }, fact.label || "(no value)"),
        PF.statusPill(fact.status)),
      rows.length ? PF.el("dl", { class: "fact-details" },
        rows.map(([name, value]) => [PF.el("dt", {}, name), PF.el("dd", {}, value)])) : null,
      chips.length ? PF.el("div", { class: "chips" }, chips) : null,
      extra || null);
  };
})();

/* The project registry: every project as the run's documents together describe it, a
 * filter over the list, and one project in full, each value with the documents and words
 * that said it, linked to the document view. Registry text comes from press releases: it
 * only reaches the page as text nodes (PF.el), never as HTML. */
(function () {
  "use strict";
  const { el } = PF;
  const filterBox = document.getElementById("filter-text");
  const rows = document.querySelector("#projects tbody");
  const entryBox = document.getElementById("entry");
  const messageBox = document.getElementById("message");

  const state = { projects: [], selected: null };
  const ATTRIBUTE_NAMES = { start: "Start", end: "End", budget: "Budget" };
  const EVENT_NAMES = { signed: "Signed", launched: "Started", finished: "Ends" };

  function docHref(docId) { return `/doc/${encodeURIComponent(docId)}`; }

  function projectHref(key) { return `/projects?project=${encodeURIComponent(key)}`; }

  /* "2500000 EUR" (how the registry writes a budget in a conflict) as the app shows money. */
  function moneyText(text) {
    const [value, currency] = String(text).split(" ");
    return currency ? PF.money({ value, currency }) : String(text);
  }

  function claimText(attribute, value) { return attribute === "budget" ? moneyText(value) : value; }

  function conflictOn(project, attribute) {
    return project.conflicts.find((c) => c.attribute === attribute) || null;
  }

  /* The agreed value of start, end or budget; else the conflict, or a dash. */
  function resolved(project, attribute) {
    const value = attribute === "budget" ? PF.money(project.budget) : project[attribute];
    if (value) return el("span", { class: "value" }, value);
    const conflict = conflictOn(project, attribute);
    if (conflict) {
      return el("span", { class: "conflict", title: "The documents disagree; nothing was picked" },
        "conflict: ", conflict.values.map((c, i) => [i ? " ≠ " : null,
          el("span", { class: "conflict-value" }, claimText(attribute, c.value))]));
    }
    return el("span", { class: "muted" }, "—");
  }

  function values(claims) { return claims.map((c) => c.value); }

  /* A list cell: the first `max` values, "+N more" for the rest (all of them on hover). */
  function listCell(claims, separator, max) {
    const all = values(claims);
    const more = all.length - max;
    return el("td", { class: "small", title: more > 0 ? all.join(separator) : null },
      all.slice(0, max).join(separator), more > 0 ? el("span", { class: "muted" }, ` +${more} more`) : null);
  }

  function title(project) { return project.name || project.acronym || project.key; }

  // --- the list ----------------------------------------------------------------------

  /* Every word of the filter must occur in the project's names, organisations, countries or documents. */
  function matches(project, words) {
    if (!words.length) return true;
    const haystack = [
      project.key, project.name, project.acronym, ...project.aliases,
      ...values(project.funders), ...values(project.implementers), ...values(project.countries),
      ...project.documents.flatMap((d) => [d.source, d.title]),
    ].filter(Boolean).join("\n").toLowerCase();
    return words.every((word) => haystack.includes(word));
  }

  function renderList() {
    const words = filterBox.value.toLowerCase().split(/\s+/).filter(Boolean);
    const shown = state.projects.filter((p) => matches(p, words));
    rows.replaceChildren(...shown.map((p) => el("tr", {
      class: [p.key === state.selected ? "selected" : "", p.conflicts.length ? "has-conflict" : ""].join(" ").trim(),
      dataset: { key: p.key },
      onclick: (event) => { if (!event.target.closest("a")) select(p.key); },
    },
      el("td", { class: "project-cell" },
        el("a", {
          class: "project-link", href: projectHref(p.key),
          onclick: (event) => { event.preventDefault(); select(p.key); },
        }, title(p)),
        p.name && p.acronym ? el("div", { class: "muted small" }, p.acronym) : null,
        p.conflicts.length ? el("span", { class: "pill pill-conflict" },
          p.conflicts.length === 1 ? "1 conflict" : `${p.conflicts.length} conflicts`) : null),
      el("td", { class: "nowrap" }, resolved(p, "start")),
      el("td", { class: "nowrap" }, resolved(p, "end")),
      el("td", { class: "nowrap" }, resolved(p, "budget")),
      listCell(p.funders, "; ", 2),
      listCell(p.implementers, "; ", 2),
      listCell(p.countries, ", ", 4),
      el("td", { class: "number" }, String(p.documents.length)))));
    if (!shown.length) {
      rows.append(el("tr", {}, el("td", { colspan: "8", class: "muted empty" },
        state.projects.length ? "No project matches this filter." : "No projects in this run.")));
    }
    document.getElementById("filter-count").textContent = `${shown.length} of ${state.projects.length} projects`;
  }

  // --- one project ---------------------------------------------------------------------

  /* Who said it: a link to the document, and the quoted words when the span is known. */
  function evidenceItem(evidence) {
    const hasSpan = evidence.text !== null && evidence.text !== undefined;
    return el("li", { class: "evidence" },
      el("a", {
        class: "source-link",
        // With offsets, the document view opens at the words this value was read from.
        href: docHref(evidence.doc_id) + (Number.isInteger(evidence.start) && Number.isInteger(evidence.end)
          ? `#span=${evidence.start}-${evidence.end}` : ""),
        title: "Open this document",
      }, evidence.source),
      evidence.published ? el("span", { class: "muted" }, ` · ${evidence.published}`) : null,
      hasSpan ? [" ", el("q", {
        class: "quote",
        title: evidence.start !== null && evidence.start !== undefined
          ? `characters ${evidence.start}–${evidence.end}` : null,
      }, evidence.text)] : el("span", { class: "muted" }, " (no span recorded)"));
  }

  function evidenceList(evidence) {
    return el("ul", { class: "evidence-list" }, evidence.map(evidenceItem));
  }

  function claimList(attribute, claims) {
    return el("ul", { class: "claims" }, claims.map((claim) => el("li", { class: "claim" },
      el("span", { class: "claim-value" }, claimText(attribute, claim.value)),
      evidenceList(claim.evidence))));
  }

  function section(heading, cls, ...content) {
    return el("section", { class: `entry-section ${cls || ""}`.trim() }, el("h3", {}, heading), content);
  }

  function conflictsSection(project) {
    if (!project.conflicts.length) return null;
    return section("Conflicts", "conflicts-box",
      el("p", { class: "small" }, "The documents disagree on these values, so the registry leaves them empty."),
      project.conflicts.map((c) => el("div", { class: "conflict-item", dataset: { attribute: c.attribute } },
        el("div", { class: "conflict-head" }, ATTRIBUTE_NAMES[c.attribute] || c.attribute),
        claimList(c.attribute, c.values))));
  }

  /* Every merged attribute, each value with where it was read. */
  function attributesSection(project) {
    const budgets = project.budgets.map((b) => ({ value: PF.money(b.value), evidence: b.evidence }));
    const groups = [
      ["Names", "name", project.names], ["Acronyms", "acronym", project.acronyms],
      ["Start", "start", project.starts], ["End", "end", project.ends], ["Budget", "money", budgets],
      ["Funders", "funders", project.funders], ["Implementers", "implementers", project.implementers],
      ["Countries", "countries", project.countries],
    ];
    return section("Where each value was read", "provenance",
      groups.map(([label, attribute, claims]) => el("div", { class: "claim-group", dataset: { attribute } },
        el("h4", {}, label, el("span", { class: "count" }, String(claims.length))),
        claims.length ? claimList(attribute, claims) : el("p", { class: "muted empty" }, "Not stated."))));
  }

  function officialsSection(project) {
    if (!project.officials.length) return null;
    return section("Officials", "officials", el("ul", { class: "claims" }, project.officials.map((o) => {
      const about = [...o.titles, ...o.organizations, o.country].filter(Boolean).join("; ");
      return el("li", { class: "claim" },
        el("span", { class: "claim-value" }, o.name), about ? el("span", { class: "muted" }, ` — ${about}`) : null,
        el("div", { class: "muted small" }, o.basis.join("; ")),
        evidenceList(o.evidence));
    })));
  }

  function timelineSection(project) {
    return section("Timeline", "timeline", project.events.length
      ? el("ol", { class: "events" }, project.events.map((e) => el("li", { class: `event event-${e.kind}` },
        el("span", { class: "event-date" }, e.date),
        el("span", { class: "event-kind" }, EVENT_NAMES[e.kind] || e.kind),
        evidenceList(e.evidence))))
      : el("p", { class: "muted empty" }, "No dated steps."));
  }

  function documentsSection(project) {
    return section(`Documents (${project.documents.length})`, "documents",
      el("ul", { class: "doc-refs" }, project.documents.map((d) => el("li", {},
        el("a", { class: "source-link doc-link", href: docHref(d.doc_id) }, d.source),
        d.published ? el("span", { class: "muted" }, ` · published ${d.published}`) : null,
        d.title ? el("div", { class: "muted small" }, d.title) : null))));
  }

  function renderEntry() {
    const project = state.projects.find((p) => p.key === state.selected);
    if (!project) {
      entryBox.replaceChildren(el("p", { class: "muted empty" }, state.selected
        ? `No project ${state.selected} in this run.`
        : "Select a project to see its entry: every value with the documents and words that said it."));
      return;
    }
    const summary = [
      ["Start", resolved(project, "start")], ["End", resolved(project, "end")],
      ["Budget", resolved(project, "budget")],
      ["Funders", values(project.funders).join("; ") || "—"],
      ["Implementers", values(project.implementers).join("; ") || "—"],
      ["Countries", values(project.countries).join(", ") || "—"],
      ["Documents", String(project.documents.length)],
    ];
    entryBox.replaceChildren(...[
      el("header", { class: "entry-head" },
        el("h2", { class: "entry-title" }, title(project)),
        el("div", { class: "muted" }, [project.acronym, `key ${project.key}`].filter(Boolean).join(" · ")),
        project.aliases.length ? el("div", { class: "small" },
          el("span", { class: "muted" }, "Also written: "), project.aliases.join("; ")) : null),
      el("dl", { class: "fact-details entry-summary" },
        summary.map(([name, value]) => [el("dt", {}, name), el("dd", { dataset: { field: name.toLowerCase() } }, value)])),
      conflictsSection(project),
      timelineSection(project),
      attributesSection(project),
      officialsSection(project),
      documentsSection(project),
      project.notes.length ? section("Notes", "notes", el("ul", {}, project.notes.map((n) => el("li", {}, n)))) : null,
    ].filter(Boolean));
    entryBox.scrollTop = 0;
  }

  // --- state in the address, so a project can be linked to ----------------------------

  function remember() {
    const query = new URLSearchParams();
    if (filterBox.value) query.set("q", filterBox.value);
    if (state.selected) query.set("project", state.selected);
    history.replaceState(null, "", location.pathname + (query.toString() ? "?" + query : ""));
  }

  function select(key) {
    state.selected = key;
    remember();
    renderList();
    renderEntry();
    // On a narrow screen the entry is below the list: bring it into view.
    if (entryBox.getBoundingClientRect().top > window.innerHeight) entryBox.scrollIntoView({ block: "start" });
  }

  async function load() {
    const query = new URLSearchParams(location.search);
    filterBox.value = query.get("q") || "";
    state.selected = query.get("project") || null;
    try {
      const response = await fetch("/api/projects");
      const payload = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(payload.error || `${response.status} ${response.statusText}`);
      state.projects = payload.projects;
    } catch (problem) {
      messageBox.textContent = `Could not load the projects: ${problem.message}`;
      messageBox.hidden = false;
      return;
    }
    renderList();
    renderEntry();
  }

  filterBox.addEventListener("input", () => { remember(); renderList(); });
  document.getElementById("project-filter").addEventListener("submit", (event) => event.preventDefault());
  load();
})();

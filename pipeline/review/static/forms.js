/* Forms for a fact's value: correcting a fact, or filling in one added from a selection.
 * The server checks every value with the record models; its message is shown here. */
(function () {
  "use strict";
  const { el } = PF;

  const ROLES = ["", "start", "end", "signed", "event"];
  PF.FIELDS = {
    date: [["value", "Date", "YYYY, YYYY-MM or YYYY-MM-DD"], ["role", "Role", null, ROLES]],
    amount: [["value", "Amount", "plain number, e.g. 2500000"], ["currency", "Currency", "ISO 4217, e.g. EUR"]],
    country: [["code", "Country", "ISO code or name, e.g. AZ"]],
    official: [["name", "Name"], ["title", "Title"], ["organization", "Organization"],
      ["country", "Country", "ISO code, if they represent one"]],
    project: [["name", "Name"], ["acronym", "Acronym"], ["start", "Start", "YYYY-MM-DD"], ["end", "End", "YYYY-MM-DD"],
      ["budget.value", "Budget", "plain number"], ["budget.currency", "Budget currency", "ISO 4217"],
      ["funders", "Funders", "separate with ;"], ["implementers", "Implementers", "separate with ;"]],
  };

  function read(value, path) {
    let v = value;
    for (const part of path.split(".")) v = v == null ? null : v[part];
    if (Array.isArray(v)) return v.join("; ");
    return v == null ? "" : String(v);
  }

  function assign(target, path, v) {
    const parts = path.split(".");
    let t = target;
    for (const part of parts.slice(0, -1)) t = t[part] = t[part] || {};
    t[parts[parts.length - 1]] = v;
  }

  /* A form for `kind` prefilled from `value`; onSubmit(value) returns a promise that
   * rejects with the server's message, which the form then shows. */
  PF.valueForm = function (kind, value, { title, submitLabel, onSubmit, onCancel }) {
    const error = el("div", { class: "form-error", role: "alert", hidden: true });
    const inputs = PF.FIELDS[kind].map(([path, label, placeholder, options]) => {
      const id = `field-${kind}-${path.replace(".", "-")}`;
      const input = options
        ? el("select", { id, name: path }, options.map((o) => el("option", { value: o }, o || "—")))
        : el("input", { id, name: path, type: "text", placeholder: placeholder || "", autocomplete: "off" });
      input.value = read(value || {}, path);
      return [path, el("label", { class: "field", for: id }, el("span", {}, label), input), input];
    });
    const form = el("form", { class: `value-form form-${kind}`, novalidate: true },
      title ? el("div", { class: "form-title" }, title) : null,
      inputs.map(([, label]) => label),
      error,
      el("div", { class: "form-actions" },
        el("button", { type: "submit", class: "button primary" }, submitLabel || "Save"),
        el("button", { type: "button", class: "button ghost", onclick: () => onCancel && onCancel() }, "Cancel")));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const result = {};
      for (const [path, , input] of inputs) assign(result, path, input.value);
      error.hidden = true;
      try {
        await onSubmit(result);
      } catch (problem) {
        error.textContent = problem.message || String(problem);
        error.hidden = false;
      }
    });
    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { event.preventDefault(); onCancel && onCancel(); }
    });
    setTimeout(() => inputs[0] && inputs[0][2].focus(), 0);
    return form;
  };

  /* A first guess at the value of a fact added from `text`; the reviewer checks it. */
  PF.guessValue = function (kind, text) {
    const clean = text.replace(/\s+/g, " ").trim();
    switch (kind) {
      case "official": return { name: clean };
      case "project": return /^[A-Z0-9-]{2,15}$/.test(clean) ? { acronym: clean } : { name: clean.replace(/^["“”']|["“”']$/g, "") };
      case "country": return { code: clean };
      case "date": return { value: /^\d{4}(-\d{2}){0,2}$/.test(clean) ? clean : "" };
      case "amount": {
        const number = clean.match(/\d[\d,.]*/);
        return { value: number ? number[0].replace(/,/g, "") : "", currency: "" };
      }
      default: return {};
    }
  };
})();

"""`projects`: named projects, programmes and actions, with acronyms.

What a press release writes for a project, and the rule that reads it:
- quoted_title   a quoted title next to a project word: 'the project “X” (ACR)',
                 '“X (ACR)” project', a numbered list item '1. “X”'
- acronym        'the ACR project', 'project ACR (Full Title)', 'the A and B projects'
- titled_acronym 'Full Title (ACR) project'
- head_noun      a title-case name ending in a head noun ('Rural Development Programme',
                 'Pilot Project on Assistance for ...', '... Policy Operation')
- named_project  'the Kvemo Kartli project', 'project on Empowering Women ...'
- agreement      'Loan agreement Water Infrastructure in Batumi – ...'
- subject        'Integrated Territorial Development will be implemented by ...'
- headline       a title-case headline followed by 'This project ...'
- component      'Component 3.1 of the SCOP project' -> 'SCOP Component 3.1'
Cue words, non-projects (declarations, conferences, reports) and instruments
(Twinning, TAIEX) come from `rules/projects.tsv`; organisations are never projects.
"""

from __future__ import annotations

import re
from typing import Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc

from .base import doc_text, Furniture, RuleComponent, facts, read_tsv
from .lexicon import FILES, Lexicon, fold

CAPW = r"[A-Z]\w*(?:[’']\w+)*(?:-\w+(?:[’']\w+)*)*"
FUNC = r"(?:of|for|the|and|in|to|on|with|at|a|an|by|from|into|through|against|towards?|&|–|-)"
# Two or more capitals in the first part ("MOBILAZE", "CareFor", "RR4D"), then
# hyphenated parts ("IBM-WB", "ENPARD-3") or a phase number ("BOMCA 10").
ACRONYM = r"(?<![A-Za-z0-9])(?=[A-Z])(?=[A-Za-z0-9]*[A-Z][A-Za-z0-9]*[A-Z])[A-Z][A-Za-z0-9]*(?:[-–][A-Z0-9][A-Za-z0-9]*)*(?:\s\d+(?:\.\d+)?\b|\s(?:II|III|IV|V|VI|VII|VIII|IX|X)\b)?"
# Title-case words on one line (commas only in a list that ends "... and X"), matched
# possessively: each chain is found once per text and never backtracked into.
CHAIN = re.compile(rf"{CAPW}(?:(?:[ \t]+{FUNC})*+[ \t]+{CAPW}|,[ \t]+{CAPW}(?=(?:[ \t]+{CAPW}|,)*[ \t]+and[ \t]))*+")
QUOTE = re.compile(
    r"(?P<open>“)\s*(?P<body>[^“”\n]{3,250}?)\s*(?P<close>[”\"])"
    r"|(?P<open2>«)\s*(?P<body2>[^«»\n]{3,250}?)\s*(?P<close2>»)"
    r"|(?P<open3>\")\s*(?P<body3>[^\"“”\n]{3,250}?)\s*(?P<close3>[\"”])"
    r"|(?P<open4>(?<![\w])‘)\s*(?P<body4>[^‘’\n]{3,250}?)\s*(?P<close4>’(?![\w]))")
PAREN_ACRONYM = re.compile(rf"^\s*\((?P<acr>{ACRONYM}(?:\s+[A-Z][a-z]+){{0,3}})\)")
BODY_WITH_ACRONYM = re.compile(rf"^(?P<name>.+?)\s*\((?P<acr>{ACRONYM}(?:\s+[A-Z][a-z]+){{0,3}})\)$")
ACRONYM_COLON = re.compile(rf"^(?P<acr>{ACRONYM})\s*:\s*(?P<name>.+)$")


@Language.factory("projects", default_config={"rules": ""})
def make_projects(nlp: Language, name: str, rules: str) -> "Projects":
    return Projects(nlp, name, rules)


class Projects(RuleComponent):
    files = FILES + ("projects.tsv",)

    def load(self) -> None:
        self.lex = Lexicon.from_dir(self.rules_path)
        rows = read_tsv(self.data_path("projects.tsv"))
        kinds: dict[str, list[str]] = {}
        for row in rows:
            kinds.setdefault(row["kind"], []).append(row["form"])
        self.cues = set(kinds.get("cue", []))
        self.heads = set(kinds.get("head", []))
        self.not_project = set(kinds.get("not_project", []))
        self.instruments = {f.lower() for f in kinds.get("instrument", [])}
        self.not_acronyms = set(kinds.get("not_acronym", []))
        self.anaphors = kinds.get("anaphor", [])
        cue = "|".join(sorted(self.cues, key=len, reverse=True))
        head = "|".join(sorted(self.heads, key=len, reverse=True))
        self.cue_before = re.compile(rf"(?:\b(?:{cue}|component)\s*(?:called|entitled|titled|named)?\s*[:–-]?|\b(?:{cue})\b[^.“\"«]{{0,40}}\s[–—-]|\b(?:[Ll]oan|[Gg]rant)\s+[Aa]greement\s*[:–-]?|\bframework\s+of(?:\s+the)?)\s*$")
        self.cue_after = re.compile(rf"^\s*(?:\([^)]{{1,40}}\)\s*)?(?:{cue}|Project|Programme|Program)\b")
        self.acronym_project = re.compile(
            rf"(?<![\w-])(?P<list>{ACRONYM}(?:\s+Component\s+\d+(?:\.\d+)*)?(?:\s*(?:,|and)\s*{ACRONYM}(?:\s+Component\s+\d+(?:\.\d+)*)?)*)\s+(?:{cue}|Project|Programme)\b")
        self.project_acronym = re.compile(rf"\b(?:project|programme|program|Project)[ \t]+(?P<acr>{ACRONYM})(?![\w-])(?:\s*\((?P<name>[^()]{{10,200}})\))?")
        self.paren_after_chain = re.compile(rf"(?:,?\s+Phase\s+\w+,?)?\s*\((?P<acr>{ACRONYM}(?:\s+[A-Z][a-z]+){{0,3}})\)(?P<after>\s+(?:{cue}|Project|Programme)\b)?")
        self.cue_just_before = re.compile(rf"\b(?:{cue})[ \t]+$")
        months = "January|February|March|April|May|June|July|August|September|October|November|December"
        self.heads_re = re.compile(rf"\b(?:{head})\b")
        self.cue_words = {c.lower() for c in self.cues}
        self.months = set(months.split("|"))
        self.cue_after_chain = re.compile(rf"[ \t]+(?:{cue})\b")
        self.article_before = re.compile(r"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]his)\s+$")
        self.cue_on_before = re.compile(rf"\b(?:{cue})\s+on\s+$")
        self.agreement_before = re.compile(r"\b(?:[Ll]oan|[Gg]rant)[ \t]+[Aa]greement[ \t]*[:–-]?[ \t]+$")
        self.subject_after = re.compile(r"\s+(?:will\s+be|is|was|has\s+been)\s+(?:implemented|funded|financed|launched)\s+by\b")
        self.component = re.compile(rf"\bComponent\s+(?P<num>\d+(?:\.\d+)*)\.?\s+of\s+the\s+(?P<acr>{ACRONYM})\s+(?:{cue})\b|(?P<acr2>{ACRONYM})\s*[–-]?\s*Component\s+(?P<num2>\d+(?:\.\d+)*)(?!\.?\d)")

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        furniture = Furniture(doc._.furniture)
        found = []
        for item in self.candidates(text):
            if furniture.covers(item["start"], item["end"]):
                continue
            item["before"] = text[max(0, item["start"] - 20) : item["start"]]
            if self.valid(item):
                found.append(item)
        # Acronyms that survived validation are projects: their other mentions count too.
        found += [item for item in self.phases(text, found)
                  if not furniture.covers(item["start"], item["end"]) and self.valid(item)]
        facts(doc, "projects").extend(_dedupe_spans(found))
        return doc

    # -- candidates ---------------------------------------------------------------
    def candidates(self, text: str) -> Iterator[dict]:
        yield from self.quoted(text)
        for m in CHAIN.finditer(text):
            # "Full Title (ACR) project", "Title Programme (ACR)", "programme Title (ACR)"
            paren = self.paren_after_chain.match(text, m.end())
            if not paren:
                continue
            name = _trim(m.group())
            before = text[max(0, m.start() - 30) : m.start()]
            if paren.group("after") or self.heads & set(name.split()) or self.cue_just_before.search(before):
                start = m.start() + m.group().find(name)
                yield {"start": m.start(), "end": paren.end(), "text": text[m.start() : paren.end()],
                       "rule": "titled_acronym", "name": name, "acronym": paren.group("acr"), "name_start": start}
        for m in self.project_acronym.finditer(text):
            name = m.group("name")
            if name and not re.match(r"^[A-Z]", name.strip()):
                name = None
            yield _item(m, "acronym", name=name.strip() if name else None, acr=m.group("acr"), acr_group="acr")
        for m in self.acronym_project.finditer(text):
            for acr in re.finditer(rf"{ACRONYM}(?:\s+Component\s+\d+(?:\.\d+)*)?", m.group("list")):
                if acr.group() in {"and"}:
                    continue
                start = m.start("list") + acr.start()
                yield {"start": start, "end": start + len(acr.group()), "text": acr.group(), "rule": "acronym",
                       "name": None, "acronym": acr.group()}
        for m in (self.component.finditer(text) if "Component" in text else ()):
            acr, num = (m.group("acr"), m.group("num")) if m.group("acr") else (m.group("acr2"), m.group("num2"))
            yield {"start": m.start(), "end": m.end(), "text": m.group(), "rule": "component", "name": None,
                   "acronym": f"{acr} Component {num}"}
        headline_end = _headline_end(text)
        for m in CHAIN.finditer(text):
            # In a title-case headline every word is capitalised: only quoted titles count there.
            if m.start() < headline_end:
                continue
            for rule, name in self.chain_rules(text, m):
                name = _trim(name)
                if name:
                    # The evidence is the name itself, not the whole capitalised run.
                    offset = m.start() + m.group().find(name)
                    yield {"start": offset, "end": offset + len(name), "text": name, "rule": rule, "name": name,
                           "acronym": None, "name_start": offset}
        yield from self.headline(text)

    def chain_rules(self, text: str, m: re.Match) -> Iterator[tuple[str, str]]:
        """The project names a title-case chain gives, by the rule that reads it.

        Cheap string tests guard each regex: most chains are one ordinary word."""
        chain = m.group()
        words = chain.split()
        if words[0].endswith(("-funded", "-financed", "-supported")):
            return  # "the largest EU-funded Programme in Central Asia": a description, not a name
        # head_noun: the chain names a project by its own head word ("... Programme",
        # "Project for ..."), the head ending the chain or followed by on/for/in/to.
        if any(head in chain for head in self.heads):
            for head in reversed(list(self.heads_re.finditer(chain))):
                rest = chain[head.end() :].split()
                if rest and rest[0] not in {"on", "for", "in", "to"}:
                    continue  # "Central Project Management Agency": an organisation's name
                name = chain
                if len(rest) > 1 and rest[1] in self.months:
                    name = chain[: head.end()]  # "MOBILAZE Project on December 31"
                if head.start() > 0 or rest:
                    yield "head_noun", name
                break
        after = text[m.end() : m.end() + 60]
        next_word = after[:25].split(None, 1)[0].lower().strip(".,;:)’'”\"") if after[:1] in " \t" and after.strip() else ""
        before = text[max(0, m.start() - 40) : m.start()]
        if next_word in self.cue_words:
            if self.article_before.search(before) or words[0] in {"The", "This", "Its"}:
                yield "named_project", chain
        if before.endswith("on ") and self.cue_on_before.search(before):
            yield "named_project", chain
        if "greement" in before and self.agreement_before.search(before):
            yield "agreement", chain
        if next_word in {"will", "is", "was", "has"} and self.subject_after.match(after):
            if m.start() == 0 or re.search(r"(?:^|[.,]\s)$", text[max(0, m.start() - 2) : m.start()]):
                yield "subject", chain

    def quoted(self, text: str) -> Iterator[dict]:
        for m in QUOTE.finditer(text):
            group = next(g for g in ("body", "body2", "body3", "body4") if m.group(g) is not None)
            body = m.group(group).strip().rstrip(".,;")
            if not body[:1].isalpha() or not body[:1].isupper() and not body[:1].isdigit():
                continue
            left = text[max(0, m.start() - 60) : m.start()]
            right = text[m.end() : m.end() + 60]
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            line = text[line_start : len(text) if line_end < 0 else line_end]
            listed = re.match(r"^\s*(?:\d+[.)]|[•*-])\s*[“\"‘«]", line) and re.fullmatch(
                r"\s*(?:\(\w[^)]*\))?\s*(?:[Pp]roject|[Pp]rogramme)?\s*", text[m.end() : len(text) if line_end < 0 else line_end])
            if not (self.cue_before.search(left) or self.cue_after.match(right) or listed):
                continue
            if self._not_project_around(left, right):
                continue
            name, acr = body, None
            inner = BODY_WITH_ACRONYM.match(body) or None
            if inner:
                name, acr = inner.group("name"), inner.group("acr")
            else:
                colon = ACRONYM_COLON.match(body)
                if colon:
                    name, acr = colon.group("name"), colon.group("acr")
            after = PAREN_ACRONYM.match(right)
            if acr is None and after:
                acr = after.group("acr")
            body_start = m.start(group) + (len(m.group(group)) - len(m.group(group).lstrip()))
            yield {"start": m.start(), "end": m.end(), "text": m.group(), "rule": "quoted_title",
                   "name": name.strip(" ,;:"), "acronym": acr,
                   "name_start": body_start + body.find(name.strip(" ,;:")) if name else None}

    def phases(self, text: str, candidates: list[dict]) -> Iterator[dict]:
        """Once the text names a project acronym, its other standalone mentions ("BOMCA 10
        has started ...") are mentions of that project; and 'BOMCA 9', 'BOMCA-10' are
        numbered phases of an acronym it names."""
        known = {c["acronym"] for c in candidates if c.get("acronym")}
        for acronym in known:
            for m in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-]|\s\d)", text):
                yield {"start": m.start(), "end": m.end(), "text": m.group(), "rule": "acronym",
                       "name": None, "acronym": acronym}
        bases = {c["acronym"] for c in candidates if c.get("acronym") and re.fullmatch(r"[A-Za-z]+", c["acronym"])}
        for base in bases:
            for m in re.finditer(rf"\b{re.escape(base)}(?:[-–]|\s)(?P<num>\d+)(?![\d.,]\d)", text):
                yield {"start": m.start(), "end": m.end(), "text": m.group(), "rule": "acronym", "name": None,
                       "acronym": m.group()}

    def headline(self, text: str) -> Iterator[dict]:
        """The page title names the project when the text goes on 'This project ...'."""
        lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text)]
        for i, (start, line) in enumerate(lines[:2]):
            stripped = line.strip()
            if not _title_case_line(stripped):
                continue
            body = [l.strip() for _, l in lines[i + 1 : i + 4] if l.strip()]
            if body and len(body[0].split()) <= 4 and len(body) > 1:
                body = body[1:]  # a tag line ("Armenia Azerbaijan Georgia") between title and text
            if body and re.match(r"(?:This|The)\s+(?:project|programme)\b", body[0]):
                offset = start + line.find(stripped)
                yield {"start": offset, "end": offset + len(stripped), "text": stripped, "rule": "headline",
                       "name": stripped, "acronym": None, "name_start": offset}

    # -- filters ------------------------------------------------------------------
    def _not_project_around(self, left: str, right: str) -> bool:
        next_word = re.match(r"^\s*(?:\([^)]*\)\s*)?(?:international\s+)?([A-Za-z]+)", right)
        prev_word = re.search(r"([A-Za-z]+)\s*$", left)
        words = {w.group(1).lower() for w in (next_word, prev_word) if w}
        return bool(words & {w.lower() for w in self.not_project}) and not self.cue_before.search(left)

    def valid(self, item: dict) -> bool:
        lex = self.lex
        name = item.get("name")
        owner = re.match(r"^([A-Z]{2,})\s+(?=\S+(?:\s+\S+)*\s+(?:Programme|Program|Project)\b)", name or "")
        if owner and owner.group(1) in lex.organisations:
            item["name"] = name = name[owner.end() :]  # "IOM Labour Migration Programme": IOM runs it
        if name and re.fullmatch(rf"{ACRONYM}(?:\s*(?:,|and)\s*{ACRONYM})+", name):
            return False  # "the ALFA and BETA projects": a list, each found on its own
        bare = re.fullmatch(rf"(?P<acr>{ACRONYM})(?:\s+(?:Project|Programme))?", name or "")
        if bare and not item.get("acronym"):  # "the MOBILAZE project": an acronym, not a title
            item["acronym"], item["name"], name = bare.group("acr"), None, None
        acr = item.get("acronym")
        if acr:
            base = re.sub(r"[-–\s]?\d+(?:\.\d+)*$", "", acr).strip()  # "BOMCA 10" -> "BOMCA"; "EU4ITD" stays
            if (base in lex.organisations or base in lex.country_forms or base.lower() in self.instruments
                    or base in self.not_acronyms):
                return False
            if base.isupper() and len(base) <= 1:
                return False
            before = item.get("before", "")
            if re.search(r"\b(?:other|these|those|such|several|all|many|its|their)\s+$", before):
                return False
        if name:
            words = name.split()
            folded = fold(name)
            if folded in lex.org_by_name or name in lex.organisations or name in lex.country_forms:
                return False
            if item["rule"] != "quoted_title" and any(org in folded for org in lex.org_by_name):
                return False  # "ICMPD and the United Nations Development Programme"
            if folded.removeprefix("the ") in self.instruments:
                return False
            content = [w for w in words if w[:1].isupper() and w not in self.heads and w.lower() not in {"the", "this", "a", "an"}]
            if item["rule"] != "quoted_title" and all(
                    w in lex.organisations or w in lex.country_forms or w in lex.demonyms or w.lower() in self.instruments
                    or w.rstrip("-") in lex.organisations or "-funded" in w for w in content):
                return False
            if not content and not item.get("acronym"):
                return False
            if re.search(r"[’']s$", name) or re.search(
                    r"\b(?:Agency|Ministry|Bank|Office|Department|Organi[sz]ation|Centre|Center|Council|Committee|"
                    r"Foundation|Association|Unit|Service|Authority|Institute|University|Fund|Trust)$", name):
                return False  # an organisation, or "the Trust Fund’s programme"
            if any(w.lower() in self.not_project for w in words[-1:]) and item["rule"] != "quoted_title":
                return False
        return bool(item.get("acronym") or name)


_FUNCTION_WORDS = {"of", "for", "the", "and", "in", "to", "on", "a", "an", "with", "at", "by", "from"}


def _title_case_line(line: str) -> bool:
    """A headline: no final full stop, and most content words capitalised."""
    words = line.split()
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
    return (len(words) >= 4 and not re.search(r"[.!?:;]$", line.strip())
            and sum(w[:1].isupper() for w in content) >= 0.6 * max(1, len(content)))


def _headline_end(text: str) -> int:
    """End of the first line when it is a title-case headline, else 0."""
    first = re.match(r"\s*([^\n]+)\n\s*\S", text)  # a headline has text under it
    return first.end(1) if first and _title_case_line(first.group(1)) else 0


def _trim(name: str) -> str:
    name = re.sub(r"^(?:The|This|A|An|Its|Under|In|On|For|With|By)\s+", "", name.strip())
    name = re.sub(r"^\w+[’']s\s+", "", name)  # "EU’s European Neighbourhood Programme"
    return name.strip(" ,;:–-")


def _item(m: re.Match, rule: str, name: Optional[str] = None, acr: Optional[str] = None,
          name_group: Optional[str] = None, acr_group: Optional[str] = None) -> dict:
    start, end = m.start(), m.end()
    item = {"start": start, "end": end, "text": m.group(), "rule": rule, "name": name, "acronym": acr}
    if name and name_group:
        offset = m.start(name_group) + m.group(name_group).find(name)
        item["name_start"] = offset
    return item


def _dedupe_spans(items: list[dict]) -> list[dict]:
    """Overlapping candidates: keep the one with most information (acronym+name), then the longest."""
    def score(i):
        return (bool(i.get("acronym")) + bool(i.get("name")), i["end"] - i["start"])

    kept: list[dict] = []
    for item in sorted(items, key=lambda i: (i["start"], -(i["end"] - i["start"]))):
        clash = [k for k in kept if item["start"] < k["end"] and k["start"] < item["end"]]
        if not clash:
            kept.append(item)
            continue
        if all(score(item) > score(k) for k in clash):
            for k in clash:
                kept.remove(k)
            kept.append(item)
    return sorted(kept, key=lambda i: i["start"])

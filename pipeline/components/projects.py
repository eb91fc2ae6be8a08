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
from itertools import islice
from typing import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .base import Furniture, RuleComponent, doc_text, facts, read_tsv
from .lexicon import FILES, Lexicon, fold
from .project_patterns import (
    ACRONYM,
    ACRONYM_ALONE,
    ACRONYM_COLON,
    ACRONYM_LIST,
    ARTICLE_BEFORE,
    BARE_ACRONYM,
    BODY_WITH_ACRONYM,
    CHAIN,
    CLAUSE_START,
    LETTERS,
    LINE,
    LISTED_ACRONYM,
    NEXT_WORD_STRIP,
    ON,
    ORGANISATION_END,
    OWNER,
    PAREN_ACRONYM,
    PHASE_NUMBER,
    PHASE_NUMBER_AFTER,
    POSSESSIVE_END,
    QUANTIFIER_BEFORE,
    QUOTES,
    STANDS_ALONE,
    STARTS_UPPER,
    SUBJECT_VERBS,
    THIS_PROJECT,
    THIS_PROJECT_LINE,
    WORD_AFTER,
    candidate,
    dedupe_spans,
    headline_end,
    last_word,
    alternation_matches,
    listed_item,
    literal_matches,
    search_end,
    title_case_line,
    trim_name,
)


@Language.factory("projects", default_config={"rules": ""})
def make_projects(nlp: Language, name: str, rules: str) -> "Projects":
    return Projects(nlp, name, rules)


class Projects(RuleComponent):
    files = FILES + ("projects.tsv",)

    def load(self) -> None:
        self.lex = Lexicon.from_dir(self.rules_path)
        # Any organisation's folded name as a plain substring, in one search. The names are
        # grouped by first letter, so that `re` tries a few letters at each position, not all names.
        by_first: dict[str, list[str]] = {}
        for name in self.lex.org_by_name:
            by_first.setdefault(name[:1], []).append(re.escape(name[1:]))
        self.org_name_inside = re.compile(
            "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in by_first.items()) or "(?!)")
        rows = read_tsv(self.data_path("projects.tsv"))
        kinds: dict[str, list[str]] = {}
        for row in rows:
            kinds.setdefault(row["kind"], []).append(row["form"])
        self.cues = set(kinds.get("cue", []))
        self.heads = set(kinds.get("head", []))
        self.not_project = set(kinds.get("not_project", []))
        self.not_project_lower = {w.lower() for w in self.not_project}
        self.instruments = {f.lower() for f in kinds.get("instrument", [])}
        self.not_acronyms = set(kinds.get("not_acronym", []))
        self.anaphors = kinds.get("anaphor", [])
        cue = "|".join(sorted(self.cues, key=len, reverse=True))
        head = "|".join(sorted(self.heads, key=len, reverse=True))
        self.cue_before = re.compile(rf"(?:\b(?:{cue}|component)\s*(?:called|entitled|titled|named)?\s*[:–-]?|\b(?:{cue})\b[^.“\"«]{{0,40}}\s[–—-]|\b(?:[Ll]oan|[Gg]rant)\s+[Aa]greement\s*[:–-]?|\bframework\s+of(?:\s+the)?)\s*$")
        self.cue_after = re.compile(rf"^\s*(?:\([^)]{{1,40}}\)\s*)?(?:{cue}|Project|Programme|Program)\b")
        self.acronym_project = re.compile(
            rf"(?P<list>{ACRONYM_ALONE}(?:\s+Component\s+\d+(?:\.\d+)*)?(?:\s*(?:,|and)\s*{ACRONYM}(?:\s+Component\s+\d+(?:\.\d+)*)?)*)\s+(?:{cue}|Project|Programme)\b")
        # "project ACR (Full Title)": lower-case words and "Project", for `alternation_matches`
        # (the word comes before the lookbehind that says it starts a word).
        acronym_and_title = rf"[ \t]+(?P<acr>{ACRONYM})(?![\w-])(?:\s*\((?P<name>[^()]{{10,200}})\))?"
        self.project_acronym = (re.compile(rf"pro(?<!\wpro)(?:ject|gramme|gram){acronym_and_title}"),
                                re.compile(rf"Project(?<!\wProject){acronym_and_title}"))
        self.cue_just_before = re.compile(rf"\b(?:{cue})[ \t]+$")
        months = "January|February|March|April|May|June|July|August|September|October|November|December"
        self.heads_re = re.compile(rf"\b(?:{head})\b")
        # Any head as a plain substring: a quick test before `heads_re`.
        self.head_inside = re.compile("|".join(re.escape(h) for h in self.heads) or "(?!)")
        self.cue_words = {c.lower() for c in self.cues}
        subject = r"(?:will\s+be|is|was|has\s+been)\s+(?:implemented|funded|financed|launched)\s+by\b"
        self.subject_after = re.compile(rf"\s+{subject}")
        # Title-case chains, each with what follows it, tested in the same pass: either
        # an acronym in brackets ("... (ACR) project": group `bracket`), or possibly what
        # `chain_rules` reads after a chain (group `next_word`, a superset): a cue word
        # (the first word within 25 characters, lower-cased, stripped of punctuation, as
        # it reads it), "... will be implemented by", or 25 spaces (where it finds no word).
        cue_words = "|".join(re.escape(w) for w in sorted(self.cue_words))
        next_word = rf"[ \t](?:\s{{24}}|\s*[{re.escape(NEXT_WORD_STRIP)}]*(?i:{cue_words})|\s*{subject})"
        self.chain_in_context = re.compile(
            rf"{CHAIN.pattern}(?:(?=(?P<bracket>(?:,?\s+Phase\s+\w+,?)?\s*\((?P<acr>{ACRONYM}(?:\s+[A-Z][a-z]+){{0,3}})\)"
            rf"(?P<after>\s+(?:{cue}|Project|Programme)\b)?))|(?=(?P<next_word>{next_word})))?")
        self.next_word_after = re.compile(next_word)  # the same test, where `bracket` matched first
        self.months = set(months.split("|"))
        self.cue_on_before = re.compile(rf"\b(?:{cue})\s+on\s+$")
        self.agreement_before = re.compile(r"\b(?:[Ll]oan|[Gg]rant)[ \t]+[Aa]greement[ \t]*[:–-]?[ \t]+$")
        # "Component 3.1 of the SCOP project", "SCOP – Component 3.1", for `alternation_matches`
        self.component = (
            re.compile(rf"Component(?<!\wComponent)\s+(?P<num>\d+(?:\.\d+)*)\.?\s+of\s+the\s+(?P<acr>{ACRONYM})\s+(?:{cue})\b"),
            re.compile(rf"(?P<acr>{ACRONYM})\s*[–-]?\s*Component\s+(?P<num>\d+(?:\.\d+)*)(?!\.?\d)"))

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        furniture = Furniture.of(doc)
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
        facts(doc, "projects").extend(dedupe_spans(found))
        return doc

    # -- candidates ---------------------------------------------------------------
    def candidates(self, text: str) -> Iterator[dict]:
        yield from self.quoted(text)
        titled, named = self.chain_candidates(text)
        yield from titled
        for m in alternation_matches(self.project_acronym, text):
            name = m.group("name")
            if name and not STARTS_UPPER.match(name.strip()):
                name = None
            yield candidate(m, "acronym", name=name.strip() if name else None, acr=m.group("acr"), acr_group="acr")
        for m in self.acronym_project.finditer(text):
            for acr in LISTED_ACRONYM.finditer(m.group("list")):
                if acr.group() in {"and"}:
                    continue
                start = m.start("list") + acr.start()
                yield {"start": start, "end": start + len(acr.group()), "text": acr.group(), "rule": "acronym",
                       "name": None, "acronym": acr.group()}
        for m in (alternation_matches(self.component, text) if "Component" in text else ()):
            acr, num = m.group("acr"), m.group("num")
            yield {"start": m.start(), "end": m.end(), "text": m.group(), "rule": "component", "name": None,
                   "acronym": f"{acr} Component {num}"}
        yield from named
        yield from self.headline(text)

    def chain_candidates(self, text: str) -> tuple[list[dict], list[dict]]:
        """Candidates from title-case chains, in one pass over them: those with an acronym
        in brackets after the chain (titled_acronym), and the names `chain_rules` gives."""
        titled, named = [], []
        headline_stop = headline_end(text)
        # Quick tests for `chain_rules`, made once for the text: most chains are ordinary
        # capitalised words that no rule reads, and are skipped without building anything.
        after_on = {m.end() for m in ON.finditer(text)}
        agreement = "greement" in text
        head = self.head_inside.search(text) is not None
        for m in self.chain_in_context.finditer(text):
            start = m.start()
            follows = m.lastgroup  # "bracket", "next_word" or None: see `chain_in_context`
            if follows == "bracket":
                # "Full Title (ACR) project", "Title Programme (ACR)", "programme Title (ACR)"
                chain = m.group()
                name = trim_name(chain)
                before = text[max(0, start - 30) : start]
                if m.group("after") or self.heads & set(name.split()) or self.cue_just_before.search(before):
                    titled.append({"start": start, "end": m.end("bracket"), "text": text[start : m.end("bracket")],
                                   "rule": "titled_acronym", "name": name, "acronym": m.group("acr"),
                                   "name_start": start + chain.find(name)})
                follows = self.next_word_after.match(text, m.end())  # not tested after `bracket` matched
            # In a title-case headline every word is capitalised: only quoted titles count there.
            if start < headline_stop:
                continue
            if not (follows or start in after_on
                    or agreement and "greement" in text[max(0, start - 40) : start]
                    or head and self.head_inside.search(m.group())):
                continue
            chain = m.group()
            for rule, name in self.chain_rules(text, m):
                name = trim_name(name)
                if name:
                    # The evidence is the name itself, not the whole capitalised run.
                    offset = start + chain.find(name)
                    named.append({"start": offset, "end": offset + len(name), "text": name, "rule": rule,
                                  "name": name, "acronym": None, "name_start": offset})
        return titled, named

    def chain_rules(self, text: str, m: re.Match) -> list[tuple[str, str]]:
        """The project names a title-case chain gives, by the rule that reads it.

        Cheap string tests guard each regex: most chains are one ordinary word."""
        chain = m.group()
        first = chain.split(None, 1)[0]
        if first.endswith(("-funded", "-financed", "-supported")):
            return []  # "the largest EU-funded Programme in Central Asia": a description, not a name
        names = []
        # head_noun: the chain names a project by its own head word ("... Programme",
        # "Project for ..."), the head ending the chain or followed by on/for/in/to.
        if self.head_inside.search(chain):
            for head in reversed(list(self.heads_re.finditer(chain))):
                rest = chain[head.end() :].split()
                if rest and rest[0] not in {"on", "for", "in", "to"}:
                    continue  # "Central Project Management Agency": an organisation's name
                name = chain
                if len(rest) > 1 and rest[1] in self.months:
                    name = chain[: head.end()]  # "MOBILAZE Project on December 31"
                if head.start() > 0 or rest:
                    names.append(("head_noun", name))
                break
        start, end = m.span()
        after = text[end : end + 60]
        near = after[:25]  # (all spaces when a long gap follows: then there is no next word)
        next_word = near.split(None, 1)[0].lower().strip(NEXT_WORD_STRIP) if after[:1] in " \t" and near.strip() else ""
        before = text[max(0, start - 40) : start]
        if next_word in self.cue_words:
            if search_end(ARTICLE_BEFORE, before) or first in {"The", "This", "Its"}:
                names.append(("named_project", chain))
        if before.endswith("on ") and self.cue_on_before.search(before):
            names.append(("named_project", chain))
        if "greement" in before and self.agreement_before.search(before):
            names.append(("agreement", chain))
        if next_word in SUBJECT_VERBS and self.subject_after.match(after):
            if start == 0 or CLAUSE_START.search(text[max(0, start - 2) : start]):
                names.append(("subject", chain))
        return names

    def quoted(self, text: str) -> Iterator[dict]:
        for m in alternation_matches(QUOTES, text):
            body = m.group("body").strip().rstrip(".,;")
            if not body[:1].isalpha() or not body[:1].isupper() and not body[:1].isdigit():
                continue
            left = text[max(0, m.start() - 60) : m.start()]
            right = text[m.end() : m.end() + 60]
            if not (self.cue_after.match(right) or self.cue_before.search(left) or listed_item(text, m)):
                continue
            if self._not_project_around(left, right):
                continue
            name, acr = body, None
            inner = "(" in body and BODY_WITH_ACRONYM.match(body) or None
            if inner:
                name, acr = inner.group("name"), inner.group("acr")
            else:
                colon = ACRONYM_COLON.match(body)
                if colon:
                    name, acr = colon.group("name"), colon.group("acr")
            after = PAREN_ACRONYM.match(right)
            if acr is None and after:
                acr = after.group("acr")
            body_start = m.start("body") + (len(m.group("body")) - len(m.group("body").lstrip()))
            yield {"start": m.start(), "end": m.end(), "text": m.group(), "rule": "quoted_title",
                   "name": name.strip(" ,;:"), "acronym": acr,
                   "name_start": body_start + body.find(name.strip(" ,;:")) if name else None}

    def phases(self, text: str, candidates: list[dict]) -> Iterator[dict]:
        """Once the text names a project acronym, its other standalone mentions ("BOMCA 10
        has started ...") are mentions of that project; and 'BOMCA 9', 'BOMCA-10' are
        numbered phases of an acronym it names."""
        known = {c["acronym"] for c in candidates if c.get("acronym")}
        for acronym in known:
            for start, end in literal_matches(text, acronym, "-", STANDS_ALONE):
                yield {"start": start, "end": end, "text": text[start:end], "rule": "acronym",
                       "name": None, "acronym": acronym}
        bases = {c["acronym"] for c in candidates if c.get("acronym") and LETTERS.fullmatch(c["acronym"])}
        for base in bases:
            for start, end in literal_matches(text, base, "", PHASE_NUMBER_AFTER):
                yield {"start": start, "end": end, "text": text[start:end], "rule": "acronym", "name": None,
                       "acronym": text[start:end]}

    def headline(self, text: str) -> Iterator[dict]:
        """The page title names the project when the text goes on 'This project ...'."""
        if not THIS_PROJECT_LINE.search(text):
            return  # no line under the title can go on so (the usual case): no need to read them
        # The first two lines, and the three lines under a title-case one: read as needed.
        matches = LINE.finditer(text)
        lines = [(m.start(), m.group()) for m in islice(matches, 2)]
        for i, (start, line) in enumerate(lines[:2]):
            stripped = line.strip()
            if not title_case_line(stripped):
                continue
            lines += [(m.start(), m.group()) for m in islice(matches, max(0, i + 4 - len(lines)))]
            body = [l.strip() for _, l in lines[i + 1 : i + 4] if l.strip()]
            if body and len(body[0].split()) <= 4 and len(body) > 1:
                body = body[1:]  # a tag line ("Armenia Azerbaijan Georgia") between title and text
            if body and THIS_PROJECT.match(body[0]):
                offset = start + line.find(stripped)
                yield {"start": offset, "end": offset + len(stripped), "text": stripped, "rule": "headline",
                       "name": stripped, "acronym": None, "name_start": offset}

    # -- filters ------------------------------------------------------------------
    def _not_project_around(self, left: str, right: str) -> bool:
        next_word = WORD_AFTER.match(right)
        words = {next_word.group(1).lower()} if next_word else set()
        prev_word = last_word(left)
        if prev_word:
            words.add(prev_word.lower())
        return bool(words & self.not_project_lower) and not self.cue_before.search(left)

    def valid(self, item: dict) -> bool:
        lex = self.lex
        name = item.get("name")
        owner = OWNER.match(name or "")
        if owner and owner.group(1) in lex.organisations:
            item["name"] = name = name[owner.end() :]  # "IOM Labour Migration Programme": IOM runs it
        if name and ACRONYM_LIST.fullmatch(name):
            return False  # "the ALFA and BETA projects": a list, each found on its own
        bare = BARE_ACRONYM.fullmatch(name or "")
        if bare and not item.get("acronym"):  # "the MOBILAZE project": an acronym, not a title
            item["acronym"], item["name"], name = bare.group("acr"), None, None
        acr = item.get("acronym")
        if acr:
            base = PHASE_NUMBER.sub("", acr).strip()  # "BOMCA 10" -> "BOMCA"; "EU4ITD" stays
            if (base in lex.organisations or base in lex.country_forms or base.lower() in self.instruments
                    or base in self.not_acronyms):
                return False
            if base.isupper() and len(base) <= 1:
                return False
            before = item.get("before", "")
            if search_end(QUANTIFIER_BEFORE, before):
                return False
        if name:
            words = name.split()
            folded = fold(name)
            if folded in lex.org_by_name or name in lex.organisations or name in lex.country_forms:
                return False
            if item["rule"] != "quoted_title" and self.org_name_inside.search(folded):
                return False  # "ICMPD and the United Nations Development Programme"
            if folded.removeprefix("the ") in self.instruments:
                return False
            # The capitalised words that say what it is, read as far as needed (mostly one).
            content = (w for w in words if w[:1].isupper() and w not in self.heads and w.lower() not in {"the", "this", "a", "an"})
            if item["rule"] != "quoted_title":
                if all(w in lex.organisations or w in lex.country_forms or w in lex.demonyms or w.lower() in self.instruments
                       or w.rstrip("-") in lex.organisations or "-funded" in w for w in content):
                    return False  # only organisations, countries or instruments, or no such word at all
            elif next(content, None) is None and not item.get("acronym"):
                return False
            if search_end(POSSESSIVE_END, name) or search_end(ORGANISATION_END, name):
                return False  # an organisation, or "the Trust Fund’s programme"
            if item["rule"] != "quoted_title" and words and words[-1].lower() in self.not_project:
                return False
        return bool(item.get("acronym") or name)

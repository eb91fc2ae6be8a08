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
from string import ascii_letters as ASCII_LETTERS
from typing import Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc

from .base import doc_text, Furniture, RuleComponent, facts, read_tsv
from .lexicon import FILES, Lexicon, fold

# A capitalised word ("EU’s", "Co-operation"), matched possessively: what may follow it in
# a chain (a space, a comma) cannot match inside it, so giving characters back never helps.
CAPW = r"[A-Z]\w*+(?:[’']\w+)*+(?:-\w+(?:[’']\w+)*+)*+"
FUNC = r"(?:of|for|the|and|in|to|on|with|at|a|an|by|from|into|through|against|towards?|&|–|-)"


def _acronym(not_after: str = "A-Za-z0-9") -> str:
    """Pattern of an acronym not preceded by a character of the class `not_after`.

    Two or more capitals in the first part ("MOBILAZE", "CareFor", "RR4D"), then
    hyphenated parts ("IBM-WB", "ENPARD-3") or a phase number ("BOMCA 10").
    The first capital comes before the lookarounds (which then look back over it):
    a pattern that starts with a character class lets `re` skip to the capitals. The
    second capital is the first one after the lower-case letters and digits."""
    return (rf"[A-Z](?<![{not_after}][A-Z])(?=[a-z0-9]*+[A-Z])[A-Za-z0-9]*(?:[-–][A-Z0-9][A-Za-z0-9]*)*"
            r"(?:\s\d+(?:\.\d+)?\b|\s(?:II|III|IV|V|VI|VII|VIII|IX|X)\b)?")


ACRONYM = _acronym()
ACRONYM_ALONE = _acronym(r"\w-")  # nor after a hyphen or any letter ("EU-ABC", "éABC")
# Title-case words on one line (commas only in a list that ends "... and X"), matched
# possessively: each chain is found once per text and never backtracked into.
CHAIN = re.compile(rf"{CAPW}(?:(?:[ \t]+{FUNC})*+[ \t]+{CAPW}|,[ \t]+{CAPW}(?=(?:[ \t]+{CAPW}|,)*[ \t]+and[ \t]))*+")
# A quoted text, by its opening mark: “...” (or ..."), «...», "..." (or ...”), ‘...’ (not an
# apostrophe). One pattern a mark, read together by `_leftmost_matches`.
QUOTES = (re.compile(r"“\s*(?P<body>[^“”\n]{3,250}?)\s*[”\"]"),
          re.compile(r"«\s*(?P<body>[^«»\n]{3,250}?)\s*»"),
          re.compile(r"\"\s*(?P<body>[^\"“”\n]{3,250}?)\s*[\"”]"),
          re.compile(r"‘(?<!\w‘)\s*(?P<body>[^‘’\n]{3,250}?)\s*’(?!\w)"))
PAREN_ACRONYM = re.compile(rf"^\s*\((?P<acr>{ACRONYM}(?:\s+[A-Z][a-z]+){{0,3}})\)")
BODY_WITH_ACRONYM = re.compile(rf"^(?P<name>.+?)\s*\((?P<acr>{ACRONYM}(?:\s+[A-Z][a-z]+){{0,3}})\)$")
ACRONYM_COLON = re.compile(rf"^(?P<acr>{ACRONYM})\s*:\s*(?P<name>.+)$")
LISTED_ACRONYM = re.compile(rf"{ACRONYM}(?:\s+Component\s+\d+(?:\.\d+)*)?")  # one of "ABC, DEF and GHI"
STARTS_UPPER = re.compile(r"^[A-Z]")
CLAUSE_START = re.compile(r"(?:^|[.,]\s)$")
ON = re.compile("on ")
NEXT_WORD_STRIP = ".,;:)’'”\""  # punctuation around the word after a chain
SUBJECT_VERBS = {"will", "is", "was", "has"}  # "X will be implemented by ..."
LINE = re.compile(r"[^\n]+")
FIRST_LINE = re.compile(r"\s*([^\n]+)\n\s*\S")  # with text under it, as a headline has
SENTENCE_END = (".", "!", "?", ":", ";")
THIS_PROJECT = re.compile(r"(?:This|The)\s+(?:project|programme)\b")
WORD_AFTER = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:international\s+)?([A-Za-z]+)")
LEADING_ARTICLE = re.compile(r"^(?:The|This|A|An|Its|Under|In|On|For|With|By)\s+")
LEADING_POSSESSOR = re.compile(r"^\w+[’']s\s+")
# Names that are not projects (`Projects.valid`).
OWNER = re.compile(r"^([A-Z]{2,})\s+(?=\S+(?:\s+\S+)*\s+(?:Programme|Program|Project)\b)")
ACRONYM_LIST = re.compile(rf"{ACRONYM}(?:\s*(?:,|and)\s*{ACRONYM})+")
BARE_ACRONYM = re.compile(rf"(?P<acr>{ACRONYM})(?:\s+(?:Project|Programme))?")
PHASE_NUMBER = re.compile(r"[-–\s]?\d+(?:\.\d+)*$")
# Endings, for `_search_end`: each pattern with how far before the end of the text (trailing
# whitespace aside) a match can start, the length of its longest word.
ARTICLE_BEFORE = (re.compile(r"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]his)\s+$"), len("This"))
QUANTIFIER_BEFORE = (re.compile(r"\b(?:other|these|those|such|several|all|many|its|their)\s+$"), len("several"))
POSSESSIVE_END = (re.compile(r"[’']s$"), len("’s"))  # "the Trust Fund’s"
ORGANISATION_WORDS = ("Agency", "Ministry", "Bank", "Office", "Department", "Organisation", "Organization", "Centre",
                      "Center", "Council", "Committee", "Foundation", "Association", "Unit", "Service", "Authority",
                      "Institute", "University", "Fund", "Trust")
ORGANISATION_END = (re.compile(rf"\b(?:{'|'.join(ORGANISATION_WORDS)})$"), max(map(len, ORGANISATION_WORDS)))
LETTERS = re.compile(r"[A-Za-z]+")
# What follows a known acronym's other mentions (`Projects.phases`): nothing that continues
# it ("BOMCA 10" is not "BOMCA"), or, after a base of letters, a phase number ("BOMCA-9").
STANDS_ALONE = re.compile(r"(?![\w-]|\s\d)")
PHASE_NUMBER_AFTER = re.compile(r"(?:[-–]|\s)(?P<num>\d+)(?![\d.,]\d)")
LIST_ITEM = re.compile(r"\s*(?:\d+[.)]|[•*-])\s*[“\"‘«]")
LIST_ITEM_REST = re.compile(r"\s*(?:\(\w[^)]*\))?\s*(?:[Pp]roject|[Pp]rogramme)?\s*")


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
        # "project ACR (Full Title)": lower-case words and "Project", for `_leftmost_matches`
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
        # "Component 3.1 of the SCOP project", "SCOP – Component 3.1", for `_leftmost_matches`
        self.component = (
            re.compile(rf"Component(?<!\wComponent)\s+(?P<num>\d+(?:\.\d+)*)\.?\s+of\s+the\s+(?P<acr>{ACRONYM})\s+(?:{cue})\b"),
            re.compile(rf"(?P<acr>{ACRONYM})\s*[–-]?\s*Component\s+(?P<num>\d+(?:\.\d+)*)(?!\.?\d)"))

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
        titled, named = self.chain_candidates(text)
        yield from titled
        for m in _leftmost_matches(self.project_acronym, text):
            name = m.group("name")
            if name and not STARTS_UPPER.match(name.strip()):
                name = None
            yield _item(m, "acronym", name=name.strip() if name else None, acr=m.group("acr"), acr_group="acr")
        for m in self.acronym_project.finditer(text):
            for acr in LISTED_ACRONYM.finditer(m.group("list")):
                if acr.group() in {"and"}:
                    continue
                start = m.start("list") + acr.start()
                yield {"start": start, "end": start + len(acr.group()), "text": acr.group(), "rule": "acronym",
                       "name": None, "acronym": acr.group()}
        for m in (_leftmost_matches(self.component, text) if "Component" in text else ()):
            acr, num = m.group("acr"), m.group("num")
            yield {"start": m.start(), "end": m.end(), "text": m.group(), "rule": "component", "name": None,
                   "acronym": f"{acr} Component {num}"}
        yield from named
        yield from self.headline(text)

    def chain_candidates(self, text: str) -> tuple[list[dict], list[dict]]:
        """Candidates from title-case chains, in one pass over them: those with an acronym
        in brackets after the chain (titled_acronym), and the names `chain_rules` gives."""
        titled, named = [], []
        headline_end = _headline_end(text)
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
                name = _trim(chain)
                before = text[max(0, start - 30) : start]
                if m.group("after") or self.heads & set(name.split()) or self.cue_just_before.search(before):
                    titled.append({"start": start, "end": m.end("bracket"), "text": text[start : m.end("bracket")],
                                   "rule": "titled_acronym", "name": name, "acronym": m.group("acr"),
                                   "name_start": start + chain.find(name)})
                follows = self.next_word_after.match(text, m.end())  # not tested after `bracket` matched
            # In a title-case headline every word is capitalised: only quoted titles count there.
            if start < headline_end:
                continue
            if not (follows or start in after_on
                    or agreement and "greement" in text[max(0, start - 40) : start]
                    or head and self.head_inside.search(m.group())):
                continue
            chain = m.group()
            for rule, name in self.chain_rules(text, m):
                name = _trim(name)
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
        next_word = after[:25].split(None, 1)[0].lower().strip(NEXT_WORD_STRIP) if after[:1] in " \t" and after.strip() else ""
        before = text[max(0, start - 40) : start]
        if next_word in self.cue_words:
            if _search_end(ARTICLE_BEFORE, before) or first in {"The", "This", "Its"}:
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
        for m in _leftmost_matches(QUOTES, text):
            body = m.group("body").strip().rstrip(".,;")
            if not body[:1].isalpha() or not body[:1].isupper() and not body[:1].isdigit():
                continue
            left = text[max(0, m.start() - 60) : m.start()]
            right = text[m.end() : m.end() + 60]
            if not (self.cue_after.match(right) or self.cue_before.search(left) or _listed(text, m)):
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
            for start, end in _literal_matches(text, acronym, "-", STANDS_ALONE):
                yield {"start": start, "end": end, "text": text[start:end], "rule": "acronym",
                       "name": None, "acronym": acronym}
        bases = {c["acronym"] for c in candidates if c.get("acronym") and LETTERS.fullmatch(c["acronym"])}
        for base in bases:
            for start, end in _literal_matches(text, base, "", PHASE_NUMBER_AFTER):
                yield {"start": start, "end": end, "text": text[start:end], "rule": "acronym", "name": None,
                       "acronym": text[start:end]}

    def headline(self, text: str) -> Iterator[dict]:
        """The page title names the project when the text goes on 'This project ...'."""
        # The first two lines, and the three lines under a title-case one: read as needed.
        matches = LINE.finditer(text)
        lines = [(m.start(), m.group()) for m in islice(matches, 2)]
        for i, (start, line) in enumerate(lines[:2]):
            stripped = line.strip()
            if not _title_case_line(stripped):
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
        prev_word = _last_word(left)
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
            if _search_end(QUANTIFIER_BEFORE, before):
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
            if _search_end(POSSESSIVE_END, name) or _search_end(ORGANISATION_END, name):
                return False  # an organisation, or "the Trust Fund’s programme"
            if item["rule"] != "quoted_title" and words and words[-1].lower() in self.not_project:
                return False
        return bool(item.get("acronym") or name)


_FUNCTION_WORDS = {"of", "for", "the", "and", "in", "to", "on", "a", "an", "with", "at", "by", "from"}


def _title_case_line(line: str) -> bool:
    """A headline: no final full stop, and most content words capitalised."""
    if line.strip().endswith(SENTENCE_END):
        return False  # most lines are paragraphs: no need to split them into words
    words = line.split()
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
    return len(words) >= 4 and sum(w[:1].isupper() for w in content) >= 0.6 * max(1, len(content))


def _leftmost_matches(patterns: tuple[re.Pattern, ...], text: str) -> Iterator[re.Match]:
    """The matches `finditer` gives for the alternation of `patterns` (none of which
    matches an empty string), each pattern searching on its own.

    Faster when each pattern starts with a literal: `re` skips to a literal by a string
    search, while an alternation of different starts is tried at every character. The
    leftmost match wins, at a tie the first pattern's, as in the alternation; a
    pattern's next match is searched again only once an earlier match has passed it."""
    pending = [pattern.search(text) for pattern in patterns]
    while True:
        found = [m for m in pending if m]
        if not found:
            return
        first = min(found, key=re.Match.start)
        yield first
        pos = first.end()
        pending = [m if m is None or m.start() >= pos else pattern.search(text, pos)
                   for pattern, m in zip(patterns, pending)]


def _listed(text: str, m: re.Match) -> bool:
    """The quote `m` is a numbered or bulleted list item: '1. “Title” (ACR) project'."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    if line_end < 0:
        line_end = len(text)
    return bool(LIST_ITEM.match(text, line_start, line_end) and LIST_ITEM_REST.fullmatch(text, m.end(), line_end))


def _literal_matches(text: str, literal: str, not_after: str, rest: re.Pattern) -> Iterator[tuple[int, int]]:
    """Spans of `literal` followed by `rest` (matched where the literal ends), the literal
    not after a word character (`\\w`) nor one of `not_after`: the spans `re.finditer` gives
    for that pattern, found without compiling one (the literal is an acronym of the text)."""
    pos = 0
    while (start := text.find(literal, pos)) >= 0:
        previous = text[start - 1 : start]  # "" at the start of the text
        after = None
        if not (previous and (previous.isalnum() or previous == "_" or previous in not_after)):
            after = rest.match(text, start + len(literal))
        if after:
            yield start, after.end()
            pos = after.end()
        else:
            pos = start + 1


def _headline_end(text: str) -> int:
    """End of the first line when it is a title-case headline, else 0."""
    first = FIRST_LINE.match(text)
    return first.end(1) if first and _title_case_line(first.group(1)) else 0


def _search_end(ending: tuple[re.Pattern, int], text: str) -> Optional[re.Match]:
    """`pattern.search(text)` for an `ending`, (pattern, reach): a pattern that can only match
    at the end of the text, starting at most `reach` characters before its trailing
    whitespace. The search starts there rather than trying every position of the text."""
    pattern, reach = ending
    return pattern.search(text, len(text.rstrip()) - reach)


def _last_word(text: str) -> str:
    """The ASCII letters that end `text` before any trailing whitespace ('' if none): what
    `([A-Za-z]+)\\s*$` finds, without trying every position of the text."""
    text = text.rstrip()
    start = len(text)
    while start and text[start - 1] in ASCII_LETTERS:
        start -= 1
    return text[start:]


def _trim(name: str) -> str:
    name = LEADING_ARTICLE.sub("", name.strip())
    name = LEADING_POSSESSOR.sub("", name)  # "EU’s European Neighbourhood Programme"
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

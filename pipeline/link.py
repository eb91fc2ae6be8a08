"""Link what the components found into projects and officials.

Projects: mentions merge by acronym ("MOBILAZE 2" = "MOBILAZE-2", but "MOBILAZE" is
another phase) or, without one, by normalised name. Attributes attach to the project
a passage is about, sentence by sentence:
- a date right after a start cue ("launched on", "began in", "since"), an end cue
  ("finalized on", "until", "ends in") or a range ("between 2022-2025") is that
  project's start or end; a "signed on" date is a signing;
- an amount after a budget cue ("total budget of", "amounting to", "worth") or before
  "budget"/"project" is its budget;
- organisations after "funded by", "financial support of", "X-funded" are funders;
  after "implemented by", "in partnership with", "Project by" implementers.
"The project" and "this programme" refer to the project last named; attributes stated
before any project is named ("A €10 mln project will be launched ...") go to the first
project named afterwards (the one introduced as "new", if any).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Optional

from .folding import ascii_folded
from .cues import (
    BUDGET_BEFORE, BUDGET_WORD, BUDGET_WORDS, END_CUE, GIVER_BEFORE, GIVER_VERB, KICK_OFF_AFTER, KICK_OFF_WORDS, RANGE_CUE,
    SIGNED_CUE, START_CUE,
    UP_TO_NON_BUDGET_CUE, UP_TO_NON_DATE_CUE, UP_TO_NON_GIVER, WEAK_END_CUE, WEAK_START_CUE, after_last, find_cues_folded,
    may_hold,
)
from .orgs import OrgNamer

BUDGET_AFTER = re.compile(r"(?i)^\s*(?:[–—-]\s*)?(?:in\s+(?:loans?|grants?|grant\s+aid)\s+)?for\s+(?:the\s+)?(?:[“\"'«‘]|project|programme|program|component|[A-Z])|^\s*(?:budget|(?:[\w-]+\s+){0,3}?(?:project|programme|program|initiative)\b|(?:was|were|has\s+been|have\s+been|is)\s+allocated)")
NOT_BUDGET_AFTER = re.compile(r"(?i)^\s*(?:each|per\b|a\s+year|annually|equivalent)")
FUNDER_BEFORE = re.compile(r"(?:[A-Z][a-z]+\s){0,3}[A-Z][A-Za-z]{1,15}$")
FROM_AFTER_AMOUNT = re.compile(r"\s+(?:in\s+(?:grants?|loans?|funding)\s+)?from\s+(?:the\s+)?(?=[A-Z])")
FOR_NEXT = re.compile(r"(?i)^\s*(?:[–—-]\s*)?(?:in\s+(?:loans?|grants?|grant\s+aid)\s+)?for\s+")
# "IOM has been implementing a regional project ...", "IOM’s MAGNET II Project": who runs it.
IMPLEMENTING = re.compile(r"(?=[iahw])(?:\b(?:is|are|has\s+been|have\s+been|will\s+be)\s+implementing\b|\b(?:implements|will\s+implement)\b)")
OWNER_BEFORE = re.compile(r"(?<![\w-])(?P<org>[A-Z][A-Za-z]{1,10})[’']s\s+$")
PLURAL_ANAPHOR = re.compile(r"\b(?:[Tt]he|[Tt]hese|[Bb]oth)\s+(?:projects|programmes|actions)\b")
NEW_BEFORE = re.compile(r"(?i)\b(?:new|newly(?:\s+launched)?)\s+(?:\w+\s+){0,2}$")
DASH_BETWEEN = re.compile(r"[\s”\"’)]*(?:\([^)]*\))?\s*[–:-]\s*")  # "X” – €5 million": the amount is X's
FROM_WORD = re.compile(r"(?i)\bfrom\s+\S")
FUNDED_AND_IMPLEMENTED = re.compile(r"(?i)funded\s+and\s+implemented")
IMPLEMENTED = re.compile(r"(?i)implemented")
NOT_ACRONYM_CHAR = re.compile(r"[^0-9A-Z]")
QUOTES = re.compile(r"[“”\"‘’'«»]")
LEADING_THE = re.compile(r"^(?:the)\s+")
TRAILING_PROJECT = re.compile(r"\s+(?:project|programme|program)$")
NON_WORDS = re.compile(r"\W+")
ORG_CUES = ("fund", "impl", "adj", "entitled")  # the cues `_organisations` reads names after
NO_ORG_CUES = {cue: () for cue in ORG_CUES}


@lru_cache(maxsize=256)
def word_regex(word: str) -> re.Pattern:
    """`word` as a whole word, in any case (one word of an anaphor: a bounded set)."""
    return re.compile(rf"(?i)\b{word}\b")


def norm_acronym(acronym: str) -> str:
    return NOT_ACRONYM_CHAR.sub("", acronym.upper())


def norm_name(name: str) -> str:
    name = QUOTES.sub("", name.casefold()).strip()
    # (The regexes below run only where they can match: after "the", before a project word.)
    if name.startswith("the"):
        name = LEADING_THE.sub("", name)
    if name.endswith(("project", "programme", "program")):
        name = TRAILING_PROJECT.sub("", name)  # "X Project" is X
    return NON_WORDS.sub(" ", name).strip()


@dataclass(eq=False)  # identity, not value: two projects may look alike
class _Project:
    name: Optional[str] = None
    acronym: Optional[str] = None
    mentions: list[dict] = field(default_factory=list)
    start: Optional[tuple] = None  # (strength, value, evidence)
    end: Optional[tuple] = None
    budget: Optional[tuple] = None
    funders: dict = field(default_factory=dict)  # name -> evidence
    implementers: dict = field(default_factory=dict)


def merge_projects(found: list[dict]) -> list[_Project]:
    projects: list[_Project] = []
    # This document's names and acronyms, each normalised once (norm_name is slow).
    norm, norm_acr = cache(norm_name), cache(norm_acronym)

    for item in sorted(found, key=lambda i: i["start"]):
        acr, name = item.get("acronym"), item.get("name")
        target = None
        if acr:
            key = norm_acr(acr)
            target = next((p for p in projects if p.acronym and norm_acr(p.acronym) == key), None)
            if target is None and name:
                key = norm(name)
                target = next((p for p in projects if not p.acronym and p.name and norm(p.name) == key), None)
        elif name:
            key = norm(name)
            same = [p for p in projects if p.name and norm(p.name) == key]
            target = same[-1] if same else None
        if target is None:
            target = _Project()
            projects.append(target)
        target.acronym = target.acronym or acr
        target.name = target.name or name
        target.mentions.append(item)
    return projects


class _Linker:
    def __init__(self, sentences: Optional[list[tuple[int, int]]], projects: list[_Project], anaphors: list[str],
                 orgs: OrgNamer):
        self.sentences, self.text, self.projects, self.orgs = sentences, orgs.text, projects, orgs
        self.refs = sorted(((m["start"], m["end"], p) for p in projects for m in p.mentions), key=lambda r: r[0])
        self.anaphors = anaphors
        self.pending: list[tuple] = []
        self.current: Optional[_Project] = None
        self.previous_sentence_projects: list[_Project] = []
        self.recent: list[_Project] = []  # projects in the order last named
        self.folded: Optional[bytes] = None  # the text as `ascii_folded` gives it, set by `run`

    def run(self, dates: list[dict], amounts: list[dict]) -> None:
        if not self.projects:
            return  # nothing to link to: roles stay empty
        bounds = self.sentences or [(0, len(self.text))]
        starts = [s for s, _ in bounds]

        def by_sentence(pairs) -> dict[int, list]:
            """Each cue is found once in the text (`find_cues`); its matches are sorted into sentences."""
            buckets: dict[int, list] = {}
            for position, item in pairs:
                buckets.setdefault(bisect_right(starts, position) - 1, []).append(item)
            return buckets

        self.folded = ascii_folded(self.text)
        found = find_cues_folded(self.text, self.folded, self.anaphors)
        explicit_by = by_sentence((a, (a, b, p)) for a, b, p in self.refs)
        anaphor_by = by_sentence((m.start(), m) for m in found["anaphor"])
        generic_in = {bisect_right(starts, m.start()) - 1 for m in found["generic"]}
        dates_by = by_sentence((d["start"], d) for d in dates)
        amounts_by = by_sentence((a["start"], a) for a in amounts)
        cues_in: dict[int, dict[str, list]] = {}  # only sentences with an organisation cue
        for name in ORG_CUES:
            for m in found[name]:
                k = bisect_right(starts, m.start()) - 1
                if k not in cues_in:
                    cues_in[k] = {cue: [] for cue in ORG_CUES}
                cues_in[k][name].append(m)
        # A sentence with no project named, referred to or spoken of links nothing: only
        # the others are read (a position before the first sentence is in none).
        for k in sorted(k for k in explicit_by.keys() | anaphor_by.keys() | generic_in if k >= 0):
            s, e = bounds[k]
            explicit = explicit_by.get(k, [])
            # "the program «X»" names X: an anaphor right before a named project is its cue word.
            anaphoric = []
            if k in anaphor_by:
                anaphoric = [(m.start(), m.end(), self._antecedent(m.group())) for m in anaphor_by[k]
                             if not any(a <= m.start() < b or 0 <= a - m.end() <= 3 for a, b, _ in explicit)]
            generic = k in generic_in
            if not (explicit or anaphoric or generic):
                continue  # a sentence about no project links nothing
            refs = sorted(explicit + anaphoric, key=lambda r: r[0])
            if explicit and self.current is None:
                self._flush_pending()  # the first project named gets what was said before it
            for d in dates_by.get(k, []):
                self._date(d, refs, generic, s)
            for a in amounts_by.get(k, []):
                self._amount(a, refs, generic, s, e)
            self._organisations(s, e, refs, generic, cues_in.get(k, NO_ORG_CUES))
            if explicit:
                self.current = explicit[-1][2]
                for _, _, project in explicit:
                    if project in self.recent:
                        self.recent.remove(project)
                    self.recent.append(project)
                self.previous_sentence_projects = list(dict.fromkeys(p for _, _, p in explicit))
        self._flush_pending()

    # -- which project ------------------------------------------------------------
    def _antecedent(self, anaphor: str) -> Optional[_Project]:
        """'the project' is the project last introduced as a project, 'the programme' the
        last programme; without such a match, the project last named (None: resolved later)."""
        word = anaphor.split()[-1].lower()
        noun = word_regex(word)
        # Where the folded text lacks a plain word, its (?i) regex cannot match: it need not run.
        folded_word = word.encode() if self.folded is not None and word.isascii() and word.isalnum() else None
        for project in reversed(self.recent):
            for m in project.mentions:
                start, end = max(0, m["start"] - 15), m["end"] + 15
                if (folded_word is None or folded_word in self.folded[start:end]) and noun.search(self.text[start:end]):
                    return project
        return None

    def _resolve(self, position: int, refs: list[tuple]) -> Optional[_Project]:
        at = [r for r in refs if r[0] == position]
        if at:
            return at[0][2] if at[0][2] is not None else self.current
        before = [r for r in refs if r[0] < position]
        after = [r for r in refs if r[0] >= position]
        for ref in ([before[-1]] if before else []) + ([after[0]] if after else []):
            return ref[2] if ref[2] is not None else self.current
        return None

    def _assign(self, project: Optional[_Project], has_generic: bool, attr: str, value: tuple) -> None:
        if project is None:
            if has_generic and self.current is None:  # said before any project is named
                self.pending.append((attr, value))
            return
        self._set(project, attr, value)

    def _span(self, start: int, end: int) -> dict:
        """Evidence for text[start:end]."""
        return {"start": start, "end": end, "text": self.text[start:end]}

    def _set(self, project: _Project, attr: str, value: tuple) -> None:
        if attr in {"funders", "implementers"}:
            getattr(project, attr).setdefault(value[1], value[2])
            return
        old = getattr(project, attr)
        if old is None or value[0] > old[0]:
            setattr(project, attr, value)

    def _flush_pending(self) -> None:
        if not self.pending or not self.projects:
            self.pending = []
            return
        target = next((p for p in self.projects for m in p.mentions
                       if NEW_BEFORE.search(self.text[max(0, m["start"] - 30) : m["start"]])), self.projects[0])
        for attr, value in self.pending:
            self._set(target, attr, value)
        self.pending = []

    # -- attributes -----------------------------------------------------------------
    def _date(self, d: dict, refs: list[tuple], generic: bool, s: int) -> None:
        values = d.get("values") or []
        if not values:
            return
        if not (refs or generic):
            return
        window = max(s, d["start"] - 60)
        left = self.text[after_last(UP_TO_NON_DATE_CUE, self.text, window, d["start"]) : d["start"]]
        evidence = {"start": d["start"], "end": d["end"], "text": d["text"]}
        project = self._resolve(d["start"], refs)
        start_cue = START_CUE.search(left)
        if len(values) == 2 and (RANGE_CUE.search(left) or start_cue):
            d["role"] = "start"
            self._assign(project, generic, "start", (1, values[0], evidence))
            self._assign(project, generic, "end", (1, values[1], evidence))
            return
        weak_start_cue = WEAK_START_CUE.search(left)
        if start_cue or weak_start_cue:
            d["role"] = "start"
            self._assign(project, generic, "start", (2 if not weak_start_cue else 1, values[0], evidence))
        elif END_CUE.search(left):
            d["role"] = "end"
            self._assign(project, generic, "end", (2, values[-1], evidence))
        elif WEAK_END_CUE.search(left) and FROM_WORD.search(self.text[s : d["start"]]):
            d["role"] = "end"
            self._assign(project, generic, "end", (1, values[-1], evidence))
        elif SIGNED_CUE.search(left):
            d["role"] = "signed"
        elif (may_hold(self.folded, d["end"], d["end"] + 80, KICK_OFF_WORDS)
              and KICK_OFF_AFTER.match(self.text, d["end"], d["end"] + 80)):
            d["role"] = "start"
            self._assign(None if project is None else project, generic, "start", (1, values[0], evidence))
        elif project is not None:
            d["role"] = "event"

    def _amount(self, a: dict, refs: list[tuple], generic: bool, s: int, e: int) -> None:
        right = self.text[a["end"] : min(e, a["end"] + 60)]
        source = FROM_AFTER_AMOUNT.match(self.text, a["end"], e)
        if source:  # "with €2.5 million from the European Union": who pays
            names = self.orgs.read_list(self.text, source.end(), e)
            self._give("funders", names, a["start"], refs, generic, None, self.text[s:e])
        if NOT_BUDGET_AFTER.match(right):
            return
        # Cheapest first: BUDGET_BEFORE costs most.
        cue = (BUDGET_AFTER.match(right)
               or any(r[1] <= a["start"] and DASH_BETWEEN.fullmatch(self.text, r[1], a["start"]) for r in refs)
               or (may_hold(self.folded, s, a["start"], BUDGET_WORDS) and BUDGET_WORD.search(self.text[s : a["start"]]))
               or self._budget_before(s, a["start"]))
        if not cue:
            return
        project = self._resolve(a["start"], refs)
        if FOR_NEXT.match(right):
            # "$246 million for 'Coastal Towns ... Project'": the project named next.
            following = [r for r in refs if a["end"] <= r[0] <= a["end"] + 40]
            if following:
                project = following[0][2] if following[0][2] is not None else self.current
        evidence = {"start": a["start"], "end": a["end"], "text": a["text"]}
        self._assign(project, generic, "budget", (1, (a["value"], a["currency"]), evidence))
        # "ADB will provide $100 million for the X Project": the subject that gives is a funder.
        verb = None
        for verb in GIVER_VERB.finditer(self.text, s, a["start"]):
            pass
        giver = self._giver_before(s, verb.start()) if verb else None
        if giver:
            names = self.orgs.read_list(self.text, giver.start("org"), giver.end("org"))
            if project is not None:  # the project the money goes to, as for the budget
                for name, x, y in names:
                    self._set(project, "funders", (1, name, self._span(x, y)))
            else:
                self._give("funders", names, a["start"], refs, generic, None, self.text[s:e])

    def _budget_before(self, s: int, at: int) -> Optional[re.Match]:
        """BUDGET_BEFORE's match in the 50 characters before `at` (not before `s`)."""
        start = after_last(UP_TO_NON_BUDGET_CUE, self.text, max(s, at - 50), at)
        return BUDGET_BEFORE.search(self.text[start:at])

    def _giver_before(self, s: int, at: int) -> Optional[re.Match]:
        """GIVER_BEFORE's match in the 120 characters before `at` (not before `s`)."""
        return GIVER_BEFORE.search(self.text, after_last(UP_TO_NON_GIVER, self.text, max(s, at - 120), at), at)

    def _organisations(self, s: int, e: int, refs: list[tuple], generic: bool, cues: dict[str, list]) -> None:
        sentence = self.text[s:e]
        # "The projects were funded by A and B": only read for a funding or implementing cue.
        # (Each match has one of the plural nouns: without one the regex need not run.)
        plural = (PLURAL_ANAPHOR.search(sentence) if (cues["fund"] or cues["impl"]) and (
            "projects" in sentence or "programmes" in sentence or "actions" in sentence) else None)
        for attr, cue in (("funders", "fund"), ("implementers", "impl")):
            for m in cues[cue]:
                names = self.orgs.read_list(self.text, m.end(), e)
                both = attr == "implementers" and FUNDED_AND_IMPLEMENTED.search(m.group())
                self._give(attr, names, m.start(), refs, generic, plural, sentence)
                if both:
                    self._give("funders", names, m.start(), refs, generic, plural, sentence)
                if attr == "funders" and IMPLEMENTED.search(m.group()):
                    self._give("implementers", names, m.start(), refs, generic, plural, sentence)
        for m in cues["adj"]:
            org = FUNDER_BEFORE.search(self.text, max(s, m.start() - 60), m.start())
            name = self.orgs.canonical(org.group()) if org else None
            if not name:
                continue
            # "the EU-funded project “X”": the adjective belongs to the project named next.
            following = [r for r in refs if m.end() <= r[0] <= m.end() + 25]
            position = following[0][0] if following else org.start()
            self._give("funders", [(name, org.start(), org.end())], position, refs, generic, None, sentence)
        # Every match has "implementing", "implements" or "will ... implement" (most sentences no "implement").
        maybe = "implement" in sentence and (
            "implementing" in sentence or "implements" in sentence or "will" in sentence)
        for m in IMPLEMENTING.finditer(self.text, s, e) if maybe else ():
            giver = self._giver_before(s, m.start())
            names = self.orgs.read_list(self.text, giver.start("org"), giver.end("org")) if giver else []
            self._give("implementers", names, m.end(), refs, generic, None, sentence)
        for a, b, project in refs:
            before = self.text[max(s, a - 20) : a]
            # An owner ends with "’s" or "'s": without one the regex need not run.
            owner = (OWNER_BEFORE.search(self.text, max(s, a - 20), a)
                     if project is not None and ("’s" in before or "'s" in before) else None)
            if owner and owner.group("org") in self.orgs.lex.organisations:
                x, y = owner.start("org"), owner.end("org")
                self._set(project, "implementers", (1, self.orgs.canonical(owner.group("org")), self._span(x, y)))
        for m in cues["entitled"]:
            names = self.orgs.read_list(self.text, m.start("org"), m.end("org"))
            after = [r for r in refs if r[0] >= m.end()]
            if names and after:
                target = after[0][2] or self.current
                if target is not None:
                    for name, a, b in names:
                        self._set(target, "implementers", (1, name, self._span(a, b)))

    def _give(self, attr, names, position, refs, generic, plural, sentence) -> None:
        if not names:
            return
        if plural and self.previous_sentence_projects and not [r for r in refs if r[2] is not None]:
            targets = self.previous_sentence_projects
            if "respectively" in sentence and len(targets) == len(names):
                for project, (name, a, b) in zip(targets, names):
                    self._set(project, attr, (1, name, self._span(a, b)))
                return
        else:
            project = self._resolve(position, refs)
            targets = [project] if project is not None else []
            if not targets:
                for name, a, b in names:
                    self._assign(None, generic, attr, (1, name, self._span(a, b)))
                return
        for project in targets:
            for name, a, b in names:
                self._set(project, attr, (1, name, self._span(a, b)))


def link_projects(found: dict, sentences: Optional[list[tuple[int, int]]], anaphors: list[str],
                  orgs: OrgNamer) -> list[_Project]:
    """Projects with their attributes, from a Doc's findings (`doc._.facts`) and sentences
    (`doc._.sentences`); sets `role` on the date findings."""
    projects = merge_projects(found.get("projects", []))
    _Linker(sentences, projects, anaphors, orgs).run(found.get("dates", []), found.get("amounts", []))
    return projects

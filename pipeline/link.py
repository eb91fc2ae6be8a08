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
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc

from .orgs import OrgNamer
from .schema import Mention, Money, OfficialItem, ProjectItem

START_CUE = re.compile(r"(?i)\b(?:launched|launch|began|begun|begins|started|starts|start|kicked[ -]off|kick-off|commenced|commences|inaugurated|initiated|starting|since)\s+(?:on\s+|in\s+|from\s+|as\s+of\s+)?(?:the\s+)?$")
WEAK_START_CUE = re.compile(r"(?i)\b(?:from|since|as\s+of)\s+(?:the\s+)?$")
END_CUE = re.compile(r"(?i)\b(?:finali[sz]ed|completed|complete|ended|ends|end|closed|concluded|finished|expires?|expired|until|till|due\s+to\s+end)\s+(?:on\s+|in\s+|by\s+)?(?:the\s+end\s+of\s+)?(?:the\s+)?$")
WEAK_END_CUE = re.compile(r"(?i)\b(?:to|through|-|–)\s+$")
SIGNED_CUE = re.compile(r"(?i)\b(?:signed|concluded)\s+(?:\w+\s+){0,4}?(?:on|in)\s+$")
RANGE_CUE = re.compile(r"(?i)\b(?:between|during|in|over|for|period\s+of|run\s+from|from)\s+(?:the\s+(?:period\s+of\s+)?)?$")
BUDGET_BEFORE = re.compile(r"(?i)(?:[”\"»’]\s+for\s+$)|\b(?:(?:grant|loan|total|project)\s+amount\s*:|budget|cost|costs|worth|amounting\s+to|amounted\s+to|amounts\s+to|amount\s+of|allocated|totall?ing|total\s+of|valued\s+at|value\s+of|financing\s+of|funding\s+of|grant\s+of|loan\s+of|investment\s+of|contribution\s+of|budget\s+of|was|is)\s+(?:of\s+|to\s+|at\s+)?(?:about|around|approximately|over|more\s+than|nearly|almost|some|a\s+total\s+of)?\s*$")
BUDGET_AFTER = re.compile(r"(?i)^\s*(?:[–—-]\s*)?(?:in\s+(?:loans?|grants?|grant\s+aid)\s+)?for\s+(?:the\s+)?(?:[“\"'«‘]|project|programme|program|component|[A-Z])|^\s*(?:budget|(?:[\w-]+\s+){0,3}?(?:project|programme|program|initiative)\b|(?:was|were|has\s+been|have\s+been|is)\s+allocated)")
BUDGET_WORD = re.compile(r"(?i)\b(?:budget|total\s+cost|worth)\b")
NOT_BUDGET_AFTER = re.compile(r"(?i)^\s*(?:each|per\b|a\s+year|annually|equivalent)")
# Each cue starts with a letter from a small set: the lookahead lets the regex skip
# every other position without trying the alternatives.
FUND_CUE = re.compile(r"(?i)(?=[fsw])(?:\b(?:funded|financed|sponsored|supported)\s+(?:and\s+implemented\s+)?by\s+|\bfinancial\s+(?:support|contribution|assistance)\s+(?:of|from)\s+|\bwith\s+(?:the\s+)?(?:funding|support)\s+(?:of|from)\s+|\bfunding\s+from\s+)")
IMPL_CUE = re.compile(r"(?i)(?=[ficeP])(?:\b(?:funded\s+and\s+)?(?:implemented|carried\s+out|executed)\s+by\s+|\bimplementing\s+partners?\s+|\bin\s+partnership\s+with\s+|\b[Pp]roject\s+by\s+)")
ENTITLED = re.compile(r"(?i)\b(?:entitled|mandated|selected|contracted)\s+(?P<org>.{2,120}?)\s+to\s+implement\b")
FUNDED_ADJ = re.compile(r"(?<=[a-zA-Z])-(?:funded|financed)\b")  # "EU-funded", "European Union-funded"
FUNDER_BEFORE = re.compile(r"(?:[A-Z][a-z]+\s){0,3}[A-Z][A-Za-z]{1,15}$")
KICK_OFF_AFTER = re.compile(r"(?i)\W*,?[^.]{0,60}?\b(?:kicking\s+off|launching)\b")  # "On 27 September, X held ..., kicking off a new action"
FROM_AFTER_AMOUNT = re.compile(r"\s+(?:in\s+(?:grants?|loans?|funding)\s+)?from\s+(?:the\s+)?(?=[A-Z])")
# "ADB will provide ...": found from the verb, the giver read backwards from it.
GIVER_VERB = re.compile(r"\b(?:provide|allocate|grant|give|disburse|approve|extend|lend|donate|contribute)[a-z]*\b")
GIVER_BEFORE = re.compile(
    r"(?P<org>(?:(?:the|The)\s+)?[A-Z][\w.’'-]*(?:\s+(?:of|for|and|the)?\s*[A-Z][\w.’'-]*){0,6})"
    r"(?:\s*\([A-Z][A-Za-z]{1,10}\))?\s+(?:will\s+|has\s+|have\s+|had\s+|is\s+to\s+|plans\s+to\s+)?$")
FOR_NEXT = re.compile(r"(?i)^\s*(?:[–—-]\s*)?(?:in\s+(?:loans?|grants?|grant\s+aid)\s+)?for\s+")
# "IOM has been implementing a regional project ...", "IOM’s MAGNET II Project": who runs it.
IMPLEMENTING = re.compile(r"\b(?:is|are|has\s+been|have\s+been|will\s+be)\s+implementing\b|\b(?:implements|will\s+implement)\b")
OWNER_BEFORE = re.compile(r"(?<![\w-])(?P<org>[A-Z][A-Za-z]{1,10})[’']s\s+$")
GENERIC = re.compile(r"(?i)\b(?:project|programme|program|initiative|action)s?\b")
PLURAL_ANAPHOR = re.compile(r"\b(?:[Tt]he|[Tt]hese|[Bb]oth)\s+(?:projects|programmes|actions)\b")
NEW_BEFORE = re.compile(r"(?i)\b(?:new|newly(?:\s+launched)?)\s+(?:\w+\s+){0,2}$")


def norm_acronym(acronym: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", acronym.upper())


def norm_name(name: str) -> str:
    name = re.sub(r"[“”\"‘’'«»]", "", name.casefold())
    name = re.sub(r"^(?:the)\s+", "", name.strip())
    name = re.sub(r"\s+(?:project|programme|program)$", "", name)  # "X Project" is X
    return re.sub(r"\W+", " ", name).strip()


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
    for item in sorted(found, key=lambda i: i["start"]):
        acr, name = item.get("acronym"), item.get("name")
        target = None
        if acr:
            target = next((p for p in projects if p.acronym and norm_acronym(p.acronym) == norm_acronym(acr)), None)
            if target is None and name:
                target = next((p for p in projects if not p.acronym and p.name and norm_name(p.name) == norm_name(name)), None)
        elif name:
            same = [p for p in projects if p.name and norm_name(p.name) == norm_name(name)]
            target = same[-1] if same else None
        if target is None:
            target = _Project()
            projects.append(target)
        target.acronym = target.acronym or acr
        target.name = target.name or name
        target.mentions.append(item)
    return projects


class _Linker:
    def __init__(self, doc: Doc, projects: list[_Project], anaphors: list[str], orgs: OrgNamer):
        self.doc, self.text, self.projects, self.orgs = doc, orgs.text, projects, orgs
        self.refs = sorted(((m["start"], m["end"], p) for p in projects for m in p.mentions), key=lambda r: r[0])
        pattern = "|".join(re.escape(a) for a in sorted(anaphors, key=len, reverse=True))
        self.anaphor = re.compile(rf"\b(?:{pattern})\b") if pattern else None
        self.pending: list[tuple] = []
        self.current: Optional[_Project] = None
        self.previous_sentence_projects: list[_Project] = []
        self.recent: list[_Project] = []  # projects in the order last named

    def run(self, dates: list[dict], amounts: list[dict]) -> None:
        if not self.projects:
            return  # nothing to link to: roles stay empty
        bounds = self.doc._.sentences or [(0, len(self.text))]
        starts = [s for s, _ in bounds]

        def by_sentence(pairs) -> dict[int, list]:
            """Each regex runs once over the text; its matches are sorted into sentences."""
            buckets: dict[int, list] = {}
            for position, item in pairs:
                buckets.setdefault(bisect_right(starts, position) - 1, []).append(item)
            return buckets

        text = self.text
        explicit_by = by_sentence((a, (a, b, p)) for a, b, p in self.refs)
        anaphor_by = by_sentence((m.start(), m) for m in self.anaphor.finditer(text)) if self.anaphor else {}
        generic_by = by_sentence((m.start(), m) for m in GENERIC.finditer(text))
        dates_by = by_sentence((d["start"], d) for d in dates)
        amounts_by = by_sentence((a["start"], a) for a in amounts)
        cues_by = {name: by_sentence((m.start(), m) for m in pattern.finditer(text))
                   for name, pattern in (("fund", FUND_CUE), ("impl", IMPL_CUE), ("adj", FUNDED_ADJ), ("entitled", ENTITLED))}
        for k, (s, e) in enumerate(bounds):
            explicit = explicit_by.get(k, [])
            # "the program «X»" names X: an anaphor right before a named project is its cue word.
            anaphoric = [(m.start(), m.end(), self._antecedent(m.group())) for m in anaphor_by.get(k, [])
                         if not any(a <= m.start() < b or 0 <= a - m.end() <= 3 for a, b, _ in explicit)]
            generic = k in generic_by
            if not (explicit or anaphoric or generic):
                continue  # a sentence about no project links nothing
            refs = sorted(explicit + anaphoric, key=lambda r: r[0])
            if explicit and self.current is None:
                self._flush_pending()  # the first project named gets what was said before it
            for d in dates_by.get(k, []):
                self._date(d, refs, generic, s)
            for a in amounts_by.get(k, []):
                self._amount(a, refs, generic, s, e)
            self._organisations(s, e, refs, generic, {name: found.get(k, []) for name, found in cues_by.items()})
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
        noun = anaphor.split()[-1].lower()
        for project in reversed(self.recent):
            if any(re.search(rf"(?i)\b{noun}\b", self.text[max(0, m["start"] - 15) : m["end"] + 15])
                   for m in project.mentions):
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
        left = self.text[max(s, d["start"] - 60) : d["start"]]
        evidence = {"start": d["start"], "end": d["end"], "text": d["text"]}
        project = self._resolve(d["start"], refs)
        if not (refs or generic):
            return
        if len(values) == 2 and (RANGE_CUE.search(left) or START_CUE.search(left)):
            d["role"] = "start"
            self._assign(project, generic, "start", (1, values[0], evidence))
            self._assign(project, generic, "end", (1, values[1], evidence))
            return
        if START_CUE.search(left) or WEAK_START_CUE.search(left):
            d["role"] = "start"
            self._assign(project, generic, "start", (2 if not WEAK_START_CUE.search(left) else 1, values[0], evidence))
        elif END_CUE.search(left):
            d["role"] = "end"
            self._assign(project, generic, "end", (2, values[-1], evidence))
        elif WEAK_END_CUE.search(left) and re.search(r"(?i)\bfrom\s+\S", self.text[s : d["start"]]):
            d["role"] = "end"
            self._assign(project, generic, "end", (1, values[-1], evidence))
        elif SIGNED_CUE.search(left):
            d["role"] = "signed"
        elif KICK_OFF_AFTER.match(self.text, d["end"], d["end"] + 80):
            d["role"] = "start"
            self._assign(None if project is None else project, generic, "start", (1, values[0], evidence))
        elif project is not None:
            d["role"] = "event"

    def _amount(self, a: dict, refs: list[tuple], generic: bool, s: int, e: int) -> None:
        left = self.text[max(s, a["start"] - 50) : a["start"]]
        right = self.text[a["end"] : min(e, a["end"] + 60)]
        source = FROM_AFTER_AMOUNT.match(self.text, a["end"], e)
        if source:  # "with €2.5 million from the European Union": who pays
            names = self.orgs.read_list(self.text, source.end(), e)
            self._give("funders", names, a["start"], refs, generic, None, self.text[s:e])
        if NOT_BUDGET_AFTER.match(right):
            return
        dash = any(r[1] <= a["start"] and re.fullmatch(r"[\s”\"’)]*(?:\([^)]*\))?\s*[–:-]\s*", self.text[r[1] : a["start"]])
                   for r in refs)
        earlier_amounts = re.search(r"\d", self.text[s : a["start"]]) is not None and BUDGET_WORD.search(self.text[s : a["start"]]) is None
        cue = BUDGET_BEFORE.search(left) or BUDGET_AFTER.match(right) or dash or (
            BUDGET_WORD.search(self.text[s : a["start"]]) and not earlier_amounts)
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
        giver = GIVER_BEFORE.search(self.text, max(s, verb.start() - 120), verb.start()) if verb else None
        if giver:
            names = self.orgs.read_list(self.text, giver.start("org"), giver.end("org"))
            if project is not None:  # the project the money goes to, as for the budget
                for name, x, y in names:
                    self._set(project, "funders", (1, name, self._span(x, y)))
            else:
                self._give("funders", names, a["start"], refs, generic, None, self.text[s:e])

    def _organisations(self, s: int, e: int, refs: list[tuple], generic: bool, cues: dict[str, list]) -> None:
        sentence = self.text[s:e]
        plural = PLURAL_ANAPHOR.search(sentence)
        for attr, cue in (("funders", "fund"), ("implementers", "impl")):
            for m in cues[cue]:
                names = self.orgs.read_list(self.text, m.end(), e)
                both = attr == "implementers" and re.search(r"(?i)funded\s+and\s+implemented", m.group())
                self._give(attr, names, m.start(), refs, generic, plural, sentence)
                if both:
                    self._give("funders", names, m.start(), refs, generic, plural, sentence)
                if attr == "funders" and re.search(r"(?i)implemented", m.group()):
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
        for m in IMPLEMENTING.finditer(self.text, s, e):
            giver = GIVER_BEFORE.search(self.text, max(s, m.start() - 120), m.start())
            names = self.orgs.read_list(self.text, giver.start("org"), giver.end("org")) if giver else []
            self._give("implementers", names, m.end(), refs, generic, None, sentence)
        for a, b, project in refs:
            owner = OWNER_BEFORE.search(self.text, max(s, a - 20), a) if project is not None else None
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


def _as_item(project: _Project) -> ProjectItem:
    def mention(m):
        return Mention(text=m["text"], start=m["start"], end=m["end"])

    start = project.start[1] if project.start else None
    end = project.end[1] if project.end else None
    if start and end and end[: len(start)] < start[: len(end)]:
        start = None  # an "end" before the start is a misreading of one of them
    evidence: dict[str, list[Mention]] = {}
    for attr in ("start", "end", "budget"):
        value = getattr(project, attr)
        if value is not None and (attr != "start" or start):
            evidence[attr] = [mention(value[2])]
    for attr in ("funders", "implementers"):
        if getattr(project, attr):
            evidence[attr] = [mention(m) for m in getattr(project, attr).values()]
    budget = Money(value=project.budget[1][0], currency=project.budget[1][1]) if project.budget else None
    return ProjectItem(
        name=project.name, acronym=project.acronym, start=start, end=end, budget=budget,
        funders=list(project.funders), implementers=list(project.implementers),
        mentions=[mention(m) for m in project.mentions], evidence=evidence,
        rule="projects." + "+".join(dict.fromkeys(m["rule"] for m in project.mentions)),
    )


def main_country(doc: Doc) -> Optional[str]:
    """The most mentioned country: the one national bodies belong to when a title names none."""
    counts = Counter(c["code"] for c in (doc._.facts or {}).get("countries", []))
    return counts.most_common(1)[0][0] if counts else None


def build_officials(doc: Doc) -> list[OfficialItem]:
    home = main_country(doc)
    items = []
    for person in (doc._.facts or {}).get("officials", []):
        country = person["country"]
        if country is None and person.get("org_kind") == "national":
            country = home
        items.append(OfficialItem(
            name=person["name"], title=person["title"], organization=person["organization"], country=country,
            mentions=[Mention(**m) for m in person["mentions"]],
            evidence={k: Mention(**v) for k, v in person["evidence"].items()},
            rule=f"officials.{person['rule']}",
        ))
    return items


def link_facts(doc: Doc, anaphors: list[str], orgs: OrgNamer) -> tuple[list[ProjectItem], list[OfficialItem]]:
    """Projects with their attributes, and officials; sets `role` on the date findings."""
    found = doc._.facts or {}
    projects = merge_projects(found.get("projects", []))
    _Linker(doc, projects, anaphors, orgs).run(found.get("dates", []), found.get("amounts", []))
    return [_as_item(p) for p in projects], build_officials(doc)

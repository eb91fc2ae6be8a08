"""`officials`: named people acting in an official capacity, with their titles.

A person is a run of capitalised words (2-4, particles such as "van der" allowed;
one word after an honorific: "Ambassador Świtalski") that the context shows to be a
person: an honorific or title right before it, ", <title>" right after it, or a
speech verb ("said", "noted"). Later mentions by surname or initial ("Hasanov",
"F.Nabiyev") join the same person. Bylines and photo credits are page furniture.
Word lists: `rules/titles.tsv`, `rules/person_cues.tsv`, `rules/name_stopwords.txt`,
`rules/organisations.tsv` and the country gazetteer.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc

from .base import Furniture, RuleComponent, TokenView, facts
from .lexicon import FILES, Lexicon, fold
from .titles import same_person, title_after, title_before

PARTICLES = {"van", "der", "de", "von", "den", "da", "del", "della", "di", "du", "le", "la", "al", "el", "bin", "ibn", "dos", "das"}
INITIAL_SURNAME = re.compile(r"^[A-Z]\.[A-Z][\w'’-]+$")
POSSESSIVE = {"'s", "’s"}


@Language.factory("officials", default_config={"rules": ""})
def make_officials(nlp: Language, name: str, rules: str) -> "Officials":
    return Officials(nlp, name, rules)


class Officials(RuleComponent):
    files = FILES

    def load(self) -> None:
        self.lex = Lexicon.from_dir(self.rules_path)

    def __call__(self, doc: Doc) -> Doc:
        finder = _PeopleFinder(doc, TokenView(doc), self.lex)
        facts(doc, "officials").extend(finder.run())
        return doc


class _PeopleFinder:
    def __init__(self, spacy_doc: Doc, doc: TokenView, lex: Lexicon):
        self.doc, self.lex = doc, lex
        self.furniture = Furniture(spacy_doc._.furniture)
        self.sent_starts = [s for s, _ in (spacy_doc._.sentences or [(0, len(doc.text))])]
        self.sent_bounds = spacy_doc._.sentences or [(0, len(doc.text))]

    # -- tokens -------------------------------------------------------------------
    def namey(self, i: int, allow_stop: bool = False) -> bool:
        if i >= len(self.doc):
            return False
        text = self.doc.words[i]
        if len(text) < 2 or not text[0].isupper() or text.isupper():
            return False
        if not text.replace("'", "").replace("’", "").isalpha():
            return bool(INITIAL_SURNAME.match(text))
        return allow_stop or fold(text) not in self.lex.stop and text.lower() not in self.lex.stop

    def is_initial(self, i: int) -> bool:
        return i < len(self.doc) and len(self.doc.words[i]) == 2 and re.fullmatch(r"[A-Z]\.", self.doc.words[i]) is not None

    def run_at(self, i: int, allow_stop_first: bool = False) -> tuple[int, int]:
        """(end token, number of name units) of the capitalised run starting at i."""
        doc, units, j = self.doc, 0, i
        while j < len(doc) and units < 4:
            if self.namey(j, allow_stop=allow_stop_first and units == 0) or (self.is_initial(j) and self.namey(j + 1)):
                j += 1
                # "Mammad-Guliyev": hyphen glued on both sides joins one unit.
                while (j + 1 < len(doc) and doc[j].text in {"-", "‐"} and not doc[j - 1].whitespace_
                       and not doc[j].whitespace_ and self.namey(j + 1, allow_stop=True)):
                    j += 2
                units += 1
                if doc[j - 1].whitespace_ == "" and j < len(doc) and doc[j].text in POSSESSIVE:
                    break
            elif doc[j].lower_ in PARTICLES and units and self.namey(j + 1, allow_stop=True) and doc[j].text.islower():
                j += 1
            else:
                break
        return j, units

    def sentence_of(self, char: int) -> tuple[int, int]:
        i = max(0, bisect_right(self.sent_starts, char) - 1)
        return self.sent_bounds[i]

    def token_range(self, start_char: int, end_char: int) -> tuple[int, int]:
        return self.doc.token_at(start_char), self.doc.token_at(max(start_char, end_char - 1)) + 1

    # -- people -------------------------------------------------------------------
    def run(self) -> list[dict]:
        doc, lex = self.doc, self.lex
        candidates = []
        # Only a capitalised token, or one after an honorific, can start a name.
        starts = [i for i, word in enumerate(doc.words) if word[:1].isupper()]
        position = 0
        for i in starts:
            if i < position:
                continue
            tok = doc[i]
            if self.furniture.covers(tok.idx, tok.idx + len(tok.text)):
                continue
            honorific = i > 0 and doc[i - 1].text.lower().strip(".") in lex.honorifics | {"h.e"}
            starts_name = self.namey(i, allow_stop=honorific) or (self.is_initial(i) and self.namey(i + 1))
            if not starts_name:
                continue
            end, units = self.run_at(i, allow_stop_first=honorific)
            if units == 0:
                continue
            if units >= 3 and not honorific and i > 0 and doc[i - 1].lower_ in {"and", "for", "of"}:
                s_start, _ = self.token_range(*self.sentence_of(doc[i].idx))
                if title_before(doc, i + 1, lex, s_start) is not None:
                    i += 1  # the first word ends the title before the name
                    units -= 1
            candidates.append((i, end, units, honorific))
            position = end
        people: list[dict] = []
        for start, end, units, honorific in candidates:
            verdict = self.accept(start, end, units, honorific)
            if verdict:
                self.add_mention(people, start, end, verdict)
        # Surname-only and initial mentions of people already found.
        for start, end, units, honorific in candidates:
            if units == 1:
                self.add_mention(people, start, end, None, only_known=True)
        for person in people:
            person["mentions"].sort()
        self.people_tokens = frozenset(i for p in people for *_, s, e in p["mentions"] for i in range(s, e))
        return [self.finish(p) for p in people]

    def accept(self, start: int, end: int, units: int, honorific: bool):
        """A rule name when the context shows the run to be a person, else None."""
        doc, lex = self.doc, self.lex
        prev = doc[start - 1] if start > 0 else None
        nxt = doc[end] if end < len(doc) else None
        if units == 1 and not (honorific or (prev is not None and prev.lower_ in {"ambassador", "president", "minister"}) or INITIAL_SURNAME.match(doc[start].text)):
            return None
        if prev is not None and prev.text in {"By", "BY"}:
            return None
        if honorific:
            return "honorific"
        s_start, s_end = self.token_range(*self.sentence_of(doc[start].idx))
        if prev is not None and lex.is_head(prev.text):
            return "title_before"
        if title_before(doc, start, lex, s_start) is not None and prev is not None and prev.text not in {"and", "with", "by"}:
            return "title_before"
        if nxt is not None and nxt.text in {",", "-", "–"} and title_after(doc, end, lex, s_end, self.starts_name) is not None:
            return "title_after"
        if nxt is not None and nxt.lower_ in lex.cues_after and nxt.lower_ not in {"was", "has", "will", "also"}:
            return "speech_verb"
        if prev is not None and prev.lower_ in lex.cues_before:
            return "speech_verb"
        return None

    def starts_name(self, i: int) -> bool:
        if not self.namey(i):
            return False
        _, units = self.run_at(i)
        return units >= 2

    def add_mention(self, people: list[dict], start: int, end: int, rule, only_known: bool = False) -> None:
        doc = self.doc
        span = doc[start:end]
        name = span.text
        if any(m[0] == span.start_char for person in people for m in person["mentions"]):
            return
        for person in people:
            if same_person(person["name"], name) or (" " in person["name"] and fold(name) == fold(person["name"].split()[-1])):
                person["mentions"].append((span.start_char, span.end_char, name, start, end))
                if len(name) > len(person["name"]) and " " in name and not INITIAL_SURNAME.match(name):
                    person["name"] = name
                return
        if only_known:
            return
        people.append({"name": name, "rule": rule, "mentions": [(span.start_char, span.end_char, name, start, end)]})

    def finish(self, person: dict) -> dict:
        """Title, organisation and country from the first mention that states a title."""
        doc, lex = self.doc, self.lex
        title = None
        for start_char, end_char, _, start, end in person["mentions"]:
            s_start, s_end = self.token_range(*self.sentence_of(start_char))
            before = title_before(doc, start, lex, s_start, self.people_tokens)
            after = None
            if end < len(doc) and doc[end].text in {",", "-", "–"}:
                after = title_after(doc, end, lex, s_end, self.starts_name)
            # The nearer title wins: one right before the name ("EBRD President X"), else
            # the one after its comma; a bare rank word ("Ambassador X, Head of ...") loses.
            bare = before is not None and " " not in before.text
            if before is not None and not before.separated and not (bare and after):
                title = before
            else:
                title = after or before
            if title is not None:
                break
        out = {
            "name": person["name"],
            "rule": person["rule"],
            "mentions": [{"start": s, "end": e, "text": t} for s, e, t, _, _ in person["mentions"]],
            "title": None, "organization": None, "country": None, "evidence": {},
        }
        if title is not None:
            out["title"] = title.text
            out["organization"] = title.organization
            out["country"] = title.country
            out["org_kind"] = title.org_kind
            out["evidence"]["title"] = {"start": title.start, "end": title.end, "text": title.text}
            if title.country_evidence:
                s, e = title.country_evidence
                out["evidence"]["country"] = {"start": s, "end": e, "text": doc.text[s:e]}
        return out

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
from bisect import bisect_left, bisect_right
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from .base import Furniture, RuleComponent, TokenView, extension, facts
from .lexicon import FILES, Lexicon, fold
from .titles import Title, describe, title_after, title_before

PARTICLES = {"van", "der", "de", "von", "den", "da", "del", "della", "di", "du", "le", "la", "al", "el", "bin", "ibn", "dos", "das"}
INITIAL_SURNAME = re.compile(r"^[A-Z]\.[A-Z][\w'’-]+$")
POSSESSIVE = {"'s", "’s"}
HYPHENS = {"-", "‐"}
HONORIFIC_EXTRA = {"h.e"}  # "H.E." with its dots stripped

# What a word can be in a name (`name_kind`); ordered so that `>= STOP_NAME` means
# "a name word after an honorific".
NOT_NAME, INITIAL, STOP_NAME, NAME = 0, 1, 2, 3
_KIND_CACHE_SIZE = 1 << 16


def name_kind(word: str, lex: Lexicon) -> int:
    """INITIAL for "F."; NAME for a capitalised word that can be part of a person's name
    ("Hasanov", "O'Neill", "F.Nabiyev"); STOP_NAME for one that can only right after an
    honorific ("Mr. Bank"); NOT_NAME otherwise ("UNDP", "said", "2020")."""
    if len(word) == 2 and "A" <= word[0] <= "Z" and word[1] == ".":
        return INITIAL
    if len(word) < 2 or not word[0].isupper() or word.isupper():
        return NOT_NAME
    if not word.replace("'", "").replace("’", "").isalpha():
        return NAME if INITIAL_SURNAME.match(word) else NOT_NAME
    return STOP_NAME if fold(word) in lex.stop or word.lower() in lex.stop else NAME


def name_words(name: str) -> list[str]:
    """Folded words of a name, an initial apart: 'F.Nabiyev' -> ['f.', 'nabiyev']."""
    return fold(name).replace(".", ". ").split()


def same_person(a: str, b: str) -> bool:
    """'F.Nabiyev' ~ 'Firudin Nabiyev' ~ 'Nabiyev'."""
    return _same_name_words(name_words(a), name_words(b))


def _same_name_words(pa: list[str], pb: list[str]) -> bool:
    if not pa or not pb or pa[-1] != pb[-1]:
        return False
    if len(pa) == 1 or len(pb) == 1:
        return True
    return pa[0][0] == pb[0][0]


class _Person:
    """A person found so far: the fullest form of the name, the rule that found it, and
    its mentions (start char, end char, text, start token, end token)."""

    __slots__ = ("name", "rule", "mentions", "words", "surname")

    def __init__(self, name: str, rule: str, mention: tuple):
        self.rule, self.mentions = rule, [mention]
        self.rename(name)

    def rename(self, name: str) -> None:
        self.name = name
        self.words = name_words(name)  # kept for `is_called`, which runs for every mention
        self.surname = fold(name.split()[-1]) if " " in name else None

    def is_called(self, name: str, words: list[str]) -> bool:
        """Whether `name` (with `name_words` `words`) names this person."""
        return _same_name_words(self.words, words) or (self.surname is not None and fold(name) == self.surname)


@Language.factory("officials", default_config={"rules": ""})
def make_officials(nlp: Language, name: str, rules: str) -> "Officials":
    return Officials(nlp, name, rules)


class Officials(RuleComponent):
    files = FILES

    def load(self) -> None:
        self.lex = Lexicon.from_dir(self.rules_path)
        self.honorifics = self.lex.honorifics | HONORIFIC_EXTRA
        self.name_kinds: dict[str, int] = {}  # word -> name_kind, shared by documents
        self.honorific_words: dict[str, bool] = {}  # word -> whether it is an honorific, likewise

    def __call__(self, doc: Doc) -> Doc:
        if len(self.name_kinds) > _KIND_CACHE_SIZE:
            self.name_kinds.clear()
        if len(self.honorific_words) > _KIND_CACHE_SIZE:
            self.honorific_words.clear()
        finder = _PeopleFinder(doc, TokenView(doc), self)
        facts(doc, "officials").extend(finder.run())
        return doc


class _PeopleFinder:
    def __init__(self, spacy_doc: Doc, doc: TokenView, component: Officials):
        self.doc, self.lex, self.honorifics = doc, component.lex, component.honorifics
        self.honorific_words = component.honorific_words
        self.furniture = Furniture.of(spacy_doc)
        self.sent_bounds = extension(spacy_doc, "sentences") or [(0, len(doc.text))]
        self.sent_starts = [s for s, _ in self.sent_bounds]
        # Only a capitalised token can be part of a name (all others are NOT_NAME);
        # the extra NOT_NAME at the end stands for "past the last token".
        words, cache = doc.words, component.name_kinds
        self.capitalised = doc.capitalised()
        self.kinds = kinds = [NOT_NAME] * (len(words) + 1)
        for i in self.capitalised:
            kind = cache.get(words[i])
            if kind is None:
                kind = cache[words[i]] = name_kind(words[i], self.lex)
            kinds[i] = kind
        self.mention_starts: set[int] = set()
        # Per-document memos, keyed by token indices: accept() and finish() read the
        # same sentences and titles (see `title_before_alone`, `title_after`).
        self._sentences: dict[int, tuple[int, int]] = {}
        self._before: dict[tuple[int, int], Optional[Title]] = {}
        self._after: dict[tuple[int, int], Optional[Title]] = {}

    # -- tokens -------------------------------------------------------------------
    def run_at(self, i: int, allow_stop_first: bool = False) -> tuple[int, int]:
        """(end token, number of name units) of the capitalised run starting at i."""
        words, spaces, kinds = self.doc.words, self.doc.spaces, self.kinds
        n = len(words)
        units, j = 0, i
        while j < n and units < 4:
            kind = kinds[j]
            if (kind == NAME or (kind == STOP_NAME and allow_stop_first and units == 0)
                    or (kind == INITIAL and kinds[j + 1] == NAME)):
                j += 1
                # "Mammad-Guliyev": hyphen glued on both sides joins one unit.
                while (j + 1 < n and words[j] in HYPHENS and not spaces[j - 1]
                       and not spaces[j] and kinds[j + 1] >= STOP_NAME):
                    j += 2
                units += 1
                if not spaces[j - 1] and j < n and words[j] in POSSESSIVE:
                    break
            elif units and kinds[j + 1] >= STOP_NAME and words[j].islower() and words[j].lower() in PARTICLES:
                j += 1
            else:
                break
        return j, units

    def sentence_tokens(self, token: int) -> tuple[int, int]:
        """(first token, end token) of the sentence holding `token`."""
        i = max(0, bisect_right(self.sent_starts, self.doc.starts[token]) - 1)
        tokens = self._sentences.get(i)
        if tokens is None:
            start_char, end_char = self.sent_bounds[i]
            tokens = self._sentences[i] = (self.doc.token_at(start_char),
                                           self.doc.token_at(max(start_char, end_char - 1)) + 1)
        return tokens

    def title_before_alone(self, k: int, sentence_start: int) -> Optional[Title]:
        """`title_before` the name at token k, other people's names not considered."""
        key = (k, sentence_start)
        if key not in self._before:
            self._before[key] = title_before(self.doc, k, self.lex, sentence_start)
        return self._before[key]

    def title_before_person(self, k: int, sentence_start: int) -> Optional[Title]:
        """`title_before` the name at token k, stopping at other people's names."""
        # `_before_phrase` reads `people` only at tokens sentence_start - 1 .. k - 1: with
        # none of them there, the reading without people (often made by accept) is the same.
        people = self.people_sorted
        i = bisect_left(people, k)
        if i == 0 or people[i - 1] < sentence_start - 1:
            return self.title_before_alone(k, sentence_start)
        return title_before(self.doc, k, self.lex, sentence_start, self.people_tokens)

    def title_after(self, end: int, sentence_end: int) -> Optional[Title]:
        """`title_after` the name ending before token `end` (a comma or dash)."""
        key = (end, sentence_end)
        if key not in self._after:
            self._after[key] = title_after(self.doc, end, self.lex, sentence_end, self.starts_name)
        return self._after[key]

    # -- people -------------------------------------------------------------------
    def run(self) -> list[dict]:
        people = self.people(self.candidates())
        return [self.finish(p) for p in people]

    def candidates(self) -> list[tuple[int, int, int, bool]]:
        """(start, end, name units, after an honorific) of every run of name words."""
        doc, words, kinds = self.doc, self.doc.words, self.kinds
        honorific_words, honorifics = self.honorific_words, self.honorifics
        candidates = []
        position = 0
        for i in self.capitalised:
            # A name starts with a name word, an initial before one ("F. Nabiyev"), or a
            # word that is a name only after an honorific ("Mr. Bank").
            kind = kinds[i]
            if kind == NOT_NAME or i < position or (kind == INITIAL and kinds[i + 1] != NAME):
                continue
            honorific = False
            if i > 0:
                # Whether the word before is an honorific, cached by word: most capitalised
                # words ("The", "Ministry") are asked, and only after one can they start a name.
                honorific = honorific_words.get(words[i - 1])
                if honorific is None:
                    honorific = honorific_words[words[i - 1]] = words[i - 1].lower().strip(".") in honorifics
            if (kind == STOP_NAME and not honorific) or self.furniture.covers(doc.starts[i], doc.ends[i]):
                continue
            end, units = self.run_at(i, allow_stop_first=honorific)
            if units == 0:
                continue
            if units >= 3 and not honorific and i > 0 and words[i - 1].lower() in {"and", "for", "of"}:
                s_start, _ = self.sentence_tokens(i)
                if self.title_before_alone(i + 1, s_start) is not None:
                    i += 1  # the first word ends the title before the name
                    units -= 1
            candidates.append((i, end, units, honorific))
            position = end
        return candidates

    def people(self, candidates: list[tuple[int, int, int, bool]]) -> list[_Person]:
        """The candidates the context shows to be people, with their later mentions."""
        people: list[_Person] = []
        for start, end, units, honorific in candidates:
            verdict = self.accept(start, end, units, honorific)
            if verdict:
                self.add_mention(people, start, end, verdict)
        # Surname-only and initial mentions of people already found.
        if people:
            # An alphabetic one-unit mention is a single name word: by `is_called` it names
            # a person iff it is the person's last name word or surname, so one set lookup
            # skips the others. (No one is renamed in this pass: a one-unit name has no
            # space; so the keys stay valid.)
            keys = {p.words[-1] for p in people if p.words} | {p.surname for p in people if p.surname is not None}
            text, starts, ends = self.doc.text, self.doc.starts, self.doc.ends
            for start, end, units, honorific in candidates:
                if units == 1:
                    folded = fold(text[starts[start] : ends[end - 1]])
                    if folded in keys or not folded.isalpha():
                        self.add_mention(people, start, end, None, only_known=True)
        for person in people:
            person.mentions.sort()
        self.people_tokens = frozenset(i for p in people for *_, s, e in p.mentions for i in range(s, e))
        self.people_sorted = sorted(self.people_tokens)
        return people

    def accept(self, start: int, end: int, units: int, honorific: bool):
        """A rule name when the context shows the run to be a person, else None."""
        lex, words = self.lex, self.doc.words
        prev = words[start - 1] if start > 0 else None
        if units == 1 and not (honorific or (prev is not None and prev.lower() in {"ambassador", "president", "minister"})
                               or INITIAL_SURNAME.match(words[start])):
            return None
        nxt = words[end] if end < len(words) else None
        if prev in {"By", "BY"}:
            return None
        if honorific:
            return "honorific"
        if prev is not None and lex.is_head(prev):
            return "title_before"
        s_start, s_end = self.sentence_tokens(start)
        if prev is not None and prev not in {"and", "with", "by"} and self.title_before_alone(start, s_start) is not None:
            return "title_before"
        if nxt in {",", "-", "–"} and self.title_after(end, s_end) is not None:
            return "title_after"
        if nxt is not None and nxt.lower() in lex.cues_after and nxt.lower() not in {"was", "has", "will", "also"}:
            return "speech_verb"
        if prev is not None and prev.lower() in lex.cues_before:
            return "speech_verb"
        return None

    def starts_name(self, i: int) -> bool:
        if self.kinds[i] != NAME:
            return False
        _, units = self.run_at(i)
        return units >= 2

    def add_mention(self, people: list[_Person], start: int, end: int, rule, only_known: bool = False) -> None:
        start_char, end_char = self.doc.starts[start], self.doc.ends[end - 1]
        if start_char in self.mention_starts:
            return
        name = self.doc.text[start_char:end_char]
        mention = (start_char, end_char, name, start, end)
        words = name_words(name)
        for person in people:
            if person.is_called(name, words):
                person.mentions.append(mention)
                self.mention_starts.add(start_char)
                if len(name) > len(person.name) and " " in name and not INITIAL_SURNAME.match(name):
                    person.rename(name)
                return
        if only_known:
            return
        people.append(_Person(name, rule, mention))
        self.mention_starts.add(start_char)

    def finish(self, person: _Person) -> dict:
        """Title, organisation and country from the first mention that states a title."""
        doc, lex = self.doc, self.lex
        title = None
        for _, _, _, start, end in person.mentions:
            s_start, s_end = self.sentence_tokens(start)
            before = self.title_before_person(start, s_start)
            after = None
            if end < len(doc.words) and doc.words[end] in {",", "-", "–"}:
                after = self.title_after(end, s_end)
            # The nearer title wins: one right before the name ("EBRD President X"), else
            # the one after its comma; a bare rank word ("Ambassador X, Head of ...") loses.
            bare = before is not None and " " not in before.text
            if before is not None and not before.separated and not (bare and after):
                title = before
            else:
                title = after or before
            if title is not None:
                describe(doc, title, lex)
                break
        out = {
            "name": person.name,
            "rule": person.rule,
            "mentions": [{"start": s, "end": e, "text": t} for s, e, t, _, _ in person.mentions],
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

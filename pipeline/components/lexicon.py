"""Word lists shared by the officials and projects components, loaded from `rules/`.

One `Lexicon` per pipeline: title words, person cues, organisations, countries and
the capitalised words that are never part of a person's name.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path

from ..normalise.dates import MONTHS, WEEKDAYS
from .base import read_tsv, read_words

FILES = ("titles.tsv", "person_cues.tsv", "organisations.tsv", "name_stopwords.txt",
         "countries.tsv", "countries_extra.tsv")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case without diacritics: 'Świtalski' -> 'switalski'."""
    if text.isascii():
        return text.lower()  # nothing to decompose: the same, many times faster
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


@dataclass
class Organisation:
    acronym: str
    names: list[str]
    kind: str
    country: str | None


@dataclass
class Lexicon:
    heads: set[str] = field(default_factory=set)
    modifiers: set[str] = field(default_factory=set)
    honorifics: set[str] = field(default_factory=set)
    title_nouns: set[str] = field(default_factory=set)
    cues_after: set[str] = field(default_factory=set)
    cues_before: set[str] = field(default_factory=set)
    stop: set[str] = field(default_factory=set)  # lower-cased words never in a person name
    country_forms: dict[str, str] = field(default_factory=dict)  # form -> code (names, not demonyms)
    demonyms: dict[str, str] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)  # acronym -> org
    org_by_name: dict[str, str] = field(default_factory=dict)  # folded full name -> acronym
    # Derived from country_forms, for quick rejections:
    country_prefixes: set[str] = field(default_factory=set)  # every leading part of every form
    long_country_forms: set[str] = field(default_factory=set)  # forms longer than 3 characters
    long_country_lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)  # first 4 characters -> lengths

    @classmethod
    def from_dir(cls, folder: Path) -> "Lexicon":
        lex = cls()
        for row in read_tsv(folder / "titles.tsv"):
            bucket = {"head": lex.heads, "modifier": lex.modifiers, "honorific": lex.honorifics,
                      "noun": lex.title_nouns}[row["kind"]]
            bucket.add(row["form"].lower())
        for row in read_tsv(folder / "person_cues.tsv"):
            (lex.cues_after if row["kind"] == "after" else lex.cues_before).add(row["form"].lower())
        for row in read_tsv(folder / "countries.tsv") + read_tsv(folder / "countries_extra.tsv"):
            target = lex.demonyms if row["kind"] == "demonym" else lex.country_forms
            target[row["form"]] = row["code"]
        for row in read_tsv(folder / "organisations.tsv"):
            org = lex.organisations.setdefault(
                row["acronym"], Organisation(row["acronym"], [], row["kind"], row.get("country") or None))
            org.names.append(row["name"])
            lex.org_by_name[fold(row["name"])] = row["acronym"]
        lex.stop = {w.lower() for w in read_words(folder / "name_stopwords.txt")}
        lex.stop |= lex.heads | lex.modifiers | lex.title_nouns | lex.honorifics
        lex.stop |= {m for m in MONTHS if len(m) > 3} | {d.lower() for d in WEEKDAYS.split("|")}
        # Single-word country names only: "Saint Martin" must not make "Martin" a non-name.
        lex.stop |= {form.lower() for form in lex.country_forms if " " not in form}
        lex.stop |= {d.lower() for d in lex.demonyms}
        lex.stop |= {a.lower() for a in lex.organisations}
        lex.country_prefixes = {form[:n] for form in lex.country_forms for n in range(1, len(form) + 1)}
        lex.long_country_forms = {form for form in lex.country_forms if len(form) > 3}
        lengths: dict[str, set[int]] = {}
        for form in lex.long_country_forms:
            lengths.setdefault(form[:4], set()).add(len(form))
        lex.long_country_lengths = {head: tuple(sorted(ns)) for head, ns in lengths.items()}
        return lex

    def is_head(self, word: str) -> bool:
        return word.lower().strip(".") in self.heads

    def starts_with_long_country(self, text: str) -> bool:
        """Whether `text` starts with a country name longer than 3 characters."""
        # Only the lengths of the forms that start like the text are tried.
        return any(text[:n] in self.long_country_forms for n in self.long_country_lengths.get(text[:4], ()))

    def org_acronym(self, name: str) -> str | None:
        return self.org_by_name.get(fold(name))

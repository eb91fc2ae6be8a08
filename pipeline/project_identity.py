"""Which project mentions, across documents, are the same project.

Keys, not fuzzy matching: two written forms are one project when their normalised
keys are equal, so the rule is predictable and reviewable.

- `acronym_key("MOBILAZE 2") == acronym_key("Mobilaze-2") == "MOBILAZE-2"`: case,
  spacing and punctuation do not matter, but a phase number is its own token, so
  "MOBILAZE" / "MOBILAZE-2" and "BOMCA 9" / "BOMCA 10" stay apart.
- `name_key('“The Support to X”') == name_key("support to x")`: quotes, a leading
  "the", case, dashes and punctuation do not matter.

Grouping (`group_keys`) is union-find over (acronym key, name key) with one
restriction: a name never unites two acronyms, because phases share their title
("Support to the Implementation of the Mobility Partnership with Azerbaijan" is the
name of both MOBILAZE and MOBILAZE-2). What is left of union-find is then a direct
mapping, decided only by the keys, so it does not depend on input order:

1. An item with an acronym belongs to the entry of its acronym key.
2. A name-only item joins the acronym entry carrying the same name key when exactly
   one acronym entry carries it, or the acronym entry whose key equals the name
   written as an acronym (a title like "ENPARD 3").
3. Otherwise it belongs to the entry of its name key. When several acronym entries
   share the name, the item is not joined to any and the entry notes why.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Optional

# Roman numerals written as a phase ("ENPARD III") read as the number; single
# letters (I, V, X) are too often initials to convert.
_ROMAN = {"II": 2, "III": 3, "IV": 4, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "XI": 11, "XII": 12}
_QUOTES = "\"'“”‘’«»„‟‹›`´"
_TOKEN = re.compile(r"[A-Z]+|\d+")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if ch not in _QUOTES)


def acronym_key(acronym: str) -> str:
    """Upper-case letter runs and digit runs joined by "-": "Mobilaze 2" -> "MOBILAZE-2".

    Letters and digits are separate tokens, so a phase number never fuses with the
    letters before it ("BOMCA10" and "BOMCA 10" -> "BOMCA-10", "BOMCA 9" -> "BOMCA-9").
    """
    tokens = _TOKEN.findall(_fold(acronym).upper())
    tokens = [tokens[0], *(str(_ROMAN.get(t, t)) for t in tokens[1:])] if tokens else tokens
    return "-".join(tokens)


def name_key(name: str) -> str:
    """Case-folded words of a title, without quotes, punctuation or a leading "the"."""
    text = _fold(name).casefold().replace("&", " and ")
    words = re.findall(r"[^\W_]+", text)
    if words and words[0] == "the":
        words = words[1:]
    words = [str(_ROMAN[w.upper()]) if w.upper() in _ROMAN and i else w for i, w in enumerate(words)]
    return " ".join(words)


def slug(text: str) -> str:
    """Upper-case ASCII slug for identifiers: "support to x" -> "SUPPORT-TO-X"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[A-Z0-9]+", ascii_text.upper()))


@dataclass(frozen=True)
class Assignment:
    """Where one (acronym, name) pair goes: the entry key, and why if it was not obvious."""

    key: str
    note: Optional[str] = None


def group_keys(pairs: Iterable[tuple[Optional[str], Optional[str]]]) -> dict[tuple[Optional[str], Optional[str]], Assignment]:
    """Map each distinct (acronym, name) pair as written to its registry entry key.

    Acronym entries are keyed by `acronym_key`; name-only entries by `slug(name_key)`.
    A pair with neither is ignored (the schema forbids it anyway).
    """
    pairs = {(a or None, n or None) for a, n in pairs}
    names_of: dict[str, set[str]] = defaultdict(set)  # acronym key -> name keys it carries
    for acronym, name in pairs:
        if acronym and acronym_key(acronym):
            names_of[acronym_key(acronym)].add(name_key(name) if name else "")
    carriers: dict[str, list[str]] = defaultdict(list)  # name key -> acronym keys carrying it
    for akey, nkeys in names_of.items():
        for nkey in nkeys - {""}:
            carriers[nkey].append(akey)

    out: dict[tuple[Optional[str], Optional[str]], Assignment] = {}
    for acronym, name in pairs:
        if acronym and acronym_key(acronym):
            out[(acronym, name)] = Assignment(acronym_key(acronym))
        elif name and name_key(name):
            out[(acronym, name)] = _assign_name(name, names_of, carriers)
    return out


def _assign_name(name: str, names_of: dict[str, set[str]], carriers: dict[str, list[str]]) -> Assignment:
    nkey = name_key(name)
    owners = sorted(carriers.get(nkey, []))
    if len(owners) == 1:
        return Assignment(owners[0])
    as_acronym = acronym_key(name)
    if as_acronym in names_of:
        return Assignment(as_acronym)
    own = slug(nkey) or nkey
    if len(owners) > 1:
        return Assignment(own, f"title also used by {', '.join(owners)}; not joined to any of them")
    return Assignment(own)

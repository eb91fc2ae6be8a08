"""Organisation names as records give them: the shortest unambiguous form.

`OrgNamer(text, lexicon)` knows the acronyms a document defines ("International
Centre for Migration Policy Development (ICMPD)") and uses, so that
- `canonical(name)` returns the acronym when the text gives one (the known
  acronym of a known organisation only if the text itself uses it), else the name
  as written without a leading "the";
- `read_list(text, start, end)` reads "the EU and the German Government" or
  "ICMPD in partnership with UNDP" after a cue into [(name, start, end)], keeping
  names that contain "and" ("Ministry of Interior and Administration") whole.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from typing import Optional

from .components.lexicon import Lexicon, fold

_WORD = r"(?:[A-Z][\w’'.-]*|government|Government|ministry)"
_LINK = r"(?:of|for|and|the|on|in|de|du|für|to)"
_ORG = re.compile(rf"(?:the\s+)?(?P<org>{_WORD}(?:(?:\s+{_LINK})*\s+{_WORD})*(?:\s*\([A-Z][A-Za-z]{{1,10}}\))?)")
# ", the B", ", and B", and after a closing "(ACR)" also " and the B".
_LIST_SEPARATOR = re.compile(r"(?:,\s+(?:and\s+)?|(?<=\))\s+and\s+)(?=(?:the\s+)?[A-Z])")
_ACRONYM_IN_PARENS = re.compile(r"\((?P<acr>[A-Z][A-Za-z]{1,10})\)")
_NAME_BEFORE = re.compile(rf"(?<![\w’'-])(?P<name>[A-Z][\w’'-]*(?:(?:\s+{_LINK})*+\s+[A-Z][\w’'-]*)*+)\s*$")
_UP_TO_NON_NAME = re.compile(r"(?s).*[^\w’'\s-]")  # up to the last character _NAME_BEFORE cannot match
_LEADING_LINKS = re.compile(r"^(?:(?:The|the|of|for|and|with)\s+)+")
# A word the text "uses" as an acronym: 2-11 ASCII letters, the first a capital.
_ACRONYM_WORD = re.compile(r"[A-Z][A-Za-z]{1,10}")
_EDGE_PUNCTUATION = " ,.;:"
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_IN_PLACE = re.compile(r"\s+in\s+(?:the\s+)?[A-Z][\w ]+$")
_TWO_CAPITALS = re.compile(r"[A-Z].*[A-Z]")
_WITH_ACRONYM = re.compile(r"(.+?)\s*\(([A-Z][A-Za-z]{1,10})\)")
_SPLIT_AT = re.compile(r",\s+(?:and\s+)?(?:the\s+)?|\s+and\s+(?:the\s+)?")


@lru_cache(maxsize=1 << 12)
def _standalone(acronym: str) -> re.Pattern:
    """`acronym` with no word character on either side. The look-behind comes after the
    literal so that the regex jumps from one occurrence of the acronym to the next."""
    word = re.escape(acronym)
    return re.compile(rf"{word}(?!\w)(?<!\w{word})")


class OrgNamer:
    def __init__(self, text: str, lex: Lexicon):
        self.text, self.lex = text, lex

    # Read on first use: most documents never ask for an organisation's name.
    @cached_property
    def defined(self) -> dict[str, str]:
        """Folded name -> the acronym the text gives it in parentheses."""
        defined: dict[str, str] = {}
        # Anchored on the "(ACR)" itself; the name is read backwards from it.
        for m in _ACRONYM_IN_PARENS.finditer(self.text):
            start = max(0, m.start() - 200)
            # A name ends the window: it begins after the window's last character that
            # cannot be in one, so the search may begin there too.
            cut = _UP_TO_NON_NAME.match(self.text, start, m.start())
            before = _NAME_BEFORE.search(self.text, cut.end() if cut else start, m.start())
            if before:
                name = _LEADING_LINKS.sub("", before.group("name"))
                defined[fold(name)] = m.group("acr")
        return defined

    def uses(self, acronym: str) -> bool:
        """Whether the text has `acronym` as a word of its own (and of acronym shape)."""
        return bool(_ACRONYM_WORD.fullmatch(acronym)) and _standalone(acronym).search(self.text) is not None

    def canonical(self, name: str) -> Optional[str]:
        # (Each regex below runs only where its match is possible: "the"/"The" first, an "in",
        # a closing parenthesis last.)
        name = name.strip(_EDGE_PUNCTUATION)
        if name.startswith(("the", "The")):
            name = _LEADING_THE.sub("", name)
        # "the European Union in Georgia": where a body works is not part of its name.
        if "in" in name:
            name = _IN_PLACE.sub(lambda m: "" if m.group().split(" in ", 1)[1].strip() in self.lex.country_forms else m.group(), name)
        if not name:
            return None
        if " " not in name and not _TWO_CAPITALS.search(name) and name not in self.lex.country_forms:
            return None  # "the Bank", "the Consortium of ...": not a name on its own
        m = _WITH_ACRONYM.fullmatch(name) if name.endswith(")") else None
        if m:
            return m.group(2)
        key = fold(name)
        if key in self.defined:
            return self.defined[key]
        acronym = self.lex.org_by_name.get(key)  # lex.org_acronym(name), folded once
        if acronym and self.uses(acronym):
            return acronym
        return name

    def read_list(self, text: str, start: int, end: int) -> list[tuple[str, int, int]]:
        names = []
        position = start
        while True:
            m = _ORG.match(text, position, end)
            if not m:
                break
            for part, offset in _split(m.group("org"), m.start("org"), self):
                canonical = self.canonical(part)
                if canonical:
                    names.append((canonical, offset, offset + len(part)))
            more = _LIST_SEPARATOR.match(text, m.end(), end)
            if not more:
                break
            position = more.end()
        return names


def _split(chain: str, offset: int, namer: OrgNamer) -> list[tuple[str, int]]:
    """Split 'A, the B and the C' / 'ICMPD and UNDP' into names; 'X and Y' stays whole
    unless the right side starts a name of its own (article, acronym, known org)."""
    parts, start = [], 0
    for sep in _SPLIT_AT.finditer(chain):
        right = chain[sep.end() :]
        first = right.split(" ", 1)[0]
        new_name = ("the" in sep.group() or sep.group().startswith(",") or first.isupper()
                    or first in namer.lex.organisations or first in namer.lex.demonyms)
        if new_name:
            parts.append((chain[start : sep.start()], offset + start))
            start = sep.end()
    parts.append((chain[start:], offset + start))
    return [(p.strip(), o) for p, o in parts if p.strip()]

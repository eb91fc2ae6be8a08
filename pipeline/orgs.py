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
from typing import Optional

from .components.lexicon import Lexicon, fold

_WORD = r"(?:[A-Z][\w’'.-]*|government|Government|ministry)"
_LINK = r"(?:of|for|and|the|on|in|de|du|für|to)"
_ORG = re.compile(rf"(?:the\s+)?(?P<org>{_WORD}(?:(?:\s+{_LINK})*\s+{_WORD})*(?:\s*\([A-Z][A-Za-z]{{1,10}}\))?)")
# ", the B", ", and B", and after a closing "(ACR)" also " and the B".
_LIST_SEPARATOR = re.compile(r"(?:,\s+(?:and\s+)?|(?<=\))\s+and\s+)(?=(?:the\s+)?[A-Z])")
_ACRONYM_IN_PARENS = re.compile(r"\((?P<acr>[A-Z][A-Za-z]{1,10})\)")
_NAME_BEFORE = re.compile(rf"(?<![\w’'-])(?P<name>[A-Z][\w’'-]*(?:(?:\s+{_LINK})*+\s+[A-Z][\w’'-]*)*+)\s*$")


class OrgNamer:
    def __init__(self, text: str, lex: Lexicon):
        self.text, self.lex = text, lex
        self.defined: dict[str, str] = {}
        # Anchored on the "(ACR)" itself; the name is read backwards from it.
        for m in _ACRONYM_IN_PARENS.finditer(text):
            before = _NAME_BEFORE.search(text, max(0, m.start() - 200), m.start())
            if before:
                name = re.sub(r"^(?:(?:The|the|of|for|and|with)\s+)+", "", before.group("name"))
                self.defined[fold(name)] = m.group("acr")
        self.used = set(re.findall(r"\b[A-Z][A-Za-z]{1,10}\b", text))

    def canonical(self, name: str) -> Optional[str]:
        name = re.sub(r"^(?:the|The)\s+", "", name.strip(" ,.;:"))
        # "the European Union in Georgia": where a body works is not part of its name.
        name = re.sub(r"\s+in\s+(?:the\s+)?[A-Z][\w ]+$", lambda m: "" if m.group().split(" in ", 1)[1].strip() in self.lex.country_forms else m.group(), name)
        if not name:
            return None
        if " " not in name and not re.search(r"[A-Z].*[A-Z]", name) and name not in self.lex.country_forms:
            return None  # "the Bank", "the Consortium of ...": not a name on its own
        m = re.fullmatch(r"(.+?)\s*\(([A-Z][A-Za-z]{1,10})\)", name)
        if m:
            return m.group(2)
        if fold(name) in self.defined:
            return self.defined[fold(name)]
        acronym = self.lex.org_acronym(name)
        if acronym and acronym in self.used:
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
    for sep in re.finditer(r",\s+(?:and\s+)?(?:the\s+)?|\s+and\s+(?:the\s+)?", chain):
        right = chain[sep.end() :]
        first = right.split(" ", 1)[0]
        new_name = ("the" in sep.group() or sep.group().startswith(",") or first.isupper()
                    or first in namer.lex.organisations or first in namer.lex.demonyms)
        if new_name:
            parts.append((chain[start : sep.start()], offset + start))
            start = sep.end()
    parts.append((chain[start:], offset + start))
    return [(p.strip(), o) for p, o in parts if p.strip()]

"""`page_furniture`: mark site menus, sidebars, captions, bylines and copyright lines.

Later components skip anything inside these ranges, so "© 2025 ... Azerbaijan" or a
sidebar's "since 1951" yield no facts. Two kinds of evidence:
- a line matching a pattern in `rules/furniture.jsonl`;
- a menu zone: short lines without sentence punctuation (menu items, repeated
  headings) and any paragraph sandwiched between such lines before the article.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from .base import RuleComponent, doc_text, parse_jsonl

_SENTENCE_END = re.compile(r"[.!?:;”\"’)]\s*$")
_DATE_ONLY = re.compile(
    r"^\W*(\w+day,?\s+)?(\d{1,2}(st|nd|rd|th)?\s+\w+\.?,?\s+\d{4}|\w+\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d\d-\d\d|\d{1,2}[./]\d{1,2}[./]\d{4})"
)


@Language.factory("page_furniture", default_config={"rules": ""})
def make_page_furniture(nlp: Language, name: str, rules: str) -> "PageFurniture":
    return PageFurniture(nlp, name, rules)


class PageFurniture(RuleComponent):
    files = ("furniture.jsonl",)

    def load(self) -> None:
        rows = parse_jsonl(self.raw["furniture.jsonl"])
        # One scan per line for all patterns; inline flags such as (?i) stay scoped to their pattern.
        combined = "|".join(f"(?:{_scoped(row['pattern'])})" for row in rows)
        self.patterns = [("furniture", re.compile(combined))]

    def __call__(self, doc: Doc) -> Doc:
        doc._.furniture = furniture_ranges(doc_text(doc), self.patterns)
        return doc


def _scoped(pattern: str) -> str:
    """'(?i)abc' -> '(?i:abc)': a global flag turned into a group flag, so patterns combine."""
    m = re.match(r"^\(\?([aiLmsux]+)\)", pattern)
    return f"(?{m.group(1)}:{pattern[m.end():]})" if m else pattern


def _ends(line: str) -> str:
    """Furniture shows at the start or end of a line (a copyright, a trailing photo
    credit); a long paragraph is only searched there."""
    return line if len(line) <= 320 else line[:160] + " … " + line[-160:]


def _lines(text: str):
    pos = 0
    for raw in text.split("\n"):
        yield pos, pos + len(raw), raw
        pos += len(raw) + 1


def _menu_like(line: str) -> bool:
    """A short line with no sentence punctuation: a menu item, heading or slogan."""
    stripped = line.strip(" \t-•*·|")
    if not stripped:
        return True
    words = stripped.split()
    return len(words) <= 4 and not _SENTENCE_END.search(stripped) and not _DATE_ONLY.match(stripped)


def furniture_ranges(text: str, patterns) -> list[list[int]]:
    lines = [(s, e, l) for s, e, l in _lines(text) if l.strip()]
    marked = [any(p.search(_ends(l)) for _, p in patterns) for _, _, l in lines]
    menu = [_menu_like(l) for _, _, l in lines]
    # Menu zone: a line between two menu-like (or marked) lines, before the first run
    # of two consecutive non-menu lines (where the article itself starts).
    article_started = False
    for i in range(len(lines)):
        if menu[i] and not marked[i]:
            words = lines[i][2].split()
            # Short lines are furniture only next to other furniture; a lone title
            # or heading in the body is content.
            neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(lines)]
            if any(menu[j] or marked[j] for j in neighbours) and len(words) <= 4 and not article_started:
                marked[i] = True
            continue
        if article_started or marked[i]:
            continue
        prev_menu = i > 0 and (menu[i - 1] or marked[i - 1])
        next_menu = i + 1 < len(lines) and (menu[i + 1] or marked[i + 1])
        if i + 1 < len(lines) and not menu[i + 1] and not marked[i + 1]:
            article_started = True
        elif prev_menu and next_menu and _glued(lines[i][2]):
            marked[i] = True
    # Anywhere: three or more menu-like lines in a row (footers, logo captions).
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and menu[j]:
            j += 1
        if j - i >= 3:
            marked[i:j] = [True] * (j - i)
        i = max(j, i + 1)
    return [[s, e] for (s, e, _), m in zip(lines, marked) if m]


_GLUED = re.compile(r"^\W*(?:\S+\s+){0,3}?\S*?([A-Z]{3}[a-z]|[a-z][A-Z][a-z])")


def _glued(line: str) -> bool:
    """A heading glued to its paragraph ("WHO WE AREThe ...", "Our WorkAs ..."): scraped menu text."""
    return bool(_GLUED.search(line[:40]))

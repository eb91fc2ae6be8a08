"""Cheap string searches that stand in for costly regex scans: a case-folded byte copy
of a text, every position of some words in it, and an alternation's matches found by
its patterns searching apart.

Case-insensitive regexes, and alternations whose branches start differently, make
Python's `re` try every position of a text; finding the words a match must hold with
`str.find` / `bytes.find` first, and running the regex only near them, or letting each
branch skip to its own literal, gives the same matches at a fraction of the cost
(linking cues, amounts, projects, page furniture).
"""

from __future__ import annotations

import re
from typing import Callable, Iterator, Optional, Sequence

# The non-ASCII characters IGNORECASE matches to an ASCII letter: "İ", "ı", "ſ" and the
# Kelvin sign (tests/test_cues.py checks the list against every Unicode character).
ODD_CASE = ("\u0130", "\u0131", "\u017f", "\u212a")


def ascii_folded(text: str) -> Optional[bytes]:
    """The text lower-cased, each non-ASCII character as "?": character i of the text is
    byte i here, so a case-insensitive pattern can match text[i:j] only where one of its
    (ASCII) words is at [i:j] here. None when the text has a character of ODD_CASE, for
    which that does not hold. (Much cheaper than str.lower() on a non-ASCII text.)"""
    if any(c in text for c in ODD_CASE):
        return None
    return text.encode("ascii", "replace").lower()


def positions(where: str | bytes, *words: str | bytes) -> list[int]:
    """Every position of each of `words` in `where`, overlapping ones included: those of
    the first word in order, then those of the next."""
    found = []
    for word in words:
        at = where.find(word)
        while at >= 0:
            found.append(at)
            at = where.find(word, at + 1)
    return found


def leftmost_matches(searches: Sequence[Callable[[int], Optional[re.Match]]], start: int = 0) -> Iterator[re.Match]:
    """The matches `finditer` gives from `start` for the alternation of some patterns, each
    pattern searching on its own: `searches[i](pos)` is the first match of pattern i at or
    after `pos` (never an empty one), or None.

    Faster when each pattern starts with a literal: `re` skips to a literal by a string
    search, while an alternation of different starts is tried at every character. The
    leftmost match wins, at a tie the first pattern's, as in the alternation; a
    pattern's next match is searched again only once an earlier match has passed it."""
    pending = [search(start) for search in searches]
    while True:
        found = [m for m in pending if m]
        if not found:
            return
        first = min(found, key=re.Match.start)  # min keeps the first of equal starts
        yield first
        pos = first.end()
        pending = [m if m is None or m.start() >= pos else search(pos) for search, m in zip(searches, pending)]

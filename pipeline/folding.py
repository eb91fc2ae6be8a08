"""Cheap string searches that prefilter regexes: a case-folded byte copy of a text, and
every position of some words in it.

Case-insensitive regexes make Python's `re` try every position of a text; finding the
words a match must hold with `str.find` / `bytes.find` first, and running the regex only
near them, gives the same matches at a fraction of the cost (linking cues, amounts,
page furniture).
"""

from __future__ import annotations

from typing import Optional

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

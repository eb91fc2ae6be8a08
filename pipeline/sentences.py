"""Sentence boundaries shared by the spaCy pipeline and the writers.

Press releases put headlines, datelines and list items on their own lines without
final punctuation, so a line break ends a sentence too. One function serves the
`sentences` component and the facts table, so "sentence" means the same everywhere.
"""

from __future__ import annotations

import re
from bisect import bisect_right

# A sentence ends after . ! ? (optionally closed by a quote or bracket) followed by
# whitespace and an upper-case letter, digit or opening quote, or at a line break.
# Both start with a quote, bracket or space: testing that first, alone, spares re
# trying the two alternatives at every other character.
_BOUNDARY = re.compile(
    r"(?=[”\"’')\]\s])"
    r"(?:(?<=[.!?])[”\"’')\]]?\s+(?=[A-Z0-9“\"‘(«])"
    r"|\s*\n\s*)"
)
# Abbreviations whose dot does not end a sentence.
_NO_BREAK_BEFORE = re.compile(
    r"(?:\b(?:Mr|Ms|Mrs|Dr|Prof|St|No|Nos|Art|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
    r"|vs|etc|e\.g|i\.e|approx|Gen|Col|Lt|Sen|Rep|Gov|H\.E|Inc|Ltd|Co|Corp|U\.S|U\.K)"
    r"|\b[A-Z])\.[”\"’')\]]?\s*$"
)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Return (start, end) character offsets of each non-empty sentence in `text`."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if "\n" not in match.group() and _NO_BREAK_BEFORE.search(text, max(0, match.start() - 12), match.start() + 1):
            continue
        _append(text, start, match.start(), bounds)
        start = match.end()
    _append(text, start, len(text), bounds)
    return bounds


def _append(text: str, start: int, end: int, bounds: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        bounds.append((start, end))


def sentence_around(text: str, start: int, end: int, bounds: list[tuple[int, int]] | None = None) -> tuple[int, int]:
    """The (start, end) of the sentence holding text[start:end]; spans several if it crosses one."""
    bounds = bounds if bounds is not None else sentence_bounds(text)
    if not bounds:
        return (start, end)
    starts = [s for s, _ in bounds]
    first = max(0, bisect_right(starts, start) - 1)
    last = max(first, bisect_right(starts, max(start, end - 1)) - 1)
    return (min(bounds[first][0], start), max(bounds[last][1], end))

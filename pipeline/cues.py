"""Where the linking cues match in a text, found by the words they begin with.

The cue regexes are case-insensitive: Python's `re` then tries them at every position
of the text, which makes a scan cost far more than finding a few words with str.find.
So each cue is tried only where one of its first words occurs (`matches_from`), which
gives exactly the matches `finditer` would.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from .components.base import ODD_CASE, ascii_folded  # noqa: F401  (ODD_CASE: tests)

# Each cue starts with a letter from a small set: the lookahead lets the regex skip
# every other position without trying the alternatives.
FUND_CUE = re.compile(r"(?i)(?=[fsw])(?:\b(?:funded|financed|sponsored|supported)\s+(?:and\s+implemented\s+)?by\s+|\bfinancial\s+(?:support|contribution|assistance)\s+(?:of|from)\s+|\bwith\s+(?:the\s+)?(?:funding|support)\s+(?:of|from)\s+|\bfunding\s+from\s+)")
IMPL_CUE = re.compile(r"(?i)(?=[ficeP])(?:\b(?:funded\s+and\s+)?(?:implemented|carried\s+out|executed)\s+by\s+|\bimplementing\s+partners?\s+|\bin\s+partnership\s+with\s+|\b[Pp]roject\s+by\s+)")
ENTITLED = re.compile(r"(?i)\b(?:entitled|mandated|selected|contracted)\s+(?P<org>.{2,120}?)\s+to\s+implement\b")
# "EU-funded", "European Union-funded"; the letter before the hyphen is checked after it,
# so that the regex starts with a literal and skips to each "-" at once.
FUNDED_ADJ = re.compile(r"-(?<=[a-zA-Z]-)(?:funded|financed)\b")
GENERIC = re.compile(r"(?i)\b(?:project|programme|program|initiative|action)s?\b")

# Each cue and the words its matches begin with: ASCII, lower case (see `find_cues`).
# Keep them in step with the cues. IMPL_CUE's "in partnership with" is found from
# "partnership": "in" alone is everywhere.
CUES = {
    "generic": (GENERIC, (b"project", b"program", b"initiative", b"action")),
    "fund": (FUND_CUE, (b"fund", b"financ", b"sponsored", b"supported", b"with")),
    "impl": (IMPL_CUE, (b"funded", b"implement", b"carried", b"executed", b"project")),
    "entitled": (ENTITLED, (b"entitled", b"mandated", b"selected", b"contracted")),
}
def positions(where: str | bytes, word: str | bytes) -> list[int]:
    """Every position of `word` in `where`, overlapping ones included."""
    found = []
    at = where.find(word)
    while at >= 0:
        found.append(at)
        at = where.find(word, at + 1)
    return found


def matches_from(cue: re.Pattern, starts: set[int], text: str) -> list[re.Match]:
    """`list(cue.finditer(text))`, found faster when `starts` holds every position where a
    match of `cue` (never the empty string) can begin: the regex is tried there only."""
    found: list[re.Match] = []
    end = 0  # as finditer: the next match starts where the last one ended
    for start in sorted(starts):
        if start >= end:
            m = cue.match(text, start)
            if m:
                found.append(m)
                end = m.end()
    return found


def find_cues(text: str, anaphors: list[str]) -> dict[str, list[re.Match]]:
    """The matches of the project-word, organisation and anaphor cues, each as its `finditer`
    gives them, found from the positions of the words they begin (anaphors: end) with."""
    folded = ascii_folded(text)
    at: dict[bytes, list[int]] = {}
    if folded is None:  # rare: each cue scans the whole text
        found = {name: list(cue.finditer(text)) for name, (cue, _) in CUES.items()}
    else:
        at = {word: positions(folded, word) for _, words in CUES.values() for word in words}
        found = {}
        for name, (cue, words) in CUES.items():
            starts = {start for word in words for start in at[word]}
            if name == "impl":  # "in partnership": "in" ends where the spaces before "partnership" begin
                starts.update(max(0, len(text[:q].rstrip()) - 2) for q in positions(folded, b"partnership"))
            found[name] = matches_from(cue, starts, text)
    found["adj"] = list(FUNDED_ADJ.finditer(text))
    found["anaphor"] = find_anaphors(text, anaphors, at)
    return found


@lru_cache(maxsize=16)
def anaphor_patterns(anaphors: tuple[str, ...]) -> Optional[tuple[re.Pattern, list[tuple[str, bytes, list[int]]]]]:
    """The anaphor regex, longest form first, and where to look for its matches: the last
    word of each form (and the cue word its folded form begins with, if any) with its
    offsets in the forms. A word that begins with another one at the same offset is left
    to it ("programme" to "program")."""
    pattern = "|".join(re.escape(a) for a in sorted(anaphors, key=len, reverse=True))
    if not pattern:
        return None
    pairs = set()
    for form in anaphors:
        word = (form.split() or [form])[-1]
        pairs.add((word, form.rindex(word)))
    offsets: dict[str, list[int]] = {}
    for word, offset in sorted(pairs):
        if not any(word != other and word.startswith(other) and offset == at for other, at in pairs):
            offsets.setdefault(word, []).append(offset)
    anchors = [(word, _cue_word_starting(word), at) for word, at in offsets.items()]
    return re.compile(rf"\b(?:{pattern})\b"), anchors


def _cue_word_starting(word: str) -> bytes:
    """The longest cue word that `word`, folded, begins with: where it is, `word` may be."""
    folded = word.lower().encode() if word.isascii() else b""
    return max((w for _, words in CUES.values() for w in words if folded.startswith(w)), key=len, default=b"")


def find_anaphors(text: str, anaphors: list[str], folded_at: dict[bytes, list[int]]) -> list[re.Match]:
    """The anaphor regex's matches in `text`, as its `finditer` gives them. `folded_at`: where
    `find_cues` found its words in the folded text; an anchor beginning with one of them
    is among its places ("Project", "programme": "project", "program")."""
    compiled = anaphor_patterns(tuple(anaphors))
    if compiled is None:
        return []
    pattern, anchors = compiled
    starts = set()
    for word, folded_word, offsets in anchors:
        found = folded_at[folded_word] if folded_word in folded_at else positions(text, word)
        starts.update(at - offset for at in found for offset in offsets if at >= offset)
    return matches_from(pattern, starts, text)

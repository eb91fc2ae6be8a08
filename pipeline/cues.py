"""Where the linking cues match in a text, found by the words they begin with.

The cue regexes are case-insensitive: Python's `re` then tries them at every position
of the text, which makes a scan cost far more than finding a few words with str.find.
So each cue is tried only where one of its first words occurs (`matches_from`), which
gives exactly the matches `finditer` would.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Optional

from .folding import ascii_folded, positions

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
CUE_WORDS = tuple(dict.fromkeys(word for _, words in CUES.values() for word in words))  # each once


def matches_from(cue: re.Pattern, starts: Iterable[int], text: str) -> list[re.Match]:
    """`list(cue.finditer(text))`, found faster when `starts` holds every position where a
    match of `cue` (never the empty string) can begin: the regex is tried there only (a
    position given twice adds nothing)."""
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
    return find_cues_folded(text, ascii_folded(text), anaphors)


def find_cues_folded(text: str, folded: Optional[bytes], anaphors: list[str]) -> dict[str, list[re.Match]]:
    """`find_cues(text, anaphors)`, given `folded`: `ascii_folded(text)`."""
    at: dict[bytes, list[int]] = {}
    if folded is None:  # rare: each cue scans the whole text
        found = {name: list(cue.finditer(text)) for name, (cue, _) in CUES.items()}
    else:
        at = {word: positions(folded, word) for word in CUE_WORDS}
        found = {}
        for name, (cue, words) in CUES.items():
            # A start given twice adds nothing (`matches_from`): a list serves as well as a set.
            starts = [start for word in words for start in at[word]]
            if name == "impl":  # "in partnership": "in" ends where the spaces before "partnership" begin
                starts.extend(max(0, len(text[:q].rstrip()) - 2) for q in positions(folded, b"partnership"))
            found[name] = matches_from(cue, starts, text) if starts else []
    found["adj"] = list(FUNDED_ADJ.finditer(text)) if may_have_funded_adj(text, at) else []
    found["anaphor"] = find_anaphors(text, anaphors, at)
    return found


Anchor = tuple[str, bytes, list[tuple[int, tuple[str, ...]]]]  # word, cue word, (offset, beginnings) pairs


def may_have_funded_adj(text: str, folded_at: dict[bytes, list[int]]) -> bool:
    """Whether `text` has "-funded" or "-financed" (case as written), which each FUNDED_ADJ
    match holds: most texts have neither. `folded_at`: as in `find_anaphors` (empty: unknown)."""
    if not folded_at:
        return "-funded" in text or "-financed" in text
    return (any(text.startswith("-funded", at - 1) for at in folded_at[b"funded"] if at)
            or any(text.startswith("-financed", at - 1) for at in folded_at[b"financ"] if at))


@lru_cache(maxsize=16)
def anaphor_patterns(anaphors: tuple[str, ...]) -> Optional[tuple[re.Pattern, list[Anchor]]]:
    """The anaphor regex, longest form first, and where to look for its matches: the last
    word of each form (and the cue word its folded form begins with, if any) with its
    offsets in the forms, each with what a form has before its last word there ("the ",
    "This "). A word that begins with another one at the same offset is left to it
    ("programme" to "program")."""
    pattern = "|".join(re.escape(a) for a in sorted(anaphors, key=len, reverse=True))
    if not pattern:
        return None
    pairs = set()
    before: dict[int, set[str]] = {}  # offset of the last word -> what the forms have before it
    for form in anaphors:
        word = (form.split() or [form])[-1]
        pairs.add((word, form.rindex(word)))
        before.setdefault(form.rindex(word), set()).add(form[: form.rindex(word)])
    offsets: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for word, offset in sorted(pairs):
        if not any(word != other and word.startswith(other) and offset == at for other, at in pairs):
            offsets.setdefault(word, []).append((offset, tuple(sorted(before[offset]))))
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
    starts = []
    for word, folded_word, offsets in anchors:
        found = folded_at[folded_word] if folded_word in folded_at else positions(text, word)
        # A form can begin only where the text has one of its beginnings: the regex need
        # not be tried elsewhere (most "project"s follow neither "the " nor "this ").
        starts.extend(at - offset for at in found for offset, before in offsets
                      if at >= offset and text.startswith(before, at - offset))
    return matches_from(pattern, starts, text)


# -- cues `link` reads in the window before (after) a date, an amount or a verb ------------------
# A lookahead on the letters a cue's matches begin with, "(?=[lbskci])", lets the regex
# skip every other position at once.
START_CUE = re.compile(r"(?i)(?=[lbskci])\b(?:launched|launch|began|begun|begins|started|starts|start|kicked[ -]off|kick-off|commenced|commences|inaugurated|initiated|starting|since)\s+(?:on\s+|in\s+|from\s+|as\s+of\s+)?(?:the\s+)?$")
WEAK_START_CUE = re.compile(r"(?i)(?=[fsa])\b(?:from|since|as\s+of)\s+(?:the\s+)?$")
END_CUE = re.compile(r"(?i)(?=[fceutd])\b(?:finali[sz]ed|completed|complete|ended|ends|end|closed|concluded|finished|expires?|expired|until|till|due\s+to\s+end)\s+(?:on\s+|in\s+|by\s+)?(?:the\s+end\s+of\s+)?(?:the\s+)?$")
WEAK_END_CUE = re.compile(r"(?i)\b(?:to|through|-|–)\s+$")
SIGNED_CUE = re.compile(r"(?i)(?=[sc])\b(?:signed|concluded)\s+(?:\w+\s+){0,4}?(?:on|in)\s+$")
RANGE_CUE = re.compile(r"(?i)(?=[bdiofpr])\b(?:between|during|in|over|for|period\s+of|run\s+from|from)\s+(?:the\s+(?:period\s+of\s+)?)?$")
BUDGET_BEFORE = re.compile(r"(?i)(?:[”\"»’]\s+for\s+$)|\b(?:(?:grant|loan|total|project)\s+amount\s*:|budget|cost|costs|worth|amounting\s+to|amounted\s+to|amounts\s+to|amount\s+of|allocated|totall?ing|total\s+of|valued\s+at|value\s+of|financing\s+of|funding\s+of|grant\s+of|loan\s+of|investment\s+of|contribution\s+of|budget\s+of|was|is)\s+(?:of\s+|to\s+|at\s+)?(?:about|around|approximately|over|more\s+than|nearly|almost|some|a\s+total\s+of)?\s*$")
BUDGET_WORD = re.compile(r"(?i)\b(?:budget|total\s+cost|worth)\b")
KICK_OFF_AFTER = re.compile(r"(?i)\W*,?[^.]{0,60}?\b(?:kicking\s+off|launching)\b")  # "On 27 September, X held ..., kicking off a new action"
# "ADB will provide ...": found from the verb, the giver read backwards from it.
GIVER_VERB = re.compile(r"(?=[pagdelc])\b(?:provide|allocate|grant|give|disburse|approve|extend|lend|donate|contribute)[a-z]*\b")
GIVER_BEFORE = re.compile(
    r"(?P<org>(?:(?:the|The)\s+)?[A-Z][\w.’'-]*(?:\s+(?:of|for|and|the)?\s*[A-Z][\w.’'-]*){0,6})"
    r"(?:\s*\([A-Z][A-Za-z]{1,10}\))?\s+(?:will\s+|has\s+|have\s+|had\s+|is\s+to\s+|plans\s+to\s+)?$")
# Up to the last character a cue's match cannot hold: as each match runs to the end of its
# window (the cues end with "$"), each cue is searched for only after that character.
UP_TO_NON_DATE_CUE = re.compile(r"(?s).*[^\w\s–-]")  # the date cues, START_CUE to WEAK_END_CUE
UP_TO_NON_BUDGET_CUE = re.compile(r"(?s).*[^\w\s:”\"»’]")  # BUDGET_BEFORE
UP_TO_NON_GIVER = re.compile(r"(?s).*[^\w\s.’'()-]")  # GIVER_BEFORE
# Words (ASCII, lower case) one of which each match of a (?i) cue holds: where the folded
# text has none, the cue cannot match (see `ascii_folded`).
KICK_OFF_WORDS = (b"kicking", b"launching")
BUDGET_WORDS = (b"budget", b"total", b"worth")


def after_last(up_to: re.Pattern, text: str, start: int, end: int) -> int:
    """Where text[start:end] begins after the last character `up_to` stops at (`start` if none)."""
    cut = up_to.match(text, start, end)
    return cut.end() if cut else start


def may_hold(folded: Optional[bytes], start: int, end: int, words: tuple[bytes, ...]) -> bool:
    """Whether text[start:end] may hold one of `words` in any case: `folded` is the text
    as `ascii_folded` gives it (None: it cannot tell, so it may)."""
    if folded is None:
        return True
    window = folded[start:end]
    return any(word in window for word in words)

"""`page_furniture`: mark site menus, sidebars, captions, bylines and copyright lines.

Later components skip anything inside these ranges, so "© 2025 ... Azerbaijan" or a
sidebar's "since 1951" yield no facts. Two kinds of evidence:
- a line matching a pattern in `rules/furniture.jsonl`;
- a menu zone: short lines without sentence punctuation (menu items, repeated
  headings) and any paragraph sandwiched between such lines before the article.

Trying every pattern at every character of every line was most of this component's
cost: `LineMatcher` runs each pattern only where it can match.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from itertools import accumulate
from re import _constants as sre, _parser as sre_parse  # re's own parser: the one way to read a pattern exactly

from spacy.language import Language
from spacy.tokens import Doc

from ..folding import ODD_CASE, ascii_folded, positions
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
        self.matcher = LineMatcher([row["pattern"] for row in rows])

    def __call__(self, doc: Doc) -> Doc:
        doc._.furniture = furniture_ranges(doc_text(doc), self.matcher)
        return doc


def _ends(line: str) -> str:
    """Furniture shows at the start or end of a line (a copyright, a trailing photo
    credit); a long paragraph is only searched there."""
    return line if len(line) <= 320 else line[:160] + " … " + line[-160:]


# Five words: `not _FIVE_WORDS.match(s)` is `len(s.split()) <= 4` without copying a paragraph.
_FIVE_WORDS = re.compile(r"\s*\S+\s+\S+\s+\S+\s+\S+\s+\S")


def _menu_like(line: str) -> bool:
    """A short line with no sentence punctuation: a menu item, heading or slogan."""
    stripped = line.strip(" \t-•*·|")
    if not stripped:
        return True
    return not _FIVE_WORDS.match(stripped) and not _SENTENCE_END.search(stripped) and not _DATE_ONLY.match(stripped)


def furniture_ranges(text: str, matcher: "LineMatcher") -> list[list[int]]:
    starts, lines, pos = [], [], 0
    for raw in text.split("\n"):
        if raw.strip():
            starts.append(pos)
            lines.append(raw)
        pos += len(raw) + 1
    n = len(lines)
    marked = matcher.matching([_ends(line) for line in lines])
    menu = [_menu_like(line) for line in lines]
    # Menu zone: a line between two menu-like (or marked) lines, before the first run
    # of two consecutive non-menu lines (where the article itself starts).
    article_started = False
    for i in range(n):
        if menu[i] and not marked[i]:
            # Short lines are furniture only next to other furniture; a lone title
            # or heading in the body is content.
            beside = (i > 0 and (menu[i - 1] or marked[i - 1])) or (i + 1 < n and (menu[i + 1] or marked[i + 1]))
            if beside and not article_started and not _FIVE_WORDS.match(lines[i]):
                marked[i] = True
            continue
        if article_started or marked[i]:
            continue
        prev_menu = i > 0 and (menu[i - 1] or marked[i - 1])
        next_menu = i + 1 < n and (menu[i + 1] or marked[i + 1])
        if i + 1 < n and not menu[i + 1] and not marked[i + 1]:
            article_started = True
        elif prev_menu and next_menu and _glued(lines[i]):
            marked[i] = True
    # Anywhere: three or more menu-like lines in a row (footers, logo captions).
    i = 0
    while i < n:
        j = i
        while j < n and menu[j]:
            j += 1
        if j - i >= 3:
            marked[i:j] = [True] * (j - i)
        i = max(j, i + 1)
    return [[start, start + len(line)] for start, line, m in zip(starts, lines, marked) if m]


_GLUED = re.compile(r"^\W*(?:\S+\s+){0,3}?\S*?([A-Z]{3}[a-z]|[a-z][A-Z][a-z])")


def _glued(line: str) -> bool:
    """A heading glued to its paragraph ("WHO WE AREThe ...", "Our WorkAs ..."): scraped menu text."""
    return bool(_GLUED.search(line[:40]))


class LineMatcher:
    """Which lines match at least one of some patterns; the same answer as trying each
    pattern on each line, at a fraction of the cost.

    Each pattern is split into its top-level alternatives ("a|b" matches where "a" or
    "b" does), and each alternative runs only where it can match:
    - one anchored at the line start ("^...") fails at once on most lines, so those run
      on every line, as one regex. One that must span the whole line but starts by
      reading on through it ("^[^.!?]*(...){2,}$") is first told to reject a line holding
      a character it can never consume: prose has a full stop, and the pattern no longer
      backtracks through a whole paragraph.
    - any other runs only on lines holding one of its "needles", strings one of which
      every match contains (derived from the pattern by `_scan`), found with one
      `str.find` per needle over all the lines at once, lower-cased.
    - one with no needles runs on every line.
    """

    def __init__(self, patterns: list[str]):
        anchored, floating, self.needled = [], [], []
        for alternative in (a for pattern in patterns for a in _alternatives(pattern)):
            parsed = sre_parse.parse(alternative)
            body = _unwrapped(parsed.data)
            if body and body[0] == (sre.AT, sre.AT_BEGINNING):
                if body[-1] in ((sre.AT, sre.AT_END), (sre.AT, sre.AT_END_STRING)) and _reads_on(body[1]):
                    alternative = _only_consumable(parsed) + alternative
                anchored.append(alternative)
                continue
            needles = _scan(body)[1]
            if needles:
                self.needled.append((re.compile(alternative), [n.encode() for n in _merged(needles)]))
            else:
                floating.append(alternative)
        # A leading ^ lets re give up on a line after one attempt at its start.
        self.anchored = re.compile("^(?:" + "|".join(anchored) + ")") if anchored else None
        self.floating = re.compile("|".join(floating)) if floating else None

    def matching(self, lines: list[str]) -> list[bool]:
        """For each line (without line breaks), whether any pattern matches it."""
        found = [False] * len(lines)
        for regex in (self.anchored, self.floating):
            if regex is not None:
                found = [hit or regex.search(line) is not None for hit, line in zip(found, lines)]
        if self.needled:
            for pattern, rows in self._candidates(lines):
                for i in rows:
                    if not found[i] and pattern.search(lines[i]):
                        found[i] = True
        return found

    def _candidates(self, lines: list[str]):
        """(pattern, indexes of the lines holding one of its needles) for each needled pattern."""
        # One byte a character ("?" for non-ASCII ones), lower-cased: ASCII needles are found
        # at character offsets, and much faster than in joined.lower().
        folded = ascii_folded("\n".join(lines))
        if folded is None:
            for pattern, _ in self.needled:
                yield pattern, range(len(lines))
            return
        starts = None
        for pattern, needles in self.needled:
            present = [needle for needle in needles if needle in folded]
            if not present:
                continue
            if starts is None:
                starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
            rows = {bisect_right(starts, at) - 1 for at in positions(folded, *present)}
            yield pattern, sorted(rows)


# The only non-ASCII letters that re.IGNORECASE matches to ASCII ones (tested): a text
# holding one may match a pattern without holding its needles.
_FOLDS_TO_ASCII = "".join(ODD_CASE)  # İ ı ſ K(elvin)
_GLOBAL_FLAGS = re.compile(r"\(\?([aiLmsux]+)\)")


def _alternatives(pattern: str) -> list[str]:
    """'(?i)a|b(c|d)' -> ['(?i:a)', '(?i:b(c|d))']: the top-level alternatives, each keeping
    the pattern's global flags. A pattern that refers to its groups, or has comments
    (verbose mode, "(?#...)"), is kept whole."""
    flags, body = "", pattern
    while m := _GLOBAL_FLAGS.match(body):
        flags, body = flags + m.group(1), body[m.end():]
    # Group references ("\1", "(?P=name)", "(?(1)...)") and comments, to the letter or not.
    if "x" in flags or re.search(r"\(\?([aiLmsu-]*x|#|P=|\()|\\[1-9]", body):
        return [f"(?{flags}:{body})" if flags else body]
    parts, start, depth, i = [], 0, 0, 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            i += 1
        elif char == "[":
            # A class ends at the first "]" that is not its first member ("[]a]", "[^]a]").
            i += 2 if body.startswith("[^", i) else 1
            i += 1 if body.startswith("]", i) else 0
            while i < len(body) and body[i] != "]":
                i += 2 if body[i] == "\\" else 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
        i += 1
    parts.append(body[start:])
    return [f"(?{flags}:{part})" if flags else part for part in parts]


def _unwrapped(items) -> list:
    """The content of a parsed pattern that is one non-capturing group (how flags are scoped)."""
    while len(items) == 1 and items[0][0] is sre.SUBPATTERN and items[0][1][0] is None:
        items = items[0][1][3].data
    return items


def _children(op, av) -> list:
    """The sub-sequences of a parsed node (groups, branches, repeats, look-arounds)."""
    if op is sre.BRANCH:
        return list(av[1])
    if op is sre.SUBPATTERN:
        return [av[3]]
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        return [av[2]]
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [av[1]]
    if op is sre.ATOMIC_GROUP:
        return [av]
    return []


_MAX_STRINGS = 32


def _scan(items) -> tuple[set[str] | None, set[str] | None]:
    """(exact, needles) of a parsed sequence, lower-cased ASCII strings:
    exact: every string the sequence can match, when they are few and spelled out;
    needles: strings one of which every match contains. None when not known.

    Only ASCII literals are spelled out, so a match's needle shows in the lower-cased
    text whether the pattern ignores case or not (given no `_FOLDS_TO_ASCII` letter).
    Needles are searched in `LineMatcher._candidates`.
    """
    exact, run, needles = {""}, {""}, None
    for op, av in items:
        item_exact, item_needles = _scan_item(op, av)
        needles = _better(needles, item_needles)
        exact = _product(exact, item_exact)
        longer = _product(run, item_exact)
        if longer is None:
            # Consecutive spelled-out items match consecutive text: the run so far is a needle set.
            needles = _better(needles, _as_needles(run))
            longer = item_exact if item_exact is not None else {""}
        run = longer
    return exact, _better(needles, _as_needles(run))


def _scan_item(op, av) -> tuple[set[str] | None, set[str] | None]:
    if op is sre.LITERAL:
        return ({chr(av).lower()} if av < 128 else None), None
    if op is sre.IN:
        chars = [chr(v) for kind, v in av if kind is sre.LITERAL]
        if len(chars) == len(av) <= 8 and all(c.isascii() for c in chars):
            return {c.lower() for c in chars}, None
        return None, None
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return {""}, None  # consume nothing
    if op in (sre.SUBPATTERN, sre.ATOMIC_GROUP):
        return _scan(_children(op, av)[0])
    if op is sre.BRANCH:
        scanned = [_scan(alternative) for alternative in av[1]]
        exact = set().union(*(e for e, _ in scanned)) if all(e is not None for e, _ in scanned) else None
        each = [_better(n, _as_needles(e)) for e, n in scanned]
        needles = _as_needles(set().union(*each)) if all(each) else None
        return (exact if exact is not None and len(exact) <= _MAX_STRINGS else None), needles
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, inner = av
        inner_exact, inner_needles = _scan(inner)
        exact = None
        if inner_exact is not None and high == 1:
            exact = inner_exact | ({""} if low == 0 else set())
        needles = _better(inner_needles, _as_needles(inner_exact)) if low >= 1 else None
        return exact, needles
    return None, None  # any character, a class, a group reference: not spelled out


def _merged(needles: set[str]) -> list[str]:
    """Needles sharing their first 5 characters replaced by their common prefix: fewer
    searches, hardly less selective ("cookies", "cookie policy" -> "cookie")."""
    groups: dict[str, list[str]] = {}
    for needle in sorted(needles):
        groups.setdefault(needle[:5], []).append(needle)
    return [os.path.commonprefix(group) for group in groups.values()]


def _product(left, right):
    big = left is None or right is None or len(left) * len(right) > _MAX_STRINGS
    return None if big else {a + b for a in left for b in right}


def _as_needles(strings):
    """A set of strings as needles: none if one is empty; a string holding another is redundant."""
    if not strings or "" in strings:
        return None
    return {s for s in strings if not any(t != s and t in s for t in strings)}


def _better(a, b):
    """The more selective needle set: long needles (3+ characters) first, then fewer of them."""
    if a is None or b is None:
        return a if b is None else b
    return min(a, b, key=lambda s: (min(map(len, s)) < 3, len(s), -min(map(len, s))))


def _reads_on(node) -> bool:
    """Whether a node repeats a class that takes letters ("[^.!?]*"): at the start of a
    pattern, it reads a prose line to its end (or a full stop) and backtracks from there."""
    op, av = node
    leaves = []
    if op not in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) or av[1] < 2 or not _consumers(av[2], 0, leaves):
        return False
    return any(re.fullmatch(_char_source(op, av), letter) for op, av, _ in leaves for letter in "eE")


def _only_consumable(parsed) -> str:
    """For a pattern that must span the whole line: a look-ahead that rejects a line holding
    a character no part of the pattern can consume (tried among ASCII and the characters
    the pattern names). '' when there is none, or the pattern is beyond this analysis."""
    leaves = []
    if not _consumers(parsed.data, parsed.state.flags, leaves):
        return ""
    named = {chr(v) for op, av, _ in leaves if op is sre.IN for kind, v in av if kind is sre.LITERAL}
    named |= {chr(av) for op, av, _ in leaves if op in (sre.LITERAL, sre.NOT_LITERAL)}
    testers = [re.compile(_char_source(op, av), flags & (re.I | re.A | re.S)) for op, av, flags in leaves]
    never = sorted(c for c in set(map(chr, range(128))) | named if not any(t.fullmatch(c) for t in testers))
    return "(?=[^" + "".join(re.escape(c) for c in never) + "]*+$)" if never else ""


def _consumers(items, flags: int, leaves: list) -> bool:
    """Collect the one-character nodes of `items` with the flags in force at each; False
    when a node is beyond this analysis (a group reference consumes what its group did,
    but maybe in another case)."""
    for op, av in items:
        if op in (sre.LITERAL, sre.NOT_LITERAL, sre.ANY) or (op is sre.IN and all(
                k in (sre.NEGATE, sre.LITERAL, sre.RANGE) or v in _CATEGORIES for k, v in av)):
            leaves.append((op, av, flags))
        elif op is sre.SUBPATTERN:
            if not _consumers(av[3], (flags | av[1]) & ~av[2], leaves):
                return False
        elif op in (sre.BRANCH, sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT, sre.ATOMIC_GROUP):
            if not all(_consumers(child, flags, leaves) for child in _children(op, av)):
                return False
        elif op not in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):  # these consume nothing
            return False
    return True


_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W",
}


def _char_source(op, av) -> str:
    """A parsed one-character node written back as a regex."""
    if op is sre.LITERAL:
        return re.escape(chr(av))
    if op is sre.NOT_LITERAL:
        return "[^" + re.escape(chr(av)) + "]"
    if op is sre.ANY:
        return "."
    members = []
    for kind, value in av:
        if kind is sre.NEGATE:
            members.insert(0, "^")
        elif kind is sre.LITERAL:
            members.append(re.escape(chr(value)))
        elif kind is sre.RANGE:
            members.append(re.escape(chr(value[0])) + "-" + re.escape(chr(value[1])))
        else:
            members.append(_CATEGORIES[value])
    return "[" + "".join(members) + "]"

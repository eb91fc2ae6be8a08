"""Patterns and text helpers of the `projects` component: what a project name looks
like (capitalised chains, quotes, acronyms) and string searches that find it without
trying every character of the text. Plain functions on strings; no spaCy here."""

from __future__ import annotations

import re
from functools import partial
from string import ascii_letters as ASCII_LETTERS
from typing import Iterator, Optional

from ..folding import leftmost_matches

# A capitalised word ("EU’s", "Co-operation"), matched possessively: what may follow it in
# a chain (a space, a comma) cannot match inside it, so giving characters back never helps.
CAPW = r"[A-Z]\w*+(?:[’']\w+)*+(?:-\w+(?:[’']\w+)*+)*+"
FUNC = r"(?:of|for|the|and|in|to|on|with|at|a|an|by|from|into|through|against|towards?|&|–|-)"


def acronym_pattern(not_after: str = "A-Za-z0-9") -> str:
    """Pattern of an acronym not preceded by a character of the class `not_after`.

    Two or more capitals in the first part ("MOBILAZE", "CareFor", "RR4D"), then
    hyphenated parts ("IBM-WB", "ENPARD-3") or a phase number ("BOMCA 10").
    The first capital comes before the lookarounds (which then look back over it):
    a pattern that starts with a character class lets `re` skip to the capitals. The
    second capital is the first one after the lower-case letters and digits."""
    return (rf"[A-Z](?<![{not_after}][A-Z])(?=[a-z0-9]*+[A-Z])[A-Za-z0-9]*(?:[-–][A-Z0-9][A-Za-z0-9]*)*"
            r"(?:\s\d+(?:\.\d+)?\b|\s(?:II|III|IV|V|VI|VII|VIII|IX|X)\b)?")


ACRONYM = acronym_pattern()
ACRONYM_ALONE = acronym_pattern(r"\w-")  # nor after a hyphen or any letter ("EU-ABC", "éABC")
# Title-case words on one line (commas only in a list that ends "... and X"), matched
# possessively: each chain is found once per text and never backtracked into.
CHAIN = re.compile(rf"{CAPW}(?:(?:[ \t]+{FUNC})*+[ \t]+{CAPW}|,[ \t]+{CAPW}(?=(?:[ \t]+{CAPW}|,)*[ \t]+and[ \t]))*+")
# A quoted text, by its opening mark: “...” (or ..."), «...», "..." (or ...”), ‘...’ (not an
# apostrophe). One pattern a mark, read together by `alternation_matches`.
QUOTES = (re.compile(r"“\s*(?P<body>[^“”\n]{3,250}?)\s*[”\"]"),
          re.compile(r"«\s*(?P<body>[^«»\n]{3,250}?)\s*»"),
          re.compile(r"\"\s*(?P<body>[^\"“”\n]{3,250}?)\s*[\"”]"),
          re.compile(r"‘(?<!\w‘)\s*(?P<body>[^‘’\n]{3,250}?)\s*’(?!\w)"))
PAREN_ACRONYM = re.compile(rf"^\s*\((?P<acr>{ACRONYM}(?:\s+[A-Z][a-z]+){{0,3}})\)")
BODY_WITH_ACRONYM = re.compile(rf"^(?P<name>.+?)\s*\((?P<acr>{ACRONYM}(?:\s+[A-Z][a-z]+){{0,3}})\)$")
ACRONYM_COLON = re.compile(rf"^(?P<acr>{ACRONYM})\s*:\s*(?P<name>.+)$")
LISTED_ACRONYM = re.compile(rf"{ACRONYM}(?:\s+Component\s+\d+(?:\.\d+)*)?")  # one of "ABC, DEF and GHI"
STARTS_UPPER = re.compile(r"^[A-Z]")
CLAUSE_START = re.compile(r"(?:^|[.,]\s)$")
ON = re.compile("on ")
NEXT_WORD_STRIP = ".,;:)’'”\""  # punctuation around the word after a chain
SUBJECT_VERBS = {"will", "is", "was", "has"}  # "X will be implemented by ..."
LINE = re.compile(r"[^\n]+")
FIRST_LINE = re.compile(r"\s*([^\n]+)\n\s*\S")  # with text under it, as a headline has
SENTENCE_END = (".", "!", "?", ":", ";")
THIS_PROJECT = re.compile(r"(?:This|The)\s+(?:project|programme)\b")
# A line (after the first) that starts so: without one, no headline names a project.
THIS_PROJECT_LINE = re.compile(rf"\n\s*{THIS_PROJECT.pattern}")
WORD_AFTER = re.compile(r"^\s*(?:\([^)]*\)\s*)?(?:international\s+)?([A-Za-z]+)")
LEADING_ARTICLE = re.compile(r"^(?:The|This|A|An|Its|Under|In|On|For|With|By)\s+")
LEADING_POSSESSOR = re.compile(r"^\w+[’']s\s+")
# Names that are not projects (`Projects.valid`).
OWNER = re.compile(r"^([A-Z]{2,})\s+(?=\S+(?:\s+\S+)*\s+(?:Programme|Program|Project)\b)")
ACRONYM_LIST = re.compile(rf"{ACRONYM}(?:\s*(?:,|and)\s*{ACRONYM})+")
BARE_ACRONYM = re.compile(rf"(?P<acr>{ACRONYM})(?:\s+(?:Project|Programme))?")
PHASE_NUMBER = re.compile(r"[-–\s]?\d+(?:\.\d+)*$")
# Endings, for `search_end`: each pattern with how far before the end of the text (trailing
# whitespace aside) a match can start, the length of its longest word.
ARTICLE_BEFORE = (re.compile(r"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]his)\s+$"), len("This"))
QUANTIFIER_BEFORE = (re.compile(r"\b(?:other|these|those|such|several|all|many|its|their)\s+$"), len("several"))
POSSESSIVE_END = (re.compile(r"[’']s$"), len("’s"))  # "the Trust Fund’s"
ORGANISATION_WORDS = ("Agency", "Ministry", "Bank", "Office", "Department", "Organisation", "Organization", "Centre",
                      "Center", "Council", "Committee", "Foundation", "Association", "Unit", "Service", "Authority",
                      "Institute", "University", "Fund", "Trust")
ORGANISATION_END = (re.compile(rf"\b(?:{'|'.join(ORGANISATION_WORDS)})$"), max(map(len, ORGANISATION_WORDS)))
LETTERS = re.compile(r"[A-Za-z]+")
# What follows a known acronym's other mentions (`Projects.phases`): nothing that continues
# it ("BOMCA 10" is not "BOMCA"), or, after a base of letters, a phase number ("BOMCA-9").
STANDS_ALONE = re.compile(r"(?![\w-]|\s\d)")
PHASE_NUMBER_AFTER = re.compile(r"(?:[-–]|\s)(?P<num>\d+)(?![\d.,]\d)")
LIST_ITEM = re.compile(r"\s*(?:\d+[.)]|[•*-])\s*[“\"‘«]")
LIST_ITEM_REST = re.compile(r"\s*(?:\(\w[^)]*\))?\s*(?:[Pp]roject|[Pp]rogramme)?\s*")


FUNCTION_WORDS = {"of", "for", "the", "and", "in", "to", "on", "a", "an", "with", "at", "by", "from"}


def title_case_line(line: str) -> bool:
    """A headline: no final full stop, and most content words capitalised."""
    if line.strip().endswith(SENTENCE_END):
        return False  # most lines are paragraphs: no need to split them into words
    words = line.split()
    content = [w for w in words if w.lower() not in FUNCTION_WORDS]
    return len(words) >= 4 and sum(w[:1].isupper() for w in content) >= 0.6 * max(1, len(content))


def alternation_matches(patterns: tuple[re.Pattern, ...], text: str) -> Iterator[re.Match]:
    """The matches `finditer` gives for the alternation of `patterns` in `text`, each pattern
    searching on its own (see `folding.leftmost_matches`)."""
    return leftmost_matches(tuple(partial(pattern.search, text) for pattern in patterns))


def listed_item(text: str, m: re.Match) -> bool:
    """The quote `m` is a numbered or bulleted list item: '1. “Title” (ACR) project'."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    if line_end < 0:
        line_end = len(text)
    return bool(LIST_ITEM.match(text, line_start, line_end) and LIST_ITEM_REST.fullmatch(text, m.end(), line_end))


def literal_matches(text: str, literal: str, not_after: str, rest: re.Pattern) -> Iterator[tuple[int, int]]:
    """Spans of `literal` followed by `rest` (matched where the literal ends), the literal
    not after a word character (`\\w`) nor one of `not_after`: the spans `re.finditer` gives
    for that pattern, found without compiling one (the literal is an acronym of the text)."""
    pos = 0
    while (start := text.find(literal, pos)) >= 0:
        previous = text[start - 1 : start]  # "" at the start of the text
        after = None
        if not (previous and (previous.isalnum() or previous == "_" or previous in not_after)):
            after = rest.match(text, start + len(literal))
        if after:
            yield start, after.end()
            pos = after.end()
        else:
            pos = start + 1


def headline_end(text: str) -> int:
    """End of the first line when it is a title-case headline, else 0."""
    first = FIRST_LINE.match(text)
    return first.end(1) if first and title_case_line(first.group(1)) else 0


def search_end(ending: tuple[re.Pattern, int], text: str) -> Optional[re.Match]:
    """`pattern.search(text)` for an `ending`, (pattern, reach): a pattern that can only match
    at the end of the text, starting at most `reach` characters before its trailing
    whitespace. The search starts there rather than trying every position of the text."""
    pattern, reach = ending
    return pattern.search(text, len(text.rstrip()) - reach)


def last_word(text: str) -> str:
    """The ASCII letters that end `text` before any trailing whitespace ('' if none): what
    `([A-Za-z]+)\\s*$` finds, without trying every position of the text."""
    text = text.rstrip()
    start = len(text)
    while start and text[start - 1] in ASCII_LETTERS:
        start -= 1
    return text[start:]


def trim_name(name: str) -> str:
    name = LEADING_ARTICLE.sub("", name.strip())
    name = LEADING_POSSESSOR.sub("", name)  # "EU’s European Neighbourhood Programme"
    return name.strip(" ,;:–-")


def candidate(m: re.Match, rule: str, name: Optional[str] = None, acr: Optional[str] = None,
          name_group: Optional[str] = None, acr_group: Optional[str] = None) -> dict:
    start, end = m.start(), m.end()
    item = {"start": start, "end": end, "text": m.group(), "rule": rule, "name": name, "acronym": acr}
    if name and name_group:
        offset = m.start(name_group) + m.group(name_group).find(name)
        item["name_start"] = offset
    return item


def dedupe_spans(items: list[dict]) -> list[dict]:
    """Overlapping candidates: keep the one with most information (acronym+name), then the longest."""
    def score(i):
        return (bool(i.get("acronym")) + bool(i.get("name")), i["end"] - i["start"])

    kept: list[dict] = []
    for item in sorted(items, key=lambda i: (i["start"], -(i["end"] - i["start"]))):
        clash = [k for k in kept if item["start"] < k["end"] and k["start"] < item["end"]]
        if not clash:
            kept.append(item)
            continue
        if all(score(item) > score(k) for k in clash):
            for k in clash:
                kept.remove(k)
            kept.append(item)
    return sorted(kept, key=lambda i: i["start"])

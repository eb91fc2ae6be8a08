"""Calendar date expressions: find them in text and normalise them to the precision written.

Contract:
- `find_dates(text)` yields every `DateMatch` in `text`, left to right, never overlapping.
  A match knows its span, the rule that found it and its parts (year, month, day, and
  for ranges the second end); nothing is guessed: "March 2016" has no day.
- `DateMatch.values(published)` turns the parts into "YYYY", "YYYY-MM" or "YYYY-MM-DD"
  strings, one per end of a range. A match without a year (relative: "on July 30",
  "today", "in May this year") resolves only against `published` ("YYYY-MM-DD") and
  gives no value without it.
- `parse_date(text, published=None)` is the one-shot form: the values of the single
  expression that covers `text`, or [] when `text` is not a date expression.

Durations ("28 months", "36-month"), ordinals ("25 years of") and numbers that are part
of money or codes are not dates. The grammar is table-driven (month names and patterns
below) rather than dateparser's: dateparser fills missing parts from today's date, which
would turn "2016" into a day, and it is two orders of magnitude slower on this job.
dateparser is still used for what it does well: relative words resolved against the
publication date (see `resolve_relative`).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator, Optional

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
RELATIVE_DAYS = ("today", "yesterday", "tomorrow")  # a fixed number of days from the publication date


def _month_alternation() -> str:
    # Title case and upper case only: a lower-case "may" is a verb, not May.
    forms = []
    for name in sorted(MONTHS, key=len, reverse=True):
        forms += [name.capitalize(), name.upper()]
    return "(?:" + "|".join(forms) + r")\.?"


_M = _month_alternation()
_D = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_Y = r"(?:1[89]\d\d|20\d\d)"
_WD = rf"(?:(?:{WEEKDAYS}),?\s+)"
# Not a year when glued to money, codes, decimals or followed by a unit/duration.
_NOT_BEFORE = r"(?<![\w$€£¥₼.,/:#№+-])(?<!\d )"
_NOT_AFTER = (
    r"(?![\w%‰/]| \d|[.,]\d|\s*(?:-|–)?\s*(?:months?|years?|days?|weeks?|hours?|km|kilomet|meters?|metres?|people|persons|"
    r"million|billion|mln|bn|thousand|tons?|tonnes?|households?|families|hectares?|units?)\b)"
)

PATTERNS: list[tuple[str, str]] = [
    # 25-27 May 2021 / 1–5 October 2012
    ("day_range_dmy", rf"(?P<d1>{_D})\s*(?:-|–|—|to|and)\s*(?P<d2>{_D})\s+(?P<m>{_M}),?\s+(?P<y>{_Y})"),
    # May 25-27, 2021
    ("day_range_mdy", rf"(?P<m>{_M})\s+(?P<d1>{_D})\s*(?:-|–|—|to|and)\s*(?P<d2>{_D}),?\s+(?P<y>{_Y})"),
    # 15 January 2016, Monday 8 December 2022, 20th of August 2019
    ("dmy", rf"{_WD}?(?P<d>{_D})\s+(?:of\s+)?(?P<m>{_M}),?\s+(?P<y>{_Y})"),
    # January 15, 2016 / Thursday March 28 2024
    ("mdy", rf"{_WD}?(?P<m>{_M})\s+(?P<d>{_D}),?\s+(?P<y>{_Y})"),
    # 2016-01-15
    ("iso", rf"(?P<y>{_Y})-(?P<mn>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d-])"),
    # 15.01.2016, 15/01/2016 (day first, as in European releases)
    ("numeric_dmy", rf"(?<![\d.])(?P<d>0?[1-9]|[12]\d|3[01])[./](?P<mn>0?[1-9]|1[0-2])[./](?P<y>{_Y})(?![\d])"),
    # January to March 2016 / January-March 2016
    ("month_range", rf"(?P<m1>{_M})\s*(?:-|–|—|to|until|till|and)\s*(?P<m>{_M}),?\s+(?P<y>{_Y})"),
    # March 2016, November, 2016, December of 2013
    ("my", rf"(?P<m>{_M}),?\s+(?:of\s+)?(?P<y>{_Y})"),
    # 2015-2019, 2019/20, 2014–2016
    ("year_range", rf"{_NOT_BEFORE}(?P<y>{_Y})\s*(?:-|–|—|/)\s*(?P<y2>{_Y}|\d\d){_NOT_AFTER}"),
    ("year", rf"{_NOT_BEFORE}(?P<y>{_Y}){_NOT_AFTER}"),
    # Without a year: resolved against the publication date only.
    ("day_month", rf"(?P<d>{_D})\s+(?:of\s+)?(?P<m>{_M})(?!\w|,?\s+{_Y})"),
    ("month_day", rf"(?P<m>{_M})\s+(?P<d>{_D})(?![\w.,]\d|\w|,?\s+{_Y})"),
    ("month_rel", rf"(?:(?<=\bin\s)|(?<=\bsince\s)|(?<=\bby\s)|(?<=\buntil\s)|(?<=\bfrom\s)|(?<=\bof\s)|(?<=\bduring\s)|(?<=\bearly\s)|(?<=\blate\s)|(?<=\bmid-))(?P<m>{_M})(?:\s+(?:of\s+)?(?P<rel>this|last|next|the current|the previous) year)?(?!\s*\d|\w)"),
    ("today", rf"(?<![\w-])(?P<rel_day>{'|'.join(RELATIVE_DAYS)})(?![\w-])"),
]
_COMPILED = [(name, re.compile(pattern)) for name, pattern in PATTERNS]
# One pattern for all (alternatives tried in the order above); group names are
# stripped from the copy because alternatives reuse them.
_ONE_PASS = re.compile(
    "|".join(f"(?P<_{i}>{re.sub(r'[(][?]P<[a-z0-9_]+>', '(?:', p.pattern)})" for i, (_, p) in enumerate(_COMPILED))
)


def _can_start() -> re.Pattern:
    """Where a date can start: an ASCII digit (every number in the patterns above starts
    with one), or a weekday, month or relative day word. Each alternative is one literal
    character, the rest of its words a lookahead: re skips in C to the next such character,
    and no candidate hides inside another. Trying `_ONE_PASS` only there spares it most of
    the text."""
    words = [*WEEKDAYS.split("|"), *{n[:3].capitalize() for n in MONTHS}, *{n[:3].upper() for n in MONTHS}, *RELATIVE_DAYS]
    rests: dict[str, set[str]] = {}
    for word in words:
        rests.setdefault(word[0], set()).add(word[1:])
    return re.compile("|".join([*"0123456789", *(f"{re.escape(first)}(?={'|'.join(sorted(rest))})" for first, rest in sorted(rests.items()))]))


_CAN_START = _can_start()


@dataclass
class DateMatch:
    start: int
    end: int
    text: str
    rule: str
    parts: dict = field(default_factory=dict)

    def values(self, published: Optional[str] = None) -> list[str]:
        return date_values(self.rule, self.parts, published)


def _month(token: str) -> int:
    return MONTHS[token.rstrip(".").lower()]


def _day(token: str) -> int:
    return int(re.match(r"\d+", token).group())


def _fmt(year: int, month: Optional[int] = None, day: Optional[int] = None) -> Optional[str]:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:  # 31 April: not a calendar day, so not a date
        return None


def date_values(rule: str, parts: dict, published: Optional[str] = None) -> list[str]:
    """Normalised values for a match's parts; [] when it cannot be a calendar date."""
    p = {k: v for k, v in parts.items() if v is not None}
    pub = _dt.date.fromisoformat(published) if published else None
    if "rel_day" in p:
        return resolve_relative(p["rel_day"], published)
    if "y" not in p:
        if pub is None:
            return []
        year = pub.year + {"last": -1, "the previous": -1, "next": 1}.get(p.get("rel", ""), 0)
        month = _month(p["m"])
        return [v for v in [_fmt(year, month, _day(p["d"]) if "d" in p else None)] if v]
    year = int(p["y"])
    if rule == "year_range":
        second = p["y2"]
        year2 = int(second) if len(second) == 4 else (year // 100) * 100 + int(second)
        return [_fmt(year), _fmt(year2)] if year2 > year else []
    month = _month(p["m"]) if "m" in p else (int(p["mn"]) if "mn" in p else None)
    if rule == "month_range":
        return [_fmt(year, _month(p["m1"])), _fmt(year, month)]
    if "d1" in p:
        first, second = _fmt(year, month, _day(p["d1"])), _fmt(year, month, _day(p["d2"]))
        return [first, second] if first and second and second > first else []
    value = _fmt(year, month, _day(p["d"]) if "d" in p else None)
    return [value] if value else []


def resolve_relative(word: str, published: Optional[str]) -> list[str]:
    """'today', 'yesterday', 'tomorrow' against the publication date (via dateparser)."""
    if not published:
        return []
    word = word.lower()
    if word not in RELATIVE_DAYS:
        return list(_resolve_relative(word, published))
    try:
        return [(_dt.datetime.fromisoformat(published).date() + _day_offset(word)).isoformat()]
    except OverflowError:  # past 9999-12-31, where dateparser finds nothing either
        return []


@lru_cache(maxsize=len(RELATIVE_DAYS))
def _day_offset(word: str) -> _dt.timedelta:
    """What a relative day word adds to a date, as dateparser reads it against a fixed base.
    dateparser sets up its language data on each call, and an archive has a new date per
    document: asking once per word, not per (word, date), keeps these words cheap."""
    base = _dt.datetime(2000, 1, 1)
    return _parse_relative(word, base).date() - base.date()


@lru_cache(maxsize=4096)
def _resolve_relative(word: str, published: str) -> tuple[str, ...]:
    found = _parse_relative(word, _dt.datetime.fromisoformat(published))
    return (found.date().isoformat(),) if found else ()


def _parse_relative(word: str, base: _dt.datetime) -> Optional[_dt.datetime]:
    import dateparser

    return dateparser.parse(word, languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "current_period"})


def find_dates(text: str) -> Iterator[DateMatch]:
    """Every date expression in `text`, left to right; the first (longest) pattern wins at a position."""
    end = 0
    for candidate in _CAN_START.finditer(text):
        start = candidate.start()
        if start < end:
            continue
        match = _ONE_PASS.match(text, start)
        if match is None:
            continue
        end = match.end()
        index = int(match.lastgroup[1:])
        rule, pattern = _COMPILED[index]
        inner = pattern.match(text, match.start(), match.end())
        if inner is None or inner.end() != match.end():
            continue
        parts = {k: v for k, v in inner.groupdict().items() if v is not None}
        yield DateMatch(match.start(), match.end(), match.group(), rule, parts)


def parse_date(text: str, published: Optional[str] = None) -> list[str]:
    """Values of the one date expression that spans all of `text` (after trimming), else []."""
    stripped = text.strip()
    for found in find_dates(stripped):
        if found.start == 0 and found.end == len(stripped):
            return found.values(published)
    return []

"""Money expressions: find them and normalise them to (value, ISO 4217 currency).

Contract:
- `parse_number(text, scaled=False)` reads "400.000", "1,200,000", "2.5", "2,5", "110,400.00"
  as a Decimal, or None. A single dot or comma followed by exactly three digits is a
  thousands separator ("400.000 euros" is 400000) unless a scale word follows
  ("1.500 million" is 1.5 million).
- `MoneyGrammar(rows, scales).find(text)` yields every `MoneyMatch` (span, value,
  currency, rule) left to right; a number without a currency is never money.
- `parse_money(text)` is the one-shot form with the default rules: the (value,
  currency) of the expression spanning all of `text`, or None.

Currencies and scale words are data (`rules/currencies.tsv`, `rules/scales.tsv`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "a": 1, "half a": Decimal("0.5"),
}

_NUMBER_CHARS = re.compile(r"[\d.,]+")
_NUM = r"\d{1,3}(?:(?:[,.]|\s(?=\d{3}\b))\d{3})+(?:[.,]\d{1,2})?(?!\d)|\d+(?:[.,]\d+)?"


@dataclass
class MoneyMatch:
    start: int
    end: int
    text: str
    value: float
    currency: str
    rule: str


def parse_number(text: str, scaled: bool = False) -> Optional[Decimal]:
    raw = text.strip().replace("\u00a0", " ").replace(" ", "")
    if not raw or not _NUMBER_CHARS.fullmatch(raw) or not raw[0].isdigit():
        return None
    dots, commas = raw.count("."), raw.count(",")
    if dots and commas:
        # The later separator is the decimal one: 1,200.50 or 1.200,50
        decimal_sep = "." if raw.rfind(".") > raw.rfind(",") else ","
        thousands = "," if decimal_sep == "." else "."
        raw = raw.replace(thousands, "").replace(decimal_sep, ".")
    elif dots + commas:
        sep = "." if dots else ","
        groups = raw.split(sep)
        thousands_grouping = all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3
        if thousands_grouping and (len(groups) > 2 or not scaled):
            raw = raw.replace(sep, "")
        elif len(groups) == 2:
            raw = raw.replace(sep, ".")
        else:
            return None
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def _plain(value: Decimal) -> float:
    value = value.normalize()
    return float(int(value)) if value == value.to_integral_value() else float(value)


class MoneyGrammar:
    def __init__(self, currencies: list[dict[str, str]], scales: list[dict[str, str]]):
        self.currency = {row["form"]: row["code"] for row in currencies}
        self.scale = {row["form"]: Decimal(row["factor"]) for row in scales}
        by_kind: dict[str, list[str]] = {"symbol": [], "code": [], "word": []}
        for row in currencies:
            by_kind[row["kind"]].append(row["form"])

        def alt(forms):
            return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))

        symbol, code, word = alt(by_kind["symbol"]), alt(by_kind["code"]), alt(by_kind["word"])
        # Scale words need a word boundary; "m"/"bn" glued to the number ("€21m") too.
        scale = r"(?:\s?(?P<scale>" + alt(self.scale) + r")(?![A-Za-z]))"
        words = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
        amount = rf"(?P<num>{_NUM}){scale}?"
        self.patterns = [
            # € 21 million, $ 14,821,336 dollars, US$5m
            ("symbol_first", re.compile(rf"(?<![\w])(?P<cur>{symbol})\s?{amount}(?:\s+(?P<cur2>{word}))?(?!\w)")),
            # EUR 1,200,000, AZN 5 mln, KM 110,400.00
            ("code_first", re.compile(rf"(?<![\w])(?P<cur>{code})\s?{amount}(?![\w]|[.,]\d)")),
            # 400.000 euros, 2.5 million euros, 60 million EUR, 5 mln manat
            ("number_first", re.compile(rf"(?<![\w.,]){amount}\s?(?:(?:of\s+)?(?P<cur>{word}|{code}))(?!\w)")),
            # one billion dollars, half a million euros
            ("words", re.compile(rf"(?i:\b(?P<words>{words}))\s+(?P<scale>{alt(w for w in self.scale if len(w) > 3)})\s+(?P<cur>{word})(?!\w)")),
        ]
        alternatives = [f"(?P<_{i}>{re.sub(r'[(][?]P<[a-z0-9]+>', '(?:', p.pattern)})" for i, (_, p) in enumerate(self.patterns)]
        self._one_pass = re.compile("|".join(alternatives))
        # The words pattern needs a long scale word ("one billion dollars"): where none is,
        # the other three are tried only at a character they can start with (a lookahead
        # costs re far less than trying the three at every position).
        self._long_scales = _as_needles(w for w in self.scale if len(w) > 3)
        starts = "".join(sorted({re.escape(f[0]) for f in by_kind["symbol"] + by_kind["code"]}))
        self._without_words = re.compile(rf"(?=[\d{starts}])(?:" + "|".join(alternatives[:3]) + ")")

    @classmethod
    def from_rules(cls, folder: Path) -> "MoneyGrammar":
        from ..components.base import read_tsv

        return cls(read_tsv(folder / "currencies.tsv"), read_tsv(folder / "scales.tsv"))

    def find(self, text: str) -> Iterator[MoneyMatch]:
        scales = []
        for needle in self._long_scales:
            at = text.find(needle)
            while at >= 0:
                scales.append(at)
                at = text.find(needle, at + 1)
        scales.sort()
        for start, end in _windows(text):
            i = bisect_left(scales, start)
            words_possible = i < len(scales) and scales[i] < end
            yield from self._find(text, start, end, self._one_pass if words_possible else self._without_words)

    def _find(self, text: str, start: int, end: int, one_pass: re.Pattern) -> Iterator[MoneyMatch]:
        for match in one_pass.finditer(text, start, end):
            rule, pattern = self.patterns[int(match.lastgroup[1:])]
            inner = pattern.match(text, match.start(), match.end())
            if inner is None:
                continue
            found = self._value(rule, inner)
            if found is not None:
                yield MoneyMatch(match.start(), inner.end(), inner.group(), found[0], found[1], rule)

    def _value(self, rule: str, m: re.Match) -> Optional[tuple[float, str]]:
        parts = m.groupdict()
        currency = self.currency.get(parts.get("cur") or "") or self.currency.get(parts.get("cur2") or "")
        if currency is None:
            return None
        factor = self.scale.get(parts.get("scale") or "", Decimal(1))
        if rule == "words":
            number = Decimal(NUMBER_WORDS[parts["words"].lower()])
        else:
            number = parse_number(parts["num"], scaled=bool(parts.get("scale")))
        if number is None:
            return None
        return _plain(number * factor), currency


_SCALES = ("thousand", "million", "billion", "trillion")
_NUMBER_WORD_SCALE = re.compile(
    r"(?i)\b(?:" + "|".join(re.escape(w) for w in NUMBER_WORDS) + r")\s+(?:" + "|".join(_SCALES) + r")\b")
# To find it from its rarer end: a space then something like a scale word (re skips in C
# from space to space, and tests one letter at most of them), then a number word ending
# where the run of spaces begins; `_NUMBER_WORD_SCALE` itself has the last word.
_SPACED_SCALE = re.compile(
    r"\s(?i:[" + "".join(sorted({w[0] for w in _SCALES})) + "](?:" + "|".join(sorted({w[1:] for w in _SCALES})) + "))")
_NUMBER_WORD_END = re.compile(r"(?i)\b(?:" + "|".join(re.escape(w) for w in NUMBER_WORDS) + r")\Z")
_LONGEST_NUMBER_WORD = max(map(len, NUMBER_WORDS))


def _has_number_word_scale(text: str) -> bool:
    """Whether `_NUMBER_WORD_SCALE` matches in `text`. A number word ends with a letter, so
    in a match it ends where the spaces before the scale word begin."""
    for spaced in _SPACED_SCALE.finditer(text):
        space = spaced.start()
        while space > 0 and text[space - 1].isspace():  # str.isspace is re's \s
            space -= 1
        word = _NUMBER_WORD_END.search(text, max(0, space - _LONGEST_NUMBER_WORD), space)
        if word and _NUMBER_WORD_SCALE.match(text, word.start()):
            return True
    return False


_BEFORE, _AFTER = 12, 40  # a currency comes at most a few characters before a number, or some words after
# Runs of digits close enough for their windows to touch, as one match: at most
# _BEFORE + _AFTER characters (none a digit) from the end of one run to the next.
# Possessive: a run or a gap never has to give characters back, and re need not try.
_DIGIT_RUNS = re.compile(rf"\d[\d.,\s]*+(?:\D{{1,{_BEFORE + _AFTER}}}+\d[\d.,\s]*+)*+")


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of text that can hold money: around each run of digits, merged where
    they touch. A text with a number word and a scale ("one billion dollars") is read whole."""
    if _has_number_word_scale(text):
        return [(0, len(text))]
    return [(max(0, m.start() - _BEFORE), min(len(text), m.end() + _AFTER)) for m in _DIGIT_RUNS.finditer(text)]


def _as_needles(forms) -> list[str]:
    """Forms to look for: one holding another is found through it ("thousands", "thousand")."""
    forms = set(forms)
    return sorted(f for f in forms if not any(g != f and g in f for g in forms))


@lru_cache(maxsize=1)
def default_grammar() -> MoneyGrammar:
    from ..nlp import rules_dir

    return MoneyGrammar.from_rules(rules_dir())


def parse_money(text: str, grammar: Optional[MoneyGrammar] = None) -> Optional[tuple[float, str]]:
    grammar = grammar or default_grammar()
    stripped = text.strip()
    for found in grammar.find(stripped):
        if found.start == 0 and found.end == len(stripped):
            return found.value, found.currency
    return None

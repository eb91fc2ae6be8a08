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
    if not raw or not re.fullmatch(r"[\d.,]+", raw) or not raw[0].isdigit():
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
        self._one_pass = re.compile(
            "|".join(
                f"(?P<_{i}>{re.sub(r'[(][?]P<[a-z0-9]+>', '(?:', p.pattern)})" for i, (_, p) in enumerate(self.patterns)
            )
        )

    @classmethod
    def from_rules(cls, folder: Path) -> "MoneyGrammar":
        from ..components.base import read_tsv

        return cls(read_tsv(folder / "currencies.tsv"), read_tsv(folder / "scales.tsv"))

    def find(self, text: str) -> Iterator[MoneyMatch]:
        for start, end in _windows(text):
            yield from self._find(text, start, end)

    def _find(self, text: str, start: int, end: int) -> Iterator[MoneyMatch]:
        for match in self._one_pass.finditer(text, start, end):
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


_DIGITS = re.compile(r"\d[\d.,\s]*")
_NUMBER_WORD_SCALE = re.compile(
    r"(?i)\b(?:" + "|".join(re.escape(w) for w in NUMBER_WORDS) + r")\s+(?:thousand|million|billion|trillion)\b")


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of text that can hold money: around each run of digits (a currency
    comes at most a few characters before or some words after it). A text with a
    number word and a scale ("one billion dollars") is read whole."""
    if _NUMBER_WORD_SCALE.search(text):
        return [(0, len(text))]
    windows: list[list[int]] = []
    for m in _DIGITS.finditer(text):
        start, end = max(0, m.start() - 12), min(len(text), m.end() + 40)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    return [(a, b) for a, b in windows]


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

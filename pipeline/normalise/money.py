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
from functools import lru_cache, partial
from pathlib import Path
from typing import Iterator, Optional

from ..folding import ascii_folded, leftmost_matches, positions

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
        # The first three patterns as one alternation, tried only at a character they can
        # start with (a lookahead costs re far less than trying the three at every position).
        # The words pattern is tried apart, only where `_words_starts` finds it may start.
        starts = "".join(sorted({re.escape(f[0]) for f in by_kind["symbol"] + by_kind["code"]}))
        self._without_words = re.compile(rf"(?=[\d{starts}])(?:" + "|".join(alternatives[:3]) + ")")
        self._long_scales = sorted(w for w in self.scale if len(w) > 3)  # the scale words of `words`
        # The same lower-cased, to look for in an ascii_folded text (where each is, or more),
        # through the fewest of them: each with where it is in those that hold it ("million",
        # at 0 in "millions").
        folded_scales = {w.lower().encode() for w in self._long_scales if w.isascii()}
        self._folded_long_scales = [
            (needle, sorted({at for form in folded_scales for at in positions(form, needle)}))
            for needle in sorted(f for f in folded_scales if not any(g != f and g in f for g in folded_scales))]
        self._unfolded_long_scales = [w for w in self._long_scales if not w.isascii()]

    @classmethod
    def from_rules(cls, folder: Path) -> "MoneyGrammar":
        from ..components.base import read_tsv

        return cls(read_tsv(folder / "currencies.tsv"), read_tsv(folder / "scales.tsv"))

    def find(self, text: str) -> Iterator[MoneyMatch]:
        """The matches `finditer` gives for the alternation of the four patterns in each window."""
        folded = ascii_folded(text)
        words_at = self._words_starts(text, folded)
        for start, end in _windows(text, folded):
            first = bisect_left(words_at, start)
            if first < len(words_at) and words_at[first] < end:
                yield from self._find_with_words(text, start, end, words_at[first : bisect_left(words_at, end)])
            else:
                for match in self._without_words.finditer(text, start, end):
                    yield from self._money(text, match, *self.patterns[int(match.lastgroup[1:])])

    def _words_starts(self, text: str, folded: Optional[bytes]) -> list[int]:
        """Where the words pattern may match ("one billion dollars"), in order: the places a
        number word could start that ends where the spaces before a long scale word begin
        (checked as `_has_number_word_scale` does). Usually none. `folded` is the text as
        `ascii_folded` gives it (None: a text it cannot fold, searched as it is)."""
        if folded is None:
            scales = positions(text, *self._long_scales)
        else:  # each scale word is where its lower-case form is in `folded`, if not everywhere
            scales = [at - offset for needle, offsets in self._folded_long_scales
                      for at in positions(folded, needle) for offset in offsets]
            scales += positions(text, *self._unfolded_long_scales)
        starts = set()
        for at in scales:
            space = _spaces_before(text, at)
            first = max(0, space - _LONGEST_NUMBER_WORD)
            if space < at and _NUMBER_WORD_END.search(text, first, space):
                starts.update(range(first, space))
        return sorted(starts)

    def _find_with_words(self, text: str, start: int, end: int, words_at: list[int]) -> Iterator[MoneyMatch]:
        """The four patterns' matches in text[start:end] as their alternation gives them, the
        words pattern tried only at `words_at`."""
        words_rule, words = self.patterns[3]

        def words_search(pos: int) -> Optional[re.Match]:  # words.search(text, pos, end)
            for at in words_at:
                if at >= pos and (m := words.match(text, at, end)):
                    return m
            return None

        others = partial(self._without_words.search, text, endpos=end)
        for m in leftmost_matches((others, words_search), start):
            if m.re is words:
                yield from self._money(text, m, words_rule, words)
            else:
                yield from self._money(text, m, *self.patterns[int(m.lastgroup[1:])])

    def _money(self, text: str, match: re.Match, rule: str, pattern: re.Pattern) -> Iterator[MoneyMatch]:
        """The money `match` (of the alternation, or of `pattern` itself) holds, if any: what
        `pattern` reads of its span."""
        inner = pattern.match(text, match.start(), match.end())
        if inner is None:
            return
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


_SCALE_FIRSTS = {ord(w[0]) for w in _SCALES}  # of `_SPACED_SCALE`, as bytes of an ascii_folded text
_SCALE_RESTS = sorted({w[1:].encode() for w in _SCALES})


def _spaced_scales(text: str, folded: Optional[bytes]) -> list[int]:
    """Where `_SPACED_SCALE` matches, in no particular order: found by the letters after the
    first (a bytes search in C) in `folded`, the text as `ascii_folded` gives it."""
    if folded is None:  # a character that IGNORECASE matches to an ASCII letter
        return [m.start() for m in _SPACED_SCALE.finditer(text)]
    return [at - 2 for at in positions(folded, *_SCALE_RESTS)
            if at >= 2 and folded[at - 1] in _SCALE_FIRSTS and text[at - 2].isspace()]  # str.isspace is re's \s


def _spaces_before(text: str, at: int) -> int:
    """Where the run of whitespace that ends at `at` begins (`at` when there is none)."""
    while at > 0 and text[at - 1].isspace():  # str.isspace is re's \s
        at -= 1
    return at


def _has_number_word_scale(text: str, folded: Optional[bytes] = None) -> bool:
    """Whether `_NUMBER_WORD_SCALE` matches in `text` (`folded`: as `ascii_folded` gives it,
    if known). A number word ends with a letter, so in a match it ends where the spaces
    before the scale word begin."""
    for at in _spaced_scales(text, ascii_folded(text) if folded is None else folded):
        space = _spaces_before(text, at + 1)
        word = _NUMBER_WORD_END.search(text, max(0, space - _LONGEST_NUMBER_WORD), space)
        if word and _NUMBER_WORD_SCALE.match(text, word.start()):
            return True
    return False


_BEFORE, _AFTER = 12, 40  # a currency comes at most a few characters before a number, or some words after
# Runs of digits close enough for their windows to touch, as one match: at most
# _BEFORE + _AFTER characters (none a digit) from the end of one run to the next.
# Possessive: a run or a gap never has to give characters back, and re need not try.
_DIGIT_RUNS = re.compile(rf"\d[\d.,\s]*+(?:\D{{1,{_BEFORE + _AFTER}}}+\d[\d.,\s]*+)*+")


def _windows(text: str, folded: Optional[bytes] = None) -> list[tuple[int, int]]:
    """Stretches of text that can hold money: around each run of digits, merged where
    they touch. A text with a number word and a scale ("one billion dollars") is read whole.
    `folded`: the text as `ascii_folded` gives it, if known."""
    if _has_number_word_scale(text, folded):
        return [(0, len(text))]
    return [(max(0, m.start() - _BEFORE), min(len(text), m.end() + _AFTER)) for m in _DIGIT_RUNS.finditer(text)]


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

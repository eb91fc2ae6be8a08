"""`pressfacts evaluate --details`: per document, the facts missed and the facts made up,
each shown with the sentence it came from, plus the attributes that came out wrong.

A predicted fact's sentence comes from its evidence offsets. A missed gold fact has no
offsets, so its value is looked for in the text (a date in the usual spellings, an
amount's number in the usual groupings and scales, a name, a country's name or
demonym from the rules); when none is found the report says "(not found in text)".
"""

from __future__ import annotations

import calendar
import re
from typing import Any, Iterable, Mapping, Optional, Sequence

from .evaluate import FIELDS, DocumentComparison, name_tokens
from .sentences import sentence_around, sentence_bounds

NOT_FOUND = "(not found in text)"
MAX_SENTENCE = 300

_SCALES = ((1e9, r"(?:billion|bln|bn)"), (1e6, r"(?:million|mln|mn|m)\b"), (1e3, r"(?:thousand|k)\b"))


def _months(month: int) -> str:
    return f"(?:{calendar.month_name[month]}|{calendar.month_abbr[month]}\\.?)"


def date_patterns(value: str) -> list[str]:
    """Regexes for the spellings of a YYYY, YYYY-MM or YYYY-MM-DD value, most specific first."""
    parts = value.split("-")
    year = parts[0]
    if len(parts) == 1:
        return [rf"(?<!\d){year}(?!\d)"]
    month = int(parts[1])
    if len(parts) == 2:
        return [rf"{_months(month)},?\s+{year}(?!\d)", rf"(?<!\d){year}-{parts[1]}(?!\d)"]
    day = int(parts[2])
    return [
        rf"(?<!\d)0?{day}(?:st|nd|rd|th)?\s+(?:of\s+)?{_months(month)},?\s+{year}(?!\d)",
        rf"{_months(month)}\s+0?{day}(?:st|nd|rd|th)?,?\s+{year}(?!\d)",
        rf"(?<!\d)0?{day}[./]0?{month}[./]{year}(?!\d)",
        rf"(?<!\d){value}(?!\d)",
        rf"(?<!\d)0?{day}(?:st|nd|rd|th)?\s+(?:of\s+)?{_months(month)}(?![a-z])",
        rf"{_months(month)}\s+0?{day}(?!\d)",
    ]


def _grouped(number: int, separator: str) -> str:
    return f"{number:,}".replace(",", separator)


def amount_patterns(value: float) -> list[str]:
    """Regexes for how an amount's number may be written: scaled ('2.5 million'), grouped, plain."""
    patterns = []
    for factor, words in _SCALES:
        if value >= factor:
            scaled = f"{value / factor:.3f}".rstrip("0").rstrip(".")
            number = re.escape(scaled).replace(r"\.", "[.,]")
            patterns.append(rf"(?<![\d.,]){number}\s*{words}")
    if float(value).is_integer():
        whole = int(value)
        for separator in (",", ".", " ", "\u00a0", ""):
            patterns.append(rf"(?<![\d.,]){re.escape(_grouped(whole, separator))}(?![\d])")
    else:
        patterns.append(rf"(?<![\d]){re.escape(f'{value:g}')}")
    return patterns


def _words_pattern(words: str) -> str:
    return r"\W+".join(re.escape(w) for w in re.findall(r"\w+", words))


def value_patterns(field: str, gold: Any, country_forms: Mapping[str, Sequence[str]] = {}) -> list[str]:
    """Regexes that may find a gold fact of `field` in its text, most specific first."""
    if field == "dates":
        return date_patterns(gold)
    if field == "amounts":
        return amount_patterns(gold.value)
    if field in ("countries", "partner_countries"):
        forms = sorted(country_forms.get(gold.upper(), ()), key=len, reverse=True)
        return [rf"\b{_words_pattern(f)}\b" for f in forms if f.strip()]
    if field == "officials":
        tokens = name_tokens(gold.name)
        patterns = [rf"\b{_words_pattern(gold.name)}\b"]
        return patterns + ([rf"\b{re.escape(tokens[-1])}\b"] if tokens else [])
    if field == "projects":  # acronym first: it tells phases apart ("MOBILAZE" is not in "MOBILAZE-2")
        acronym = [rf"(?<!\w){_words_pattern(gold.acronym)}(?![-–\s]?\d)(?!\w)"] if gold.acronym else []
        return acronym + ([_words_pattern(gold.name)] if gold.name else [])
    return []


def locate(text: str, patterns: Iterable[str]) -> Optional[tuple[int, int]]:
    """The first span matched by the first pattern that matches (case-insensitive)."""
    for pattern in patterns:
        match = re.search(pattern, text, re.IGNORECASE)
        if match:
            return match.span()
    return None


def evidence_span(field: str, item: Any) -> Optional[tuple[int, int]]:
    """Where a predicted fact was read: its own offsets or its first mention."""
    if field in ("dates", "amounts"):
        return item.start, item.end
    mentions = getattr(item, "mentions", None)
    return (mentions[0].start, mentions[0].end) if mentions else None


def sentence_with(text: str, span: Optional[tuple[int, int]], bounds: list[tuple[int, int]]) -> str:
    """The sentence holding `span`, the span in [[ ]], whitespace collapsed, cut to ~300 characters."""
    if span is None:
        return NOT_FOUND
    start, end = sentence_around(text, span[0], span[1], bounds)
    before, inside, after = (re.sub(r"\s+", " ", text[a:b]) for a, b in ((start, span[0]), span, (span[1], end)))
    room = max(40, (MAX_SENTENCE - len(inside)) // 2)
    if len(before) > room:
        before = "…" + before[-room:]
    if len(after) > room:
        after = after[:room] + "…"
    return f"{before}[[{inside}]]{after}".strip()


def describe(field: str, item: Any) -> str:
    """A fact in a few words, gold or predicted."""
    if field == "dates":
        return item if isinstance(item, str) else item.value
    if field == "amounts":
        return f"{item.value:,.2f}".rstrip("0").rstrip(".") + f" {item.currency}"
    if field in ("countries", "partner_countries"):
        return item if isinstance(item, str) else item.code
    if field == "officials":
        return item.name + (f" ({item.title})" if item.title else "")
    if field == "projects":
        return " / ".join(x for x in (item.acronym, item.name) if x)
    return str(item)


def format_document(
    comparison: DocumentComparison, text: str, country_forms: Mapping[str, Sequence[str]] = {}
) -> str:
    """The details of one document; '' when nothing was missed, made up or wrong."""
    bounds = sentence_bounds(text)
    lines = []
    for field in FIELDS:
        if field == "partner_countries":  # countries shows the same facts, the host's too
            continue
        result = comparison.fields[field]
        if not result.missed and not result.spurious:
            continue
        tp, predicted, gold = result.counts
        lines.append(f"  {field}: {tp} of {gold} found, {predicted - tp} spurious")
        for item in result.missed:
            span = locate(text, value_patterns(field, item, country_forms))
            lines.append(f"    missed   {describe(field, item)}")
            lines.append(f"             > {sentence_with(text, span, bounds)}")
        for item in result.spurious:
            span = evidence_span(field, item)
            lines.append(f"    spurious {describe(field, item)}")
            lines.append(f"             > {sentence_with(text, span, bounds) if span else '(no evidence)'}")
    wrong = [c for c in comparison.attributes if not c.right]
    if wrong:
        lines.append("  attributes:")
        lines += [f"    wrong    {c.attribute} of {c.item}: gold {c.gold!r}, predicted {c.predicted!r}" for c in wrong]
    if not lines:
        return ""
    return "\n".join([f"== {comparison.name} ==", *lines])


def format_details(
    comparisons: Sequence[DocumentComparison], texts: Mapping[str, str], country_forms: Mapping[str, Sequence[str]] = {}
) -> str:
    """Details of every document with something missed, made up or wrong."""
    blocks = [format_document(c, texts[c.name], country_forms) for c in comparisons]
    blocks = [b for b in blocks if b]
    return "\n\n".join(blocks) if blocks else "Every fact found; nothing spurious; every attribute right."

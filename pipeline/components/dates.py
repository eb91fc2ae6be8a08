"""`dates`: every calendar date expression outside page furniture, and the dateline.

Finds spans with `pipeline.normalise.dates.find_dates`; values are computed later
(normalise stage) because a day without a year needs the publication date. The
dateline is the first full date near the top that the page states as its own:
after "date"/"Published", alone on a line (often with a time), or after a place
name ("NAKHCHIVAN, 16 April 2019 –"). A weekday-led date alone on a line above the
headline is the site's header ("Thursday March 28 2024"), page furniture.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..normalise.dates import find_dates
from .base import Furniture, RuleComponent, doc_text, facts

_KEYWORD = re.compile(r"(?i)\b(date|dated|published|posted|posted on|updated|released)\s*:?\s*$")
_CLOCK = re.compile(r"^\s*(-|–|—|,|at)?\s*\d{1,2}:\d{2}")
_DATELINE_BEFORE = re.compile(r"(^|\n)\s*\(?[A-Z][\w.'’ -]{1,40},\s*$")
_DATELINE_AFTER = re.compile(r"^\s*(\)\s*)?(-|–|—|\||,\s*\d{1,2}:\d{2})")
_WEEKDAY = re.compile(r"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)")
HEAD_CHARS = 600  # the dateline is near the top


@Language.factory("dates", default_config={"rules": ""})
def make_dates(nlp: Language, name: str, rules: str) -> "Dates":
    return Dates(nlp, name, rules)


class Dates(RuleComponent):
    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        furniture = Furniture.of(doc)
        found = facts(doc, "dates")
        candidates = []
        for match in find_dates(text):
            if furniture.covers(match.start, match.end):
                continue
            item = {"start": match.start, "end": match.end, "text": match.text, "rule": match.rule, "parts": match.parts}
            found.append(item)
            strength = dateline_strength(text, match) if match.start < HEAD_CHARS else 0
            if strength:
                candidates.append((strength, item))
        header = [c for c in candidates if c[0] == 1]
        strong = [c for c in candidates if c[0] > 1]
        if strong:
            best = max(strong, key=lambda c: (c[0], -c[1]["start"]))[1]
            doc._.published = dict(best)
            # A site-header date above the dateline is furniture, not a fact.
            for _, item in header:
                if item["start"] < best["start"]:
                    found.remove(item)
        return doc


def dateline_strength(text: str, match) -> int:
    """3: stated as the page's date; 2: alone on its line; 1: weekday-led header line; 0: none."""
    if "d" not in match.parts or "y" not in match.parts:
        return 0
    line_start = text.rfind("\n", 0, match.start) + 1
    line_end = text.find("\n", match.end)
    line_end = len(text) if line_end < 0 else line_end
    before, after = text[line_start : match.start], text[match.end : line_end]
    if _KEYWORD.search(before):
        return 3
    if _DATELINE_BEFORE.search(text[max(0, line_start - 1) : match.start]) and _DATELINE_AFTER.match(after):
        return 3
    alone = not before.strip(" \t(") and (not after.strip() or _CLOCK.match(after) or after.strip().startswith("("))
    if alone and _CLOCK.match(after):
        return 3
    if alone:
        return 1 if _WEEKDAY.match(match.text) else 2
    return 0

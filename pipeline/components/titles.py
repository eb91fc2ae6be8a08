"""Officials' titles: the role phrase written next to a name, and what it says of the
organisation and country the person represents.

Two readings, on the tokens of a `TokenView`:
- `title_before(doc, k)`: the phrase ending right before the name at token k
  ("Deputy Head of the Migration Service of Armenia Irina Davtyan"), skipping
  honorifics ("Mr.") and ranks ("III rank state migration service counselor").
- `title_after(doc, k)`: the phrase after "NAME," ("Ramiz Hasanov, Azerbaijani Deputy
  Foreign Minister, made ...").
Both stop at words that cannot be part of a title (verbs, "who", sentence ends); a
phrase counts only if it holds a title head ("Minister", "Head", "leader", ...).
`describe(doc, title)` then works out the organisation and country the title names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional


from .base import TokenView
from .lexicon import Lexicon

CONNECTORS = {"of", "the", "for", "to", "in", "on", "and", "at", "de", "du", "&", "/", "-", "'s", "’s", "(", ")"}
RANK = re.compile(r"(?i)(?:\b[IVX]+|\b\d+(?:st|nd|rd|th)?)\s+(?:class|rank|grade)\s+(?:[a-z]+\s+){0,5}?(?:counsel+or|officer|adviser|advisor|counsel)\s*,?\s*$")
ORG_WORDS = re.compile(
    r"\b(Ministry|Service|Department|Delegation|Agency|Bank|Council|Office|Embassy|Organization|Organisation|"
    r"Centre|Center|Fund|Programme|Government|Commission|Committee|Police|Directorate|Administration|"
    r"Parliament|Mission|Inspectorate|Union|Authority|Institute|Court|Cabinet|Presidency)\b"
)
NATIONAL_BODY = re.compile(r"\b(Ministry|Service|Government|Parliament|Police|Directorate|Inspectorate|Cabinet|Presidency|Authority|Department|Committee)\b")


@dataclass
class Title:
    text: str
    start: int  # character offsets of `text` in the document
    end: int
    organization: Optional[str] = None
    country: Optional[str] = None
    country_evidence: Optional[tuple[int, int]] = None
    org_kind: Optional[str] = None
    separated: bool = False  # a comma stands between the title and the name
    extra: dict = field(default_factory=dict)
    parts: tuple = field(default=(), repr=False)  # what `describe` reads: see `_parts`


# Token sequences below are `range`s of token indices into a `TokenView`: every phrase
# is contiguous, and slicing a range gives a range.

_TRAILING = CONNECTORS - {")"}
_QUOTES = {'"', "“", "”", "«", "»"}
_OF_IN_TO = re.compile(r"\s+(?:of|in|to)\s+(?:the\s+)?")
_CAPITALISED_WORD = re.compile(r"[A-Z][\w’'-]*")
_STATE_WORD = re.compile(r"(Republic|Kingdom|Federal|State of)\b")
_OF_BEFORE_NAME = re.compile(r"\s+of\s+(?:the\s+)?(?=[A-Z])")
_LEADING_THE = re.compile(r"^(?:the\s+)")
_LEADING_POSSESSIVE = re.compile(r"^[A-Z][a-z]+'s\s+|^[A-Z][a-z]+’s\s+")


def _allowed(doc: TokenView, i: int, lex: Lexicon) -> bool:
    text = doc.words[i]
    low = text.lower()
    if low in CONNECTORS or text in {"/", "-", "–"}:
        return True
    if text in {"’", "'"} and i > 0 and not doc.spaces[i - 1]:
        return True  # "Foreigners’ Affairs"
    if len(text) > 2 and text[0] == "d" and text[1] in "’'" and "A" <= text[2] <= "Z":
        return True  # "Chargé d’Affaires"
    if text[:1].isupper() and (text.replace("-", "").replace(".", "").replace("’", "").replace("'", "").isalnum()):
        return True
    return low in lex.heads or low in lex.modifiers or low in lex.title_nouns or (
        "-" in low and any(part in lex.heads for part in low.split("-")))


def _is_head(word: str, lex: Lexicon) -> bool:
    """'Minister', 'Vice-President', 'Deputy-Minister'."""
    low = word.lower()
    if low in lex.heads:
        return True
    return "-" in low and (low.replace("-", "") in lex.heads or any(p in lex.heads for p in low.split("-")))


def _has_head(doc: TokenView, tokens: range, lex: Lexicon) -> bool:
    words = doc.words
    for t in tokens:
        if _is_head(words[t], lex):
            return True
    return False


def _strip(doc: TokenView, tokens: range, lex: Lexicon) -> tuple[range, Optional[int]]:
    """Drop connectors at both ends; report a leading demonym (it is the country)."""
    words = doc.words
    demonym = None
    while tokens and (words[tokens[0]].lower() in CONNECTORS or words[tokens[0]] in {",", "–"}):
        tokens = tokens[1:]
    if tokens and words[tokens[0]] in lex.demonyms and len(tokens) > 1:
        demonym = tokens[0]
        tokens = tokens[1:]
    while tokens and (words[tokens[-1]].lower() in _TRAILING or words[tokens[-1]] in {",", "–", "-", "’", "'", "HE", "H.E."}):
        tokens = tokens[:-1]
    return tokens, demonym


def _cut_at(doc: TokenView, tokens: range) -> tuple[range, range]:
    """'Head of the Migration Department at Iraq's Ministry ...': the title ends before 'at'."""
    for i, t in enumerate(tokens):
        if i > 0 and doc.words[t].lower() == "at":
            return tokens[:i], tokens[i + 1 :]
    return tokens, tokens[:0]


def _before_phrase(doc: TokenView, k: int, lex: Lexicon, sentence_start: int, people: frozenset):
    """(candidate tokens, separated by a comma) of the phrase ending before token k, or None."""
    words = doc.words
    j = k - 1
    while j > sentence_start and words[j].lower().strip(".") in lex.honorifics:
        j -= 1
    window_start = max(sentence_start, j - 8)
    if j + 1 > window_start:
        window = doc.span_text(window_start, j + 1)
        # RANK needs one of its words; casefold keeps every letter it matches ignoring case.
        folded = window.casefold()
        rank = RANK.search(window) if "class" in folded or "rank" in folded or "grade" in folded else None
        if rank:
            cut = doc.starts[window_start] + rank.start()
            while j >= sentence_start and doc.starts[j] >= cut:
                j -= 1
    if j >= sentence_start and words[j].lower() in {"and", "with", "by", "&"}:
        return None
    separated = False
    if j >= sentence_start and words[j] in {",", "-", "–", "—"}:
        separated = words[j] == ","
        j -= 1
    top = j + 1  # the phrase is range(j + 1, top), growing leftwards
    while j >= sentence_start and j not in people:
        text = words[j]
        if text == ",":
            # A comma inside a title only in a list ("for Europe, Eastern Europe and Central Asia").
            if top > j + 1 and not _has_head(doc, range(j + 1, top), lex) and j - 1 >= sentence_start and words[j - 1][:1].isupper():
                j -= 1
                continue
            break
        if not (text[:1].isupper() or _allowed(doc, j, lex)):
            break
        if text.lower() == "and":
            rest, _ = _strip(doc, range(j + 1, top), lex)
            if (rest and (words[rest[0]].lower() in lex.heads or words[rest[0]].lower() in lex.modifiers)) or j - 1 in people:
                break
        j -= 1
    collected = range(j + 1, top)
    # "Head of the Delegation ... to Azerbaijan Ambassador Kestutis Jankauskas": the
    # trailing "Ambassador" is a rank when the phrase has a head of its own.
    if len(collected) > 1 and words[collected[-1]].lower() == "ambassador" and _has_head(doc, collected[:-1], lex):
        collected = collected[:-1]
    return collected, separated


def title_before(doc: TokenView, k: int, lex: Lexicon, sentence_start: int, people: frozenset = frozenset()) -> Optional[Title]:
    """The title phrase ending right before token k (the first token of a name).

    `people` holds the token indices of other people's names: a title never runs
    across one ("Finance Minister X and KfW director Y").
    """
    phrase = _before_phrase(doc, k, lex, sentence_start, people)
    if phrase is None:
        return None
    # Most phrases before a name hold no title head: then `_parts`, which only narrows the
    # phrase, cannot find one either.
    if not _has_head(doc, phrase[0], lex):
        return None
    title = _title(doc, phrase[0], lex)
    if title is not None:
        title.separated = phrase[1]
    return title


def _after_phrase(doc: TokenView, k: int, lex: Lexicon, sentence_end: int, is_name_start) -> Optional[range]:
    """The candidate tokens after 'NAME,' (token k is the comma), or None."""
    words = doc.words
    j = k + 1
    if j < sentence_end and words[j].lower() in {"and", "who", "which"}:
        return None  # "A, and B": the next item of a list, not a title
    quote_open = False
    while j < sentence_end:  # the phrase is range(k + 1, j)
        text = words[j]
        if text in _QUOTES:
            quote_open = not quote_open if text == '"' else text in {"“", "«"}
            j += 1
            continue
        if text == ",":
            # "..., Georgia and Turkey, ..." continues the title as a list of places;
            # "Coordinator for X, Chief of Mission in Y" is a second role of the same person.
            end = _list_continues(doc, j, sentence_end)
            if end and j > k + 1 and not quote_open:
                j = end
                continue
            if (j + 1 < sentence_end and words[j + 1].lower() in lex.heads and j > k + 1
                    and not is_name_start(j + 1)):
                j += 1
                continue
            break
        if text.lower() == "and" and j + 1 < sentence_end and (
                is_name_start(j + 1) or words[j + 1].lower().strip(".") in lex.honorifics):
            break
        if not (quote_open or _allowed(doc, j, lex)):
            break
        j += 1
    collected = range(k + 1, max(k + 1, j))
    if collected and not _has_head(doc, collected[:7], lex):
        return None
    return collected


def title_after(doc: TokenView, k: int, lex: Lexicon, sentence_end: int, is_name_start) -> Optional[Title]:
    """The title after 'NAME,' where token k is the comma (or '-') after the name."""
    collected = _after_phrase(doc, k, lex, sentence_end, is_name_start)
    return None if collected is None else _title(doc, collected, lex)


def _list_continues(doc: TokenView, comma: int, limit: int) -> Optional[int]:
    """End of 'Cap+ (, Cap+)* and Cap+' after a comma, when it is followed by a boundary."""
    words = doc.words
    j = comma + 1
    saw_and = False
    if j >= limit or not words[j][:1].isupper():
        return None
    while j < limit:
        text = words[j]
        if text[:1].isupper() and text.isalpha():
            j += 1
        elif text == "," and not saw_and:
            j += 1
        elif text.lower() == "and" and not saw_and:
            saw_and = True
            j += 1
        else:
            break
    if not saw_and or not words[j - 1][:1].isupper():
        return None
    if j < limit and words[j] not in {",", ".", ";"} and not words[j].islower():
        return None
    return j


def _parts(doc: TokenView, collected: range, lex: Lexicon):
    """(title tokens, tokens after 'at', demonym token, known organisation) of a phrase,
    or None when it holds no title."""
    if not collected:
        return None
    tokens, demonym = _strip(doc, collected, lex)
    tokens, at_part = _cut_at(doc, tokens)
    tokens, _ = _strip(doc, tokens, lex)
    tokens, org_acronym = _strip_known_org(doc, tokens, lex)
    if not tokens or not _has_head(doc, tokens, lex):
        return None
    return tokens, at_part, demonym, org_acronym


def _title(doc: TokenView, collected: range, lex: Lexicon) -> Optional[Title]:
    parts = _parts(doc, collected, lex)
    if parts is None:
        return None
    tokens = parts[0]
    start, end = doc.starts[tokens[0]], doc.ends[tokens[-1]]
    text = doc.text[start:end]
    if text.endswith("-"):
        text, end = text[:-1], end - 1
    return Title(text=text, start=start, end=end, parts=parts)


def describe(doc: TokenView, title: Title, lex: Lexicon) -> None:
    """Fill in the organisation and country a title names (left out until a title is
    chosen: they cost more than finding it)."""
    tokens, at_part, demonym, org_acronym = title.parts
    _attributes(doc, title, tokens, at_part, demonym, org_acronym, lex)


def _strip_known_org(doc: TokenView, tokens: range, lex: Lexicon):
    """'Regional Director for ... of International Organization for Migration': a known
    organisation's full name at the end is the organisation, not part of the title."""
    words = doc.words
    for i, t in enumerate(tokens):
        if 0 < i < len(tokens) - 1 and words[t].lower() == "of":
            rest = tokens[i + 1 :]
            if words[rest[0]].lower() == "the":
                rest = rest[1:]
            if rest:
                acronym = lex.org_acronym(doc.span_text(rest[0], rest[-1] + 1))
                if acronym:
                    return tokens[:i], acronym
    return tokens, None


_NESTING_ORGS = {"Ministry", "Department", "Office", "Council", "Institute", "Centre", "Center", "Committee",
                 "Delegation", "Embassy", "Mission", "Commission", "Directorate", "Inspectorate"}


def _organization(doc: TokenView, tokens: range, at_part: range, lex: Lexicon) -> tuple[Optional[str], Optional[str]]:
    """The body a title belongs to, shortest form: a known acronym, 'Ministry of X' for
    'Minister of X', else the capitalised name around an organisation word."""
    for t in [*tokens, *at_part]:
        if doc.words[t] in lex.organisations:
            return doc.words[t], lex.organisations[doc.words[t]].kind
    words = [doc.words[t] for t in tokens]
    heads = [i for i, w in enumerate(words) if w.lower() in lex.heads]
    if at_part:
        phrase = doc.span_text(at_part[0], at_part[-1] + 1)
    else:
        first_head = heads[0] if heads else 0
        while first_head + 1 < len(words) and words[first_head + 1].lower() in lex.heads:
            first_head += 1  # "Deputy Minister": the role is the last head of the run
        rest = tokens[first_head + 1 :]
        if words and words[first_head].lower() == "minister" and len(rest) > 1 and doc.words[rest[0]].lower() == "of":
            name = doc.span_text(rest[1], rest[-1] + 1)
            name = _OF_BEFORE_NAME.split(name)[0]
            if name not in lex.country_forms:
                return "Ministry of " + name, "national"
        connector = next((i for i, t in enumerate(rest) if doc.words[t].lower() in {"of", "for"}), None)
        if connector is None:
            return _acronym_in(doc, tokens, lex), None
        phrase = doc.span_text(rest[connector + 1], rest[-1] + 1) if connector + 1 < len(rest) else ""
    phrase = _LEADING_THE.sub("", phrase.strip())
    phrase = _LEADING_POSSESSIVE.sub("", phrase)  # "Iraq's Ministry ..."
    m = ORG_WORDS.search(phrase)
    if not m:
        return _acronym_in(doc, tokens, lex), None
    # Cut where the name of the body ends: before "of the Republic of X", "of <country>",
    # or the "of ..." after a body word that does not take one ("Service of Ministry ...").
    cut = len(phrase)
    for of in _OF_IN_TO.finditer(phrase):
        after = phrase[of.end() :]
        if _STATE_WORD.match(after) or lex.starts_with_long_country(after):
            cut = of.start()
            break
        if of.start() > m.start():
            before_word = _CAPITALISED_WORD.findall(phrase[: of.start()])
            if before_word and before_word[-1] not in _NESTING_ORGS:
                cut = of.start()
                break
    org = phrase[:cut].strip(" ,")
    if not org or not org[0].isupper():
        return _acronym_in(doc, tokens, lex), None
    return (lex.org_acronym(org) or org), ("national" if NATIONAL_BODY.search(org) else None)


def _acronym_in(doc: TokenView, tokens: range, lex: Lexicon) -> Optional[str]:
    for t in tokens:
        text = doc.words[t]
        if len(text) >= 2 and text.isupper() and text.isalpha() and text not in lex.country_forms:
            return text
    return None


def _attributes(doc: TokenView, title: Title, tokens: range, at_part: range, demonym, org_acronym, lex: Lexicon) -> None:
    """Organisation and country the title names."""
    if org_acronym:
        title.organization, title.org_kind = org_acronym, lex.organisations[org_acronym].kind
    else:
        title.organization, title.org_kind = _organization(doc, tokens, at_part, lex)
    known = lex.organisations.get(title.organization or "")
    if known and known.country:
        title.country = known.country
        return
    if demonym is not None:
        title.country = lex.demonyms[doc.words[demonym]]
        title.country_evidence = (doc.starts[demonym], doc.ends[demonym])
        return
    if title.org_kind in {"intl", "eu", "company", "bank"} and not (known and known.country):
        title.country = None
        return
    # "Ambassador of Japan to Azerbaijan": the country after "of"/"for" is the one represented.
    source = [*tokens, *at_part]
    for i, first in enumerate(source):
        if doc.words[first] not in lex.country_prefixes and doc.words[first] not in lex.demonyms:
            continue  # no country name or demonym starts with this word
        for length in (5, 4, 3, 2, 1):
            if i + length > len(source):
                continue
            last = source[i + length - 1]
            form = doc.text[doc.starts[first] : doc.ends[last]]
            code = lex.country_forms.get(form) or (lex.demonyms.get(form) if length == 1 else None)
            if code:
                prev = doc.words[source[i - 1]].lower() if i > 0 else ""
                if prev in {"to", "in"}:
                    break
                title.country = code
                title.country_evidence = (doc.starts[first], doc.ends[last])
                return

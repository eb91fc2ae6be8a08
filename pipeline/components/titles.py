"""Officials' titles: the role phrase written next to a name, and what it says of the
organisation and country the person represents.

Two readings, on spaCy tokens:
- `title_before(doc, k)`: the phrase ending right before the name at token k
  ("Deputy Head of the Migration Service of Armenia Irina Davtyan"), skipping
  honorifics ("Mr.") and ranks ("III rank state migration service counselor").
- `title_after(doc, k)`: the phrase after "NAME," ("Ramiz Hasanov, Azerbaijani Deputy
  Foreign Minister, made ...").
Both stop at words that cannot be part of a title (verbs, "who", sentence ends); a
phrase counts only if it holds a title head ("Minister", "Head", "leader", ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc

from .lexicon import Lexicon, fold

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


def _allowed(tok, lex: Lexicon) -> bool:
    text = tok.text
    if text.lower() in CONNECTORS or text in {"/", "-", "–"}:
        return True
    if text in {"’", "'"} and tok.i > 0 and not tok.doc[tok.i - 1].whitespace_:
        return True  # "Foreigners’ Affairs"
    if re.match(r"^d[’'][A-Z]", text):
        return True  # "Chargé d’Affaires"
    if text[:1].isupper() and (text.replace("-", "").replace(".", "").replace("’", "").replace("'", "").isalnum()):
        return True
    low = text.lower()
    return low in lex.heads or low in lex.modifiers or low in lex.title_nouns or (
        "-" in low and any(part in lex.heads for part in low.split("-")))


def _has_head(tokens, lex: Lexicon) -> bool:
    return any(t.text.lower() in lex.heads or t.text.lower().replace("-", "") in lex.heads or
               any(p in lex.heads for p in t.text.lower().split("-")) for t in tokens)


def _strip(tokens, lex: Lexicon):
    """Drop connectors at both ends; report a leading demonym (it is the country)."""
    demonym = None
    while tokens and (tokens[0].text.lower() in CONNECTORS or tokens[0].text in {",", "–"}):
        tokens = tokens[1:]
    if tokens and tokens[0].text in lex.demonyms and len(tokens) > 1:
        demonym = tokens[0]
        tokens = tokens[1:]
    while tokens and (tokens[-1].text.lower() in CONNECTORS - {")"} or tokens[-1].text in {",", "–", "-", "’", "'", "HE", "H.E."}):
        tokens = tokens[:-1]
    return tokens, demonym


def _cut_at(tokens):
    """'Head of the Migration Department at Iraq's Ministry ...': the title ends before 'at'."""
    for i, t in enumerate(tokens):
        if t.lower_ == "at" and i > 0:
            return tokens[:i], tokens[i + 1 :]
    return tokens, []


def title_before(doc: Doc, k: int, lex: Lexicon, sentence_start: int, people: frozenset = frozenset()) -> Optional[Title]:
    """The title phrase ending right before token k (the first token of a name).

    `people` holds the token indices of other people's names: a title never runs
    across one ("Finance Minister X and KfW director Y").
    """
    j = k - 1
    while j > sentence_start and doc[j].text.lower().strip(".") in lex.honorifics:
        j -= 1
    window = doc[max(sentence_start, j - 8) : j + 1]
    rank = RANK.search(window.text) if len(window) else None
    if rank:
        cut = window.start_char + rank.start()
        while j >= sentence_start and doc[j].idx >= cut:
            j -= 1
    if j >= sentence_start and doc[j].lower_ in {"and", "with", "by", "&"}:
        return None
    separated = False
    if j >= sentence_start and (doc[j].text in {",", "-", "–", "—"}):
        separated = doc[j].text == ","
        j -= 1
    collected: list = []
    while j >= sentence_start and j not in people:
        tok = doc[j]
        if tok.text == ",":
            # A comma inside a title only in a list ("for Europe, Eastern Europe and Central Asia").
            if collected and not _has_head(collected, lex) and j - 1 >= sentence_start and doc[j - 1].text[:1].isupper():
                collected.insert(0, tok)
                j -= 1
                continue
            break
        text = tok.text.rstrip("-") if tok.text.endswith("-") and len(tok.text) > 1 else tok.text
        if not (_allowed(tok, lex) or text[:1].isupper()):
            break
        if tok.lower_ == "and":
            rest, _ = _strip(collected, lex)
            if (rest and (rest[0].text.lower() in lex.heads or rest[0].text.lower() in lex.modifiers)) or j - 1 in people:
                break
        collected.insert(0, tok)
        j -= 1
    # "Head of the Delegation ... to Azerbaijan Ambassador Kestutis Jankauskas": the
    # trailing "Ambassador" is a rank when the phrase has a head of its own.
    if len(collected) > 1 and collected[-1].lower_ == "ambassador" and _has_head(collected[:-1], lex):
        collected = collected[:-1]
    title = _finish(doc, collected, lex)
    if title is not None:
        title.separated = separated
    return title


def title_after(doc: Doc, k: int, lex: Lexicon, sentence_end: int, is_name_start) -> Optional[Title]:
    """The title after 'NAME,' where token k is the comma (or '-') after the name."""
    j = k + 1
    if j < sentence_end and doc[j].lower_ in {"and", "who", "which"}:
        return None  # "A, and B": the next item of a list, not a title
    collected: list = []
    quote_open = False
    while j < sentence_end:
        tok = doc[j]
        if tok.text in {'"', "“", "”", "«", "»"}:
            quote_open = not quote_open if tok.text == '"' else tok.text in {"“", "«"}
            collected.append(tok)
            j += 1
            continue
        if tok.text == ",":
            # "..., Georgia and Turkey, ..." continues the title as a list of places;
            # "Coordinator for X, Chief of Mission in Y" is a second role of the same person.
            end = _list_continues(doc, j, sentence_end)
            if end and collected and not quote_open:
                collected.extend(doc[j:end])
                j = end
                continue
            if (j + 1 < sentence_end and doc[j + 1].text.lower() in lex.heads and collected
                    and not is_name_start(j + 1)):
                collected.append(tok)
                j += 1
                continue
            break
        if tok.lower_ == "and" and j + 1 < sentence_end and (
                is_name_start(j + 1) or doc[j + 1].text.lower().strip(".") in lex.honorifics):
            break
        if not (_allowed(tok, lex) or quote_open):
            break
        collected.append(tok)
        j += 1
    if collected and not _has_head(collected[:7], lex):
        return None
    return _finish(doc, collected, lex)


def _list_continues(doc: Doc, comma: int, limit: int) -> Optional[int]:
    """End of 'Cap+ (, Cap+)* and Cap+' after a comma, when it is followed by a boundary."""
    j = comma + 1
    saw_and = False
    if j >= limit or not doc[j].text[:1].isupper():
        return None
    while j < limit:
        t = doc[j]
        if t.text[:1].isupper() and t.text.isalpha():
            j += 1
        elif t.text == "," and not saw_and:
            j += 1
        elif t.lower_ == "and" and not saw_and:
            saw_and = True
            j += 1
        else:
            break
    if not saw_and or not doc[j - 1].text[:1].isupper():
        return None
    if j < limit and doc[j].text not in {",", ".", ";"} and not doc[j].text.islower():
        return None
    return j


def _finish(doc: Doc, collected, lex: Lexicon) -> Optional[Title]:
    tokens, demonym = _strip(collected, lex)
    tokens, at_part = _cut_at(tokens)
    tokens, _ = _strip(tokens, lex)
    tokens, org_acronym = _strip_known_org(doc, tokens, lex)
    if not tokens or not _has_head(tokens, lex):
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = doc.text[start:end]
    if text.endswith("-"):
        text, end = text[:-1], end - 1
    title = Title(text=text, start=start, end=end)
    _attributes(doc, title, tokens, at_part, demonym, org_acronym, lex)
    return title


def _strip_known_org(doc: Doc, tokens, lex: Lexicon):
    """'Regional Director for ... of International Organization for Migration': a known
    organisation's full name at the end is the organisation, not part of the title."""
    for i, t in enumerate(tokens):
        if t.lower_ == "of" and 0 < i < len(tokens) - 1:
            rest = tokens[i + 1 :]
            if rest[0].lower_ == "the":
                rest = rest[1:]
            if rest:
                name = doc.text[rest[0].idx : rest[-1].idx + len(rest[-1].text)]
                acronym = lex.org_acronym(name)
                if acronym:
                    return tokens[:i], acronym
    return tokens, None


_NESTING_ORGS = {"Ministry", "Department", "Office", "Council", "Institute", "Centre", "Center", "Committee",
                 "Delegation", "Embassy", "Mission", "Commission", "Directorate", "Inspectorate"}


def _organization(doc: Doc, tokens, at_part, lex: Lexicon) -> tuple[Optional[str], Optional[str]]:
    """The body a title belongs to, shortest form: a known acronym, 'Ministry of X' for
    'Minister of X', else the capitalised name around an organisation word."""
    for t in list(tokens) + list(at_part):
        if t.text in lex.organisations:
            return t.text, lex.organisations[t.text].kind
    words = [t.text for t in tokens]
    heads = [i for i, w in enumerate(words) if w.lower() in lex.heads]
    if at_part:
        phrase = doc.text[at_part[0].idx : at_part[-1].idx + len(at_part[-1].text)]
    else:
        first_head = heads[0] if heads else 0
        while first_head + 1 < len(words) and words[first_head + 1].lower() in lex.heads:
            first_head += 1  # "Deputy Minister": the role is the last head of the run
        rest = tokens[first_head + 1 :]
        if words and words[first_head].lower() == "minister" and len(rest) > 1 and rest[0].lower_ == "of":
            name = doc.text[rest[1].idx : rest[-1].idx + len(rest[-1].text)]
            name = re.split(r"\s+of\s+(?:the\s+)?(?=[A-Z])", name)[0]
            if name not in lex.country_forms:
                return "Ministry of " + name, "national"
        connector = next((i for i, t in enumerate(rest) if t.lower_ in {"of", "for"}), None)
        if connector is None:
            return _acronym_in(tokens, lex), None
        phrase = doc.text[rest[connector + 1].idx : rest[-1].idx + len(rest[-1].text)] if connector + 1 < len(rest) else ""
    phrase = re.sub(r"^(?:the\s+)", "", phrase.strip())
    phrase = re.sub(r"^[A-Z][a-z]+'s\s+|^[A-Z][a-z]+’s\s+", "", phrase)  # "Iraq's Ministry ..."
    m = ORG_WORDS.search(phrase)
    if not m:
        return _acronym_in(tokens, lex), None
    # Cut where the name of the body ends: before "of the Republic of X", "of <country>",
    # or the "of ..." after a body word that does not take one ("Service of Ministry ...").
    cut = len(phrase)
    for of in re.finditer(r"\s+(?:of|in|to)\s+(?:the\s+)?", phrase):
        after = phrase[of.end() :]
        before_word = re.findall(r"[A-Z][\w’'-]*", phrase[: of.start()])
        if re.match(r"(Republic|Kingdom|Federal|State of)\b", after) or any(after.startswith(f) for f in lex.country_forms if len(f) > 3):
            cut = of.start()
            break
        if of.start() > m.start() and before_word and before_word[-1] not in _NESTING_ORGS:
            cut = of.start()
            break
    org = phrase[:cut].strip(" ,")
    if not org or not org[0].isupper():
        return _acronym_in(tokens, lex), None
    return (lex.org_acronym(org) or org), ("national" if NATIONAL_BODY.search(org) else None)


def _acronym_in(tokens, lex: Lexicon) -> Optional[str]:
    for t in tokens:
        if len(t.text) >= 2 and t.text.isupper() and t.text.isalpha() and t.text not in lex.country_forms:
            return t.text
    return None


def _attributes(doc: Doc, title: Title, tokens, at_part, demonym, org_acronym, lex: Lexicon) -> None:
    """Organisation and country the title names."""
    source = list(tokens) + list(at_part)
    if org_acronym:
        title.organization, title.org_kind = org_acronym, lex.organisations[org_acronym].kind
    else:
        title.organization, title.org_kind = _organization(doc, tokens, at_part, lex)
    known = lex.organisations.get(title.organization or "")
    if known and known.country:
        title.country = known.country
        return
    if demonym is not None:
        title.country = lex.demonyms[demonym.text]
        title.country_evidence = (demonym.idx, demonym.idx + len(demonym.text))
        return
    if title.org_kind in {"intl", "eu", "company", "bank"} and not (known and known.country):
        title.country = None
        return
    # "Ambassador of Japan to Azerbaijan": the country after "of"/"for" is the one represented.
    for i in range(len(source)):
        for length in (5, 4, 3, 2, 1):
            span = source[i : i + length]
            if len(span) < length:
                continue
            form = doc.text[span[0].idx : span[-1].idx + len(span[-1].text)]
            code = lex.country_forms.get(form) or (lex.demonyms.get(form) if length == 1 else None)
            if code:
                prev = source[i - 1].lower_ if i > 0 else ""
                if prev in {"to", "in"}:
                    break
                title.country = code
                title.country_evidence = (span[0].idx, span[-1].idx + len(span[-1].text))
                return


def same_person(a: str, b: str) -> bool:
    """'F.Nabiyev' ~ 'Firudin Nabiyev' ~ 'Nabiyev'."""
    pa, pb = fold(a).replace(".", ". ").split(), fold(b).replace(".", ". ").split()
    if not pa or not pb or pa[-1] != pb[-1]:
        return False
    if len(pa) == 1 or len(pb) == 1:
        return True
    return pa[0][0] == pb[0][0]

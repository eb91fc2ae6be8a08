"""Linking's shortcuts find what the plain searches they replace find, for any text."""

import re

import pytest
from hypothesis import given, settings, strategies as st

from pipeline import link
from pipeline.folding import ascii_folded
from pipeline.link import after_last, may_hold, norm_name
from pipeline.orgs import OrgNamer
from pipeline.records import starts_inside

# Cue words and the characters around them, in every case, with odd folding characters.
PIECES = st.sampled_from([
    "launched on", "Launch", "began", "kicked off", "kick-off", "since", "as of", "from", "the", "The",
    "finalised", "until", "due to end", "ends", "between", "period of", "signed", "concluded", "to", "through",
    "budget", "total cost", "worth", "amounting to", "grant amount:", "was", "is", "about", "a total of", "for",
    "kicking off", "launching", "Ministry", "of", "European Union", "EU", "(EU)", "will", "has", "provide",
    "implementing", "implements", "has been", "have  been", "will implement", "are", "project", "programme", "it", "Its", "in", "X Project", "the project",
    " ", "  ", "\n", "\u00a0", "-", "–", ",", ".", ":", "’", "”", "\"", "»", "'", "(", ")", "2021", "ſ", "\u212a", "İ", "é",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=30).map("".join)

# Each cue searched for after the last character its matches cannot hold, with that stop.
NARROWED = [
    (link.START_CUE, link.UP_TO_NON_DATE_CUE), (link.WEAK_START_CUE, link.UP_TO_NON_DATE_CUE),
    (link.END_CUE, link.UP_TO_NON_DATE_CUE), (link.WEAK_END_CUE, link.UP_TO_NON_DATE_CUE),
    (link.SIGNED_CUE, link.UP_TO_NON_DATE_CUE), (link.RANGE_CUE, link.UP_TO_NON_DATE_CUE),
    (link.BUDGET_BEFORE, link.UP_TO_NON_BUDGET_CUE),
]
# The cues that begin with a lookahead on their first letters, and the same without it.
LOOKAHEAD = re.compile(r"^(\(\?i\))?\(\?=\[[^\]]+\]\)")
WITH_LOOKAHEAD = [link.START_CUE, link.WEAK_START_CUE, link.END_CUE, link.SIGNED_CUE, link.RANGE_CUE, link.GIVER_VERB,
                  link.IMPLEMENTING]


def spans(matches):
    return [(m.start(), m.end(), m.group()) for m in matches]


@pytest.mark.parametrize("cue", WITH_LOOKAHEAD)
@settings(max_examples=150, deadline=None)
@given(text=TEXT)
def test_first_letter_lookahead_changes_no_match(cue, text):
    assert LOOKAHEAD.match(cue.pattern)
    plain = re.compile(LOOKAHEAD.sub(lambda m: m.group(1) or "", cue.pattern), cue.flags)  # as it was written
    assert spans(cue.finditer(text)) == spans(plain.finditer(text))


@pytest.mark.parametrize("cue,up_to", NARROWED)
@settings(max_examples=150, deadline=None)
@given(text=TEXT, before=st.integers(0, 80))
def test_window_after_last_impossible_character_finds_the_same(cue, up_to, text, before):
    start = max(0, len(text) - before)
    cut = after_last(up_to, text, start, len(text))
    whole, narrowed = cue.search(text[start:]), cue.search(text[cut:])
    assert (whole and (start + whole.start(), whole.group())) == (narrowed and (cut + narrowed.start(), narrowed.group()))


@settings(max_examples=150, deadline=None)
@given(text=TEXT, before=st.integers(0, 150))
def test_giver_before_from_last_impossible_character(text, before):
    start = max(0, len(text) - before)
    whole = link.GIVER_BEFORE.search(text, start, len(text))
    narrowed = link.GIVER_BEFORE.search(text, after_last(link.UP_TO_NON_GIVER, text, start, len(text)), len(text))
    assert (whole and whole.span("org")) == (narrowed and narrowed.span("org"))


@pytest.mark.parametrize("text,start,end,expected", [
    ("The project, launched on ", 0, 25, 12),  # after the comma
    ("launched on ", 0, 12, 0),  # nothing it cannot hold: the whole window
    ("a, b, c", 3, 7, 5),  # only inside the window
    ("(", 0, 1, 1),
])
def test_after_last(text, start, end, expected):
    assert after_last(link.UP_TO_NON_DATE_CUE, text, start, end) == expected


@pytest.mark.parametrize("text,words,expected", [
    ("The BUDGET was", (b"budget",), True),
    ("The budget was", (b"worth", b"total"), False),
    ("ſ budget", (b"worth",), True),  # no folded text: it may
])
def test_may_hold(text, words, expected):
    assert may_hold(ascii_folded(text), 0, len(text), words) is expected


@settings(max_examples=150, deadline=None)
@given(text=TEXT, window=st.tuples(st.integers(0, 40), st.integers(0, 40)))
def test_may_hold_is_never_wrong_about_a_match(text, window):
    start, end = min(window), max(window)
    for cue, words in ((link.BUDGET_WORD, link.BUDGET_WORDS), (link.KICK_OFF_AFTER, link.KICK_OFF_WORDS)):
        if cue.search(text[start:end]):
            assert may_hold(ascii_folded(text), start, end, words)


def plain_norm_name(name):  # norm_name without its shortcuts
    name = link.QUOTES.sub("", name.casefold())
    name = link.LEADING_THE.sub("", name.strip())
    name = link.TRAILING_PROJECT.sub("", name)
    return link.NON_WORDS.sub(" ", name).strip()


@pytest.mark.parametrize("name,expected", [
    ("The “Safe Roads” Project", "safe roads"),
    ("the programme", "programme"),  # the project word needs a space before it
    ("Theatre for All", "theatre for all"),
    ("  EU4Youth - programme ", "eu4youth"),
    ("Thematic program\n", "thematic"),
])
def test_norm_name(name, expected):
    assert norm_name(name) == plain_norm_name(name) == expected


@settings(max_examples=150, deadline=None)
@given(name=TEXT)
def test_norm_name_unchanged_by_its_shortcuts(name):
    assert norm_name(name) == plain_norm_name(name)


@pytest.mark.parametrize("spans_,position,expected", [
    ([(0, 5)], 0, True), ([(0, 5)], 5, False), ([(10, 20), (0, 30)], 25, True),
    ([(10, 12), (0, 3)], 5, False), ([(3, 4)], 2, False), ([(0, 5), (0, 5)], 4, True),
])
def test_starts_inside(spans_, position, expected):
    assert starts_inside(spans_)(position) is expected


@settings(max_examples=200, deadline=None)
@given(spans_=st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=1, max_size=6),
       position=st.integers(-2, 32))
def test_starts_inside_is_any(spans_, position):
    assert starts_inside(spans_)(position) == any(a <= position < b for a, b in spans_)


@pytest.mark.parametrize("name", [
    "the European Union", "The European Union (EU)", "European Union in Georgia", "the Bank", "UNDP", "Ministry (MoE)",
    " the Council, ", "Thematic Fund", "International Centre for Migration Policy Development (ICMPD)",
])
def test_canonical_unchanged_by_its_shortcuts(name, extractor):
    from pipeline.orgs import _IN_PLACE, _LEADING_THE, _TWO_CAPITALS, _WITH_ACRONYM, _EDGE_PUNCTUATION
    lex = extractor.nlp.get_pipe("projects").lex
    namer = OrgNamer("The European Union (EU) and UNDP met the Ministry (MoE).", lex)

    def plain(n):  # canonical without the shortcuts
        n = _LEADING_THE.sub("", n.strip(_EDGE_PUNCTUATION))
        n = _IN_PLACE.sub(lambda m: "" if m.group().split(" in ", 1)[1].strip() in lex.country_forms else m.group(), n)
        if not n:
            return None
        if " " not in n and not _TWO_CAPITALS.search(n) and n not in lex.country_forms:
            return None
        m = _WITH_ACRONYM.fullmatch(n)
        if m:
            return m.group(2)
        from pipeline.components.lexicon import fold
        key = fold(n)
        if key in namer.defined:
            return namer.defined[key]
        acronym = lex.org_by_name.get(key)
        return acronym if acronym and namer.uses(acronym) else n

    assert namer.canonical(name) == plain(name)

"""The string searches that stand in for regex scans give what the scans give."""

import re
from functools import partial

import pytest

from pipeline.folding import leftmost_matches, positions


@pytest.mark.parametrize("where,words,expected", [
    ("aaa", ("aa",), [0, 1]),  # overlapping
    ("a project, the Project", ("project",), [2]),  # case as given
    (b"fund and funded", (b"fund", b"and"), [0, 9, 5]),  # word after word
    ("text", (), []),
    ("text", ("x", "missing"), [2]),
])
def test_positions(where, words, expected):
    assert positions(where, *words) == expected


ALTERNATIONS = [
    ((r"ab", r"a"), "xxabxa ab"),  # a tie: the first pattern wins
    ((r"a", r"ab"), "xxabxa ab"),
    ((r"abc", r"bcd", r"c"), "abcd bcd cd c"),  # overlaps: the next search starts after a match
    ((r"\d+", r"[a-z]+\d"), "ab12 3 c4"),
    ((r"q",), "none here"),
    ((r"Project", r"project", r"[A-Z]{2,}"), "the ABC project, Project DEF and GHI"),
]


@pytest.mark.parametrize("patterns,text", ALTERNATIONS)
@pytest.mark.parametrize("start", [0, 3])
def test_leftmost_matches_are_the_alternations(patterns, text, start):
    alternation = re.compile("|".join(f"(?:{p})" for p in patterns))
    searches = [partial(re.compile(p).search, text) for p in patterns]
    expected = [m.span() for m in alternation.finditer(text, start)]
    assert [m.span() for m in leftmost_matches(searches, start)] == expected

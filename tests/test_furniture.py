"""Page furniture patterns: `LineMatcher` gives the answer of trying every pattern on every line."""

import re

import pytest

from pipeline.components.base import parse_jsonl
from pipeline.components.furniture import _FOLDS_TO_ASCII, LineMatcher, _alternatives
from pipeline.nlp import rules_dir

RULES = [row["pattern"] for row in parse_jsonl((rules_dir() / "furniture.jsonl").read_text(encoding="utf-8"))]


@pytest.mark.parametrize("pattern,expected", [
    ("(?i)a|b(c|d)", ["(?i:a)", "(?i:b(c|d))"]),
    (r"a\|b|c", [r"a\|b", "c"]),
    ("[|]a|b", ["[|]a", "b"]),
    ("[]|]|x", ["[]|]", "x"]),
    ("[^]|]|x", ["[^]|]", "x"]),
    (r"[\]|]|z", [r"[\]|]", "z"]),
    ("a(?:b|c)|d[|(]|e", ["a(?:b|c)", "d[|(]", "e"]),
    (r"\\|q", [r"\\", "q"]),
    # kept whole: group references and comments
    (r"(a)\1|b", [r"(a)\1|b"]),
    ("(?P<n>a)(?P=n)|b", ["(?P<n>a)(?P=n)|b"]),
    ("(?(1)a|b)|c", ["(?(1)a|b)|c"]),
    ("(?#a|b)c|d", ["(?#a|b)c|d"]),
    ("(?x) a | b", ["(?x: a | b)"]),
])
def test_alternatives(pattern, expected):
    assert _alternatives(pattern) == expected


LINES = [
    "© 2024 Ministry of Economy", "Copyright (c) UNDP", "(C)\tAll rights", "Overall rights reserved.",
    "ALL RIGHTS RESERVED", "All Rights Reſerved", "Terms of Use", "see our privacy policy.", "Cookies",
    "cookie settings", "Site map", "SITEMAP", "ſitemap", "Subscribe to our newsletter", "Follow us",
    "Share this", "share on Facebook", "Leave a comment", "Read more", "More info", "Sign up", "LOGIN",
    "Log in", "loG İn", "Newsletter sign-up", "Posted 3 days ago", "5 hours ago", "updated: 2 weeks ago",
    "Photo: UNDP", "photos by John", "Image credit", "The credit: line", "PHOTO", "Newsphoto", "telephoto:",
    "Comments", "Related news", "tags: economy", "Print", "E-mail", "By John Smith", "BY JANE DOE",
    "Written by Ann Lee", "Author: Bob", "Home | About | News", "Home - About - News.", "x • y • z",
    "a · b", "The EU-funded project - a new chapter - opens today", "Azerbaijan and the EU signed a grant",
    "", " ", "photo" * 100 + "x" * 400 + " credit:", "x" * 400 + " | a | b",
]


@pytest.mark.parametrize("patterns", [
    RULES,
    [r"(?i)\bfoo\b|bar$", r"^[^,]*( - [^,]*){2,}$", r"(?i)k\w+s", r"^\W*zz"],
])
def test_line_matcher_agrees_with_trying_every_pattern(patterns):
    expected = [any(re.search(p, line) for p in patterns) for line in LINES]
    assert LineMatcher(patterns).matching(LINES) == expected
    assert LineMatcher(patterns).matching(LINES[::-1]) == expected[::-1]


def test_folds_to_ascii_are_all_the_non_ascii_letters_that_re_folds_to_ascii():
    everything = "".join(map(chr, range(0x110000)))
    assert set(re.findall("(?i)[a-z]", everything)) - set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") \
        == set(_FOLDS_TO_ASCII)

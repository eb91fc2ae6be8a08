"""The amounts scan's shortcuts give what the plain scans give.

`MoneyGrammar.find` tries the words pattern ("one billion dollars") only where it can
start, and `_spaced_scales` finds scale words by byte searches. Each is checked against
the plain scan it replaces, on texts made to reach every way in."""

import re

import pytest

from pipeline.normalise.money import (_NUMBER_WORD_SCALE, _SPACED_SCALE, _has_number_word_scale, _spaced_scales,
                                      _windows, default_grammar)

SCALE_TEXTS = [
    "one million euros", "One  MILLION euros", "half a\u00a0billion dollars", "a thousand dollars", "twelve thousands lari",
    "two tillion", "x million", "5 million", "the trillion", "ſix million", "one\tmhousand", "one brillion", "",
    "ten  million\neuros and 3 million euros", "one billion", "a" * 3 + " million",
]


@pytest.mark.parametrize("text", SCALE_TEXTS)
def test_spaced_scales_are_where_the_pattern_matches(text):
    assert sorted(_spaced_scales(text, None)) == [m.start() for m in _SPACED_SCALE.finditer(text)]
    assert _has_number_word_scale(text) == bool(_NUMBER_WORD_SCALE.search(text))


def _find_in_one_pass(grammar, text):
    """What `find` gave when it read each window with the alternation of all four patterns."""
    alternatives = "|".join(f"(?P<_{i}>{re.sub(r'[(][?]P<[a-z0-9]+>', '(?:', p.pattern)})"
                            for i, (_, p) in enumerate(grammar.patterns))
    one_pass = re.compile(alternatives)
    for start, end in _windows(text):
        for match in one_pass.finditer(text, start, end):
            yield from grammar._money(text, match, *grammar.patterns[int(match.lastgroup[1:])])


MONEY_TEXTS = [
    "one billion dollars and 5 million euros", "half a million euros, € 2 million", "EUR 1,200,000 and one million euros",
    "A million euros: a thousand dollars, two billion drams", "ONE BILLION DOLLARS", "one  billion  dollars",
    "1 one million euros", "one million 2 euros", "€ one million euros", "one million euros " * 3,
    "in 2019 one million manat", "three million", "one mln. euros and 4 mln. manat", "twelve million lari ſ 5 EUR",
]


@pytest.mark.parametrize("text", MONEY_TEXTS)
def test_find_tries_the_words_pattern_where_it_can_match(text):
    grammar = default_grammar()
    assert list(grammar.find(text)) == list(_find_in_one_pass(grammar, text))

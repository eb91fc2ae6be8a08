"""Money grammar: English and European formats, currencies as ISO 4217."""

import pytest

from pipeline.normalise.money import parse_money, parse_number

CASES = [
    ("400.000 euros", (400000, "EUR")),
    ("2.5 million euros", (2500000, "EUR")),
    ("€21m", (21000000, "EUR")),
    ("€ 21 million", (21000000, "EUR")),
    ("EUR 1,200,000", (1200000, "EUR")),
    ("AZN 5 mln", (5000000, "AZN")),
    ("5 mln manat", (5000000, "AZN")),
    ("$3 billion", (3000000000, "USD")),
    ("US$ 4.5 million", (4500000, "USD")),
    ("USD 500", (500, "USD")),
    ("$ 14,821,336 dollars", (14821336, "USD")),
    ("one billion dollars", (1000000000, "USD")),
    ("KM 110,400.00", (110400, "BAM")),
    ("GEL 170,000", (170000, "GEL")),
    ("3 million lari", (3000000, "GEL")),
    ("120 million EUR", (120000000, "EUR")),
    ("1.492.457,50 EUR", (1492457.5, "EUR")),
    ("€9.5 mln", (9500000, "EUR")),
    ("£2bn", (2000000000, "GBP")),
    ("CHF 750,000", (750000, "CHF")),
    ("AMD 25 million", (25000000, "AMD")),
    ("2 billion drams", (2000000000, "AMD")),
    ("1.500 million euros", (1500000, "EUR")),  # a scale word makes the dot decimal
]


@pytest.mark.parametrize("text,expected", CASES)
def test_parse_money(text, expected):
    assert parse_money(text) == (float(expected[0]), expected[1])


NOT_MONEY = ["more than 1 million of our compatriots", "300 women", "63 kilometers", "20% co-financing",
             "5 components", "2.5 million people", "the year 2016", "KM 12 of the highway"]


@pytest.mark.parametrize("text", NOT_MONEY)
def test_not_money(text):
    assert parse_money(text) is None


@pytest.mark.parametrize("text,scaled,expected", [
    ("400.000", False, 400000), ("2.5", False, 2.5), ("2,5", True, 2.5), ("1,200,000", False, 1200000),
    ("110,400.00", False, 110400), ("1.500", True, 1.5), ("12", False, 12), ("1,2,3", False, None), ("", False, None),
])
def test_parse_number(text, scaled, expected):
    value = parse_number(text, scaled)
    assert (None if value is None else float(value)) == expected


# `_has_number_word_scale` answers `_NUMBER_WORD_SCALE.search` without scanning every position.
@pytest.mark.parametrize("text,expected", [
    ("one billion dollars", True), ("ONE  Billion", True), ("half a million", True), ("a\n\tthousand", True),
    ("twenty trillion", True), ("(two) million", False), ("(two million)", True),
    ("5 million", False), ("xone million", False), ("one millions", False), ("one-million", False),
    ("millions", False), ("", False), ("one", False), ("one\u00a0million", True), ("Thirty mıllıon", True),
    ("four thouſand", True), ("for a billion", True), ("a billionaire", False), ("two  bn", False),
])
def test_number_word_scale(text, expected):
    from pipeline.normalise.money import _NUMBER_WORD_SCALE, _has_number_word_scale

    assert _has_number_word_scale(text) == expected == bool(_NUMBER_WORD_SCALE.search(text))


def _windows_one_run_at_a_time(text):
    """The windows as first written: around each run of digits, merged where they touch."""
    import re

    windows = []
    for m in re.finditer(r"\d[\d.,\s]*", text):
        start, end = max(0, m.start() - 12), min(len(text), m.end() + 40)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    return [tuple(w) for w in windows]


@pytest.mark.parametrize("gap", [1, 11, 12, 13, 39, 40, 41, 51, 52, 53, 54, 80])
@pytest.mark.parametrize("text", ["{a}1{x}2", "1, 2 {x}3", "x{x}4.5{x}6 {x}", "{a}7{x}", "٣{x}٤"])
def test_windows_merge_runs_that_touch(text, gap):
    from pipeline.normalise.money import _windows

    text = text.format(x="y" * gap, a="b" * gap)
    assert _windows(text) == _windows_one_run_at_a_time(text)

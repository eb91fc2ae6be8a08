"""Date grammar: what is a date, at which precision, and what is not."""

import pytest

from pipeline.normalise.dates import find_dates, parse_date, resolve_relative

CASES = [
    # (text, published, expected values)
    ("2016", None, ["2016"]),
    ("March 2016", None, ["2016-03"]),
    ("November, 2016", None, ["2016-11"]),
    ("December of 2013", None, ["2013-12"]),
    ("January 15, 2016", None, ["2016-01-15"]),
    ("15 January 2016", None, ["2016-01-15"]),
    ("20th August 2019", None, ["2019-08-20"]),
    ("the 3rd of October 2016", None, []),  # "the" makes it not a bare date expression
    ("3rd of October 2016", None, ["2016-10-03"]),
    ("15.01.2016", None, ["2016-01-15"]),
    ("15/01/2016", None, ["2016-01-15"]),
    ("2018-09-12", None, ["2018-09-12"]),
    ("Sept. 5, 2020", None, ["2020-09-05"]),
    ("Thursday, 28 March 2024", None, ["2024-03-28"]),
    ("2015-2019", None, ["2015", "2019"]),
    ("2019/20", None, ["2019", "2020"]),
    ("May 25-27, 2021", None, ["2021-05-25", "2021-05-27"]),
    ("25–27 May 2021", None, ["2021-05-25", "2021-05-27"]),
    ("January to March 2016", None, ["2016-01", "2016-03"]),
    ("MAY 17, 2022", None, ["2022-05-17"]),
    # no year: only with a publication date
    ("July 30", None, []),
    ("July 30", "2015-08-01", ["2015-07-30"]),
    ("7 May", "2020-05-08", ["2020-05-07"]),
    ("today", "2019-04-16", ["2019-04-16"]),
    ("yesterday", "2019-04-16", ["2019-04-15"]),
    ("today", None, []),
    # not calendar days
    ("31 April 2016", None, []),
    ("February 30, 2020", None, []),
]


@pytest.mark.parametrize("text,published,expected", CASES)
def test_parse_date(text, published, expected):
    assert parse_date(text, published) == expected


NOT_DATES = [
    "The project lasted 28 months.",
    "a 36-month programme",
    "over 2016 people attended",
    "a loan of $2030 million",
    "reference TC.0656 and code 2015/A",
    "celebrating 25 years of cooperation",
    "it may 2 be",
    "covering 2019 hectares",
    "COVID-19 pandemic",
    "phone +994 12 2015 555",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text):
    assert [m.text for m in find_dates(text) if m.values()] == []


def test_month_relative_needs_preposition_and_publication():
    text = "The event took place in May this year and again in September of last year."
    found = [(m.text, m.values("2022-10-01")) for m in find_dates(text)]
    assert found == [("May this year", ["2022-05"]), ("September of last year", ["2021-09"])]


def test_spans_are_exact():
    text = "Signed on 5 March 2014, it ran until 2017-12-31."
    for m in find_dates(text):
        assert text[m.start : m.end] == m.text


# Relative day words across month, year and leap-day ends: (word, publication date, value).
RELATIVE_DAYS = [
    ("today", "2024-02-29", "2024-02-29"),
    ("yesterday", "2024-03-01", "2024-02-29"),
    ("tomorrow", "2024-02-28", "2024-02-29"),
    ("tomorrow", "2024-02-29", "2024-03-01"),
    ("yesterday", "2023-03-01", "2023-02-28"),
    ("tomorrow", "2023-02-28", "2023-03-01"),
    ("yesterday", "2000-03-01", "2000-02-29"),
    ("yesterday", "1900-03-01", "1900-02-28"),
    ("tomorrow", "2019-04-30", "2019-05-01"),
    ("yesterday", "2019-05-01", "2019-04-30"),
    ("tomorrow", "2023-12-31", "2024-01-01"),
    ("yesterday", "2024-01-01", "2023-12-31"),
    ("today", "2023-12-31", "2023-12-31"),
    ("Tomorrow", "2021-06-30", "2021-07-01"),
    ("YESTERDAY", "2021-07-01", "2021-06-30"),
]


@pytest.mark.parametrize("word,published,expected", RELATIVE_DAYS)
def test_relative_day_words_across_calendar_ends(word, published, expected):
    assert resolve_relative(word, published) == [expected]


@pytest.mark.parametrize("word,published,expected", RELATIVE_DAYS)
def test_relative_day_words_agree_with_dateparser_on_that_date(word, published, expected):
    """dateparser stays the authority: asked about the publication date itself, it says the same."""
    import datetime

    import dateparser

    found = dateparser.parse(word.lower(), languages=["en"], settings={
        "RELATIVE_BASE": datetime.datetime.fromisoformat(published), "PREFER_DATES_FROM": "current_period"})
    assert found.date().isoformat() == expected


@pytest.mark.parametrize("word,published,expected", [
    ("today", None, []), ("today", "", []),
    ("tomorrow", "9999-12-31", []),  # no day after the last one
    ("in 3 days", "2024-02-27", ["2024-03-01"]),  # any other phrase: dateparser, on that date
    ("not a date", "2024-02-27", []),
])
def test_resolve_relative_other_cases(word, published, expected):
    assert resolve_relative(word, published) == expected

"""Property-based tests: any string gives valid values or a clean "not found", never an
exception, and every span found lies inside the text it was found in."""

from hypothesis import given, settings, strategies as st

from pipeline.normalise.dates import find_dates, parse_date
from pipeline.normalise.money import default_grammar, parse_money
from pipeline.schema import check_currency, check_date_value

# Text that looks like press releases often enough to exercise the grammars: digits,
# month names, currency signs and words mixed with arbitrary unicode.
PIECES = st.sampled_from([
    "January", "May", "Sept.", "15", "2016", "1999", "-", "–", ",", ".", " ", "\n", "€", "$", "EUR", "USD",
    "KM", "million", "mln", "bn", "euros", "dollars", "manat", "today", "on", "in", "this year", "last year",
    "31", "02", "2019/20", "400.000", "2.5", "1,200,000", "one", "billion", "Monday", "of",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=30).map("".join)
PUBLISHED = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))


@settings(max_examples=300, deadline=None)
@given(text=TEXT, published=PUBLISHED)
def test_dates_are_valid_and_inside_the_text(text, published):
    for found in find_dates(text):
        assert 0 <= found.start < found.end <= len(text)
        assert text[found.start : found.end] == found.text
        for value in found.values(published):
            assert check_date_value(value) == value
    for value in parse_date(text, published):
        assert check_date_value(value) == value


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_money_is_valid_and_inside_the_text(text):
    for found in default_grammar().find(text):
        assert 0 <= found.start < found.end <= len(text)
        assert text[found.start : found.end] == found.text
        assert found.value >= 0 and check_currency(found.currency) == found.currency
    parsed = parse_money(text)
    assert parsed is None or (parsed[0] >= 0 and check_currency(parsed[1]) == parsed[1])


@settings(max_examples=150, deadline=None)
@given(text=st.lists(st.one_of(st.sampled_from(
    ["Georgia", "the Kingdom of the Netherlands", "Dutch", "government", "Azerbaijani", "Kyrgyz", " ", ", ",
     "Republic of Moldova", "Türkiye", "Iran", "\n"]), st.text(max_size=5)), max_size=20).map("".join))
def test_countries_are_iso_codes_with_exact_mentions(extractor, text):
    record = extractor.extract(text)  # the Record model itself refuses bad codes and spans
    for country in record.countries:
        assert len(country.code) == 2 and country.mentions
        for mention in country.mentions:
            assert record.text[mention.start : mention.end] == mention.text

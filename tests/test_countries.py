"""Countries: names, official long forms, demonyms about the state; not cities, regions or people."""

import pytest

CASES = [
    ("Delegations from Bulgaria and the Czech Republic met in Baku.", {"BG", "CZ"}),
    ("The Kingdom of the Netherlands and the Slovak Republic signed.", {"NL", "SK"}),
    ("Support from the Kingdom of Netherlands was welcome.", {"NL"}),
    ("The Dutch Prime Minister visited.", {"NL"}),
    ("The Azerbaijani government approved the plan.", {"AZ"}),
    ("funded by the Norwegian Ministry of Foreign Affairs", {"NO"}),
    ("with the Swiss Agency for Development and Cooperation", {"CH"}),
    ("The French Development Agency (AFD) signed.", {"FR"}),
    ("Kyrgyz and Uzbeks live in the valley.", set()),
    ("Azerbaijani returnees received support.", set()),
    ("Leaders met in Vienna, Tbilisi and Brussels.", set()),
    ("The South Caucasus and Central Asia are regions.", set()),
    ("EU Member States agreed.", set()),
    ("the Republic of Moldova and Türkiye", {"MD", "TR"}),
    ("Turkey and Iran", {"TR", "IR"}),
    ("Iraq's Ministry of Foreign Affairs", {"IQ"}),
    ("Georgia’s Adjara region", {"GE"}),
    ("Bosnia and Herzegovina", {"BA"}),
    ("the United States and the United Kingdom", {"US", "GB"}),
    ("Ms. Argentina Szabados, IOM Regional Director, said", set()),
]


@pytest.mark.parametrize("text,codes", CASES)
def test_countries(extractor, text, codes):
    record = extractor.extract(text)
    assert {c.code for c in record.countries} == codes


def test_each_country_once_with_all_mentions(extractor):
    record = extractor.extract("Georgia and Armenia met. Georgia's minister spoke about Georgia.")
    georgia = next(c for c in record.countries if c.code == "GE")
    assert len(georgia.mentions) == 3 and georgia.name == "Georgia"
    assert [c.code for c in record.countries].count("GE") == 1


def test_furniture_yields_no_country(extractor):
    text = "Body text about Armenia.\n\n© 2025 The Republic of Azerbaijan State Migration Service\nTerms for users | Privacy Policy"
    assert {c.code for c in extractor.extract(text).countries} == {"AM"}

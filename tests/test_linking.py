"""Linking: dates, budgets and organisations attach to the project a passage is about."""

import pytest


def project(record, key):
    return next(p for p in record.projects if key in (p.acronym, p.name))


def test_launched_and_finalized(extractor):
    r = extractor.extract("The project “Safe Borders” (SAFE) which was launched on January 15, 2016 was finalized on July 14, 2019.")
    p = project(r, "SAFE")
    assert (p.start, p.end) == ("2016-01-15", "2019-07-14")
    assert {d.value: d.role for d in r.dates} == {"2016-01-15": "start", "2019-07-14": "end"}
    assert r.text[p.evidence["start"][0].start : p.evidence["start"][0].end] == "January 15, 2016"


def test_anaphora_and_sections(extractor):
    text = ("1. “Support to Courts in Armenia” project\n\n"
            "The project started on 1 March 2018. Its total budget was 1.2 million euros.\n\n"
            "2. “Support to Prisons in Armenia” project\n\n"
            "The project was completed on 30 June 2020. EUR 900,000 was allocated for the implementation of the project.")
    r = extractor.extract(text)
    courts, prisons = project(r, "Support to Courts in Armenia"), project(r, "Support to Prisons in Armenia")
    assert (courts.start, courts.end, courts.budget.value) == ("2018-03-01", None, 1200000)
    assert (prisons.start, prisons.end, prisons.budget.value) == (None, "2020-06-30", 900000)


def test_range_and_from_to(extractor):
    r = extractor.extract("Set to run between 2022-2025, Integrated Territorial Development will be implemented by GIZ.")
    p = project(r, "Integrated Territorial Development")
    assert (p.start, p.end, p.implementers) == ("2022", "2025", ["GIZ"])
    r = extractor.extract("The BRIDGE project was funded by Norway. From March 2019 to May 2021, the project trained judges.")
    p = project(r, "BRIDGE")
    assert (p.start, p.end, p.funders) == ("2019-03", "2021-05", ["Norway"])


def test_budget_before_project_is_named(extractor):
    text = ("€12 mln programme to modernise schools\n\n"
            "A programme worth €12 million was launched today. This is the EU-funded project ‘SMART-2: Schools for the Future’.")
    r = extractor.extract(text)
    p = project(r, "SMART-2")
    assert (p.name, p.budget.value, p.budget.currency, p.funders) == ("Schools for the Future", 12000000, "EUR", ["EU"])


def test_funders_list_and_respectively(extractor):
    text = ("ICMPD closed the ALFA and BETA projects. The projects were implemented by ICMPD and funded by "
            "the Polish Ministry of Interior and Administration and the Swiss Agency for Development and Cooperation, respectively.")
    r = extractor.extract(text)
    assert project(r, "ALFA").funders == ["Polish Ministry of Interior and Administration"]
    assert project(r, "BETA").funders == ["Swiss Agency for Development and Cooperation"]
    assert project(r, "ALFA").implementers == ["ICMPD"] == project(r, "BETA").implementers


def test_amount_per_unit_is_not_a_budget(extractor):
    r = extractor.extract("The GROW project gives grants worth up to GEL 170,000 per project and USD 500 each.")
    assert project(r, "GROW").budget is None


@pytest.mark.parametrize("published,expected", [("2019-04-16", "2019-04-16"), (None, None)])
def test_launched_today_needs_publication_date(extractor, published, expected):
    text = "A new project on Digital Skills for Youth was launched today in Baku."
    r = extractor.extract(text, published=published)
    assert project(r, "Digital Skills for Youth").start == expected


def test_amount_from_an_organisation_names_a_funder(extractor):
    r = extractor.extract("The “Safe Roads” (SAFER) project was launched with 2.5 million euros from the European Union.")
    assert project(r, "SAFER").funders == ["European Union"]


@pytest.mark.parametrize("text,funder", [
    ("The Asian Development Bank (ADB) will provide $100 million for the Greater Dhaka Urban Transport Project.", "ADB"),
    ("Germany will allocate €4 million for the program «Perspectives for the Youth».", "Germany"),
])
def test_the_subject_that_gives_money_is_a_funder(extractor, text, funder):
    r = extractor.extract(text)
    assert [p.funders for p in r.projects] == [[funder]]


@pytest.mark.parametrize("text,implementers", [
    ("Integrated Territorial Development will be implemented by the German Society for International Cooperation (GIZ) "
     "and the United Nations Development Programme (UNDP).", ["GIZ", "UNDP"]),
    ("Since June 2022 IOM has been implementing a regional project “Labour Migration Programme – Central Asia”.", ["IOM"]),
    ("The visit was organized through IOM’s MAGNET II Project, funded by the European Union.", ["IOM"]),
])
def test_implementers_as_press_releases_name_them(extractor, text, implementers):
    r = extractor.extract(text)
    assert [p.implementers for p in r.projects] == [implementers]

"""Projects: names and acronyms as press releases write them; what is not a project."""

import pytest

CASES = [
    ('The EU-funded project “Support to Border Management in Moldova” (SUBOR) was presented.',
     [("Support to Border Management in Moldova", "SUBOR")]),
    ("The SUBOR 2 project builds on SUBOR.", [(None, "SUBOR 2")]),
    ("Implementation of the MOBILAZE-2 project began. The MOBILAZE project ended.",
     [(None, "MOBILAZE-2"), (None, "MOBILAZE")]),
    ("ICMPD launched the project BOMCA 10 (Border Management Programme in Central Asia) in Bishkek.",
     [("Border Management Programme in Central Asia", "BOMCA 10")]),
    ("The Integrated Border Management in the Western Balkans (IBM-WB) project closed.",
     [("Integrated Border Management in the Western Balkans", "IBM-WB")]),
    ("The Regional Development Programme for Eastern Europe supports municipalities.",
     [("Regional Development Programme for Eastern Europe", None)]),
    ("A new project on Strengthening Civil Registration in Georgia was launched.",
     [("Strengthening Civil Registration in Georgia", None)]),
    ("The Twinning project “Support to the Ministry of Justice of Armenia” started.",
     [("Support to the Ministry of Justice of Armenia", None)]),
    ("the Green Cities Facility project", [("Green Cities Facility", None)]),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_projects(extractor, text, expected):
    record = extractor.extract(text)
    assert [(p.name, p.acronym) for p in record.projects] == expected


@pytest.mark.parametrize("text", [
    "The Joint Declaration on the Mobility Partnership was signed in 2013.",
    "at the “Mobility Partnership” international conference in Baku",
    "“Reintegration Guidelines for returnees” was developed and published.",
    "The Twinning instrument and TAIEX support reforms.",
    "The United Nations Development Programme (UNDP) and ICMPD signed.",
    "cooperation with other MP projects in the region",
    "the EU-funded project team met",
])
def test_not_projects(extractor, text):
    assert extractor.extract(text).projects == []


@pytest.mark.parametrize("gap", [30, 59, 70])
def test_long_gap_after_a_title_case_chain(extractor, gap):
    """A chain followed by a long run of spaces (a flattened table) has no next word; this
    used to raise IndexError and fail the document."""
    record = extractor.extract("The Water Supply" + " " * gap + "project in Gori was opened.")
    assert record.text.startswith("The Water Supply")


def test_name_and_acronym_mentions_merge(extractor):
    text = ('The project “Rural Roads for Development” (RR4D) started in 2020. '
            "RR4D project staff visited. The Rural Roads for Development project ended.")
    record = extractor.extract(text)
    # the title, "(RR4D)", "RR4D project" and "The Rural Roads for Development project"
    assert [(p.name, p.acronym, len(p.mentions)) for p in record.projects] == [("Rural Roads for Development", "RR4D", 4)]

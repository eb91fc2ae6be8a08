"""Officials: who, with which title, organisation and country; one person per name variant."""

import pytest

CASES = [
    # text, [(name, title, organization, country)]
    ("Ramiz Hasanov, Azerbaijani Deputy Foreign Minister, made the remarks in Baku.",
     [("Ramiz Hasanov", "Deputy Foreign Minister", None, "AZ")]),
    ("The conference was opened by the Deputy Minister of Foreign Affairs of the Republic of Moldova, Mr. Ion Popescu.",
     [("Ion Popescu", "Deputy Minister of Foreign Affairs of the Republic of Moldova", "Ministry of Foreign Affairs", "MD")]),
    ("“We are ready,” said Anna Schmidt, Head of the EU Delegation to Georgia.",
     [("Anna Schmidt", "Head of the EU Delegation to Georgia", "EU", None)]),
    ("EBRD President Odile Renaud-Basso said the loan would help.",
     [("Odile Renaud-Basso", "EBRD President", "EBRD", None)]),
    ("Chief of Mission of IOM in Armenia Ms. Maria Lopez opened the event.",
     [("Maria Lopez", "Chief of Mission of IOM in Armenia", "IOM", None)]),
    ("The Ambassador of Japan to Uzbekistan, Takeshi Yamamoto, handed over the keys.",
     [("Takeshi Yamamoto", "Ambassador of Japan to Uzbekistan", None, "JP")]),
    ("Minister of Health of Georgia Zurab Azarashvili and UNICEF Representative Ghassan Khalil signed the agreement.",
     [("Zurab Azarashvili", "Minister of Health of Georgia", "Ministry of Health", "GE"),
      ("Ghassan Khalil", "UNICEF Representative", "UNICEF", None)]),
    ("Ambassador Kowalski, Head of the EU Delegation to Armenia, shared his view.",
     [("Kowalski", "Head of the EU Delegation to Armenia", "EU", None)]),
    ("Martin Weber, Director for Migration Dialogues at the International Centre for Migration Policy Development (ICMPD), spoke.",
     [("Martin Weber", "Director for Migration Dialogues", "ICMPD", None)]),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_officials(extractor, text, expected):
    record = extractor.extract(text)
    got = [(o.name, o.title, o.organization, o.country) for o in record.officials]
    assert got == expected


def test_variants_are_one_person(extractor):
    text = ("Chief of the Service Firudin Nabiyev greeted the guests. F.Nabiyev noted the progress. "
            "Nabiyev thanked the partners.")
    record = extractor.extract(text)
    assert [o.name for o in record.officials] == ["Firudin Nabiyev"]
    assert [m.text for m in record.officials[0].mentions] == ["Firudin Nabiyev", "F.Nabiyev", "Nabiyev"]


@pytest.mark.parametrize("text", [
    "By Aynur Jafarova\n\nThe bank approved the loan.",
    "The programme covers Guria and Imereti.\nPhoto: Nino Alavidze/Agenda.ge",
    "The Mobility Partnership Declaration was signed in Brussels.",
    "Migration Governance Indicators is an IOM tool.",
])
def test_not_officials(extractor, text):
    assert extractor.extract(text).officials == []


def test_title_evidence_points_at_text(extractor):
    text = "Head of UNDP Georgia Louisa Vinton said the work continues."
    record = extractor.extract(text)
    official = record.officials[0]
    ev = official.evidence["title"]
    assert text[ev.start : ev.end] == official.title == "Head of UNDP Georgia"

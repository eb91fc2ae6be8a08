"""The officials component's shortcuts give what the plain readings give.

`_PeopleFinder` reuses title readings between accept() and finish(), and
`Lexicon.starts_with_long_country` tries only the lengths of forms that start like
the text: each is checked here against the plain computation it replaces.
"""

import pytest

from pipeline.components.base import TokenView
from pipeline.components.officials import _PeopleFinder
from pipeline.components.titles import title_after, title_before

TEXTS = [
    "Minister of Health of Georgia Zurab Azarashvili and UNICEF Representative Ghassan Khalil signed the agreement.",
    "Finance Minister Ramiz Hasanov and KfW director Anna Schmidt met. Hasanov said the loan would help.",
    "Ramiz Hasanov, Azerbaijani Deputy Foreign Minister, made the remarks in Baku, and Anna Schmidt, Head of the "
    "EU Delegation, agreed with Ramiz Hasanov.",
    "Chief of the Service Firudin Nabiyev greeted the guests. F.Nabiyev noted the progress. Nabiyev thanked them.",
    "Ambassador Piotr Świtalski said the EU is ready. Świtalski added that Ms. Maria Lopez, IOM Chief of Mission, "
    "and Mr. John Smith of the World Bank would attend.",
]


def _title_fields(title):
    return None if title is None else (title.text, title.start, title.end, title.separated, title.parts)


def _finder(extractor, text):
    nlp = extractor.nlp
    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        if name == "officials":
            break
        doc = component(doc)
    finder = _PeopleFinder(doc, TokenView(doc), nlp.get_pipe("officials"))
    finder.people(finder.candidates())
    return finder


@pytest.mark.parametrize("text", TEXTS)
def test_title_readings_match_plain_ones(extractor, text):
    finder = _finder(extractor, text)
    doc, lex = finder.doc, finder.lex
    for k in range(len(doc.words)):
        s_start, s_end = finder.sentence_tokens(k)
        plain = title_before(doc, k, lex, s_start, finder.people_tokens)
        assert _title_fields(finder.title_before_person(k, s_start)) == _title_fields(plain), doc.words[k]
        if doc.words[k] in {",", "-", "–"}:
            plain = title_after(doc, k, lex, s_end, finder.starts_name)
            assert _title_fields(finder.title_after(k, s_end)) == _title_fields(plain), doc.words[k]


@pytest.mark.parametrize("text,mentions", [
    ("Ambassador Piotr Świtalski said the EU is ready. Switalski and Świtalski's team agreed.",
     ["Piotr Świtalski", "Switalski", "Świtalski"]),
    ("Chief of the Service Firudin Nabiyev greeted the guests. F.Nabiyev noted it. Nabiyev thanked them.",
     ["Firudin Nabiyev", "F.Nabiyev", "Nabiyev"]),
    ("Minister Ramiz Hasanov said the loan would help. Hasanov-Aliyev and Aliyev did not comment.",
     ["Ramiz Hasanov"]),
])
def test_one_word_mentions(extractor, text, mentions):
    officials = extractor.extract(text).officials
    assert [m.text for m in officials[0].mentions] == mentions


@pytest.mark.parametrize("text", [
    "Azerbaijan and Georgia", "Georgia", "Geor", "Moldova, Republic of", "Republic of Moldova to",
    "United Kingdom of", "the Republic", "", "Ge", "Moldovan officials", "Bosnia and Herzegovina",
])
def test_starts_with_long_country(extractor, text):
    lex = extractor.nlp.get_pipe("officials").lex
    plain = any(text.startswith(form) for form in lex.long_country_forms)
    assert lex.starts_with_long_country(text) == plain

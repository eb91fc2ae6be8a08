"""Finding the linking cues by their words gives exactly what scanning with the regexes gives."""

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from pydantic import ValidationError

from pipeline import cues
from pipeline.folding import ODD_CASE
from pipeline.components.base import read_tsv
from pipeline.nlp import DEFAULT_RULES_DIR
from pipeline.orgs import _ACRONYM_IN_PARENS, _NAME_BEFORE, OrgNamer
from pipeline.records import validate_item_by_item
from pipeline.schema import AmountItem, Record

CORPUS = sorted((Path(__file__).resolve().parent.parent / "corpus").glob("**/*.txt"))
ANAPHORS = [row["form"] for row in read_tsv(DEFAULT_RULES_DIR / "projects.tsv") if row["kind"] == "anaphor"]

TEXTS = [
    "The project was funded by the EU and implemented by UNDP in partnership with GIZ.",
    "FUNDED BY THE EUROPEAN UNION. Implemented By IOM. Project by ICMPD.",
    "fUnDeD bY Norway, cArRiEd OuT bY the Ministry, in\u00a0partnership\twith UNICEF.",
    "in  \n  partnership with the Council; IN PARTNERSHIP WITH ADB; partnership with no 'in'.",
    "with the support of Sweden, with funding from Japan, financial assistance from Italy.",
    "The programme (EU-funded, European Union-financed) is a co-funded action; the Programme ends.",
    "ſupported by Denmark and \u0130mplemented by the \u212aelvin Institute.",  # IGNORECASE folds these
    "The Ministry selected the Agency of Roads to implement the project. It works. Its budget grew.",
    "xthe project, the projects, This programme, the initiative, the operation and the action.",
    "Projects, programmes and initiatives: this project’s end. The Project started.",
    "€5 million (about 10%) – funded by “the EU” – for the “Safe Roads” project.",
    "",
]


def corpus_texts():
    return [p.read_text(encoding="utf-8") for p in CORPUS]


def spans(matches):
    return [(m.start(), m.end(), m.group()) for m in matches]


@pytest.mark.parametrize("text", TEXTS + corpus_texts())
def test_find_cues_is_finditer(text):
    found = cues.find_cues(text, ANAPHORS)
    for name, (cue, _) in cues.CUES.items():
        assert spans(found[name]) == spans(cue.finditer(text)), name
    assert spans(found["adj"]) == spans(re.finditer(r"(?<=[a-zA-Z])-(?:funded|financed)\b", text))
    anaphor, _ = cues.anaphor_patterns(tuple(ANAPHORS))
    assert spans(found["anaphor"]) == spans(anaphor.finditer(text))


def test_odd_case_lists_every_non_ascii_letter_ignorecase_matches():
    letter = re.compile(r"(?i)[a-z]")
    odd = [chr(c) for c in range(0x80, sys.maxunicode + 1) if letter.fullmatch(chr(c))]
    assert sorted(odd) == sorted(ODD_CASE)


@pytest.mark.parametrize("anaphors,text", [
    (["the project", "the programme", "the program", "It"], "the programme, the program; It, Its, ITS"),
    (["l’initiative", "Le projet"], "Le projet et l’initiative"),
    (["x"], "x y x"),
    ([], "the project"),
])
def test_anaphors_from_their_last_words(anaphors, text):
    compiled = cues.anaphor_patterns(tuple(anaphors))
    found = cues.find_cues(text, anaphors)["anaphor"]
    assert spans(found) == (spans(compiled[0].finditer(text)) if compiled else [])


@pytest.mark.parametrize("text", TEXTS + corpus_texts()[:20])
def test_acronym_use_and_definitions_as_before(text):
    namer = OrgNamer(text, None)
    used = set(re.findall(r"\b[A-Z][A-Za-z]{1,10}\b", text))
    for acronym in used | {"EU", "UNDP", "IOM", "EU2", "X", "ABCDEFGHIJKL", "eu"}:
        assert namer.uses(acronym) == (acronym in used), acronym
    for m in _ACRONYM_IN_PARENS.finditer(text):  # the search may start later, never elsewhere
        before = _NAME_BEFORE.search(text, max(0, m.start() - 200), m.start())
        cut = re.compile(r"(?s).*[^\w’'\s-]").match(text, max(0, m.start() - 200), m.start())
        later = _NAME_BEFORE.search(text, cut.end() if cut else max(0, m.start() - 200), m.start())
        assert (before and before.span("name")) == (later and later.span("name"))


def test_invalid_record_fails_as_item_by_item():
    amount = {"value": 5.0, "currency": "QQQ", "text": "5 QQQ", "start": 0, "end": 5, "rule": "amounts.x"}
    fields = {"doc_id": "d", "source": "s", "sources": ["s"], "title": None, "published": None, "text": "5 QQQ",
              "projects": [], "officials": [], "dates": [], "amounts": [amount], "countries": [], "warnings": []}
    with pytest.raises(ValidationError):
        Record.model_validate(fields)
    with pytest.raises(ValidationError) as single:
        AmountItem(**amount)
    with pytest.raises(ValidationError) as fallback:
        validate_item_by_item(fields)
    assert str(fallback.value) == str(single.value)


# Any text: cue words and their neighbours in every case, odd folding characters, spaces.
PIECES = st.sampled_from([
    "funded", "Funded", "FUNDED", "financed", "financial", "support", "supported", "sponsored", "with", "the",
    "implemented", "implementing", "partners", "carried out", "executed", "in", "IN", "partnership", "Partnership",
    "project", "Project", "PROJECTS", "programme", "program", "initiative", "action", "operation", "It", "Its",
    "entitled", "selected", "to implement", "by", "BY", "of", "from", "and", "assistance", "contribution",
    " ", "  ", "\n", "\u00a0", "\t", "-", ",", ".", "’", "(", "EU", "ſ", "\u0130", "\u0131", "\u212a", "é", "x",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=TEXT)
def test_find_cues_is_finditer_for_any_text(text):
    test_find_cues_is_finditer(text)

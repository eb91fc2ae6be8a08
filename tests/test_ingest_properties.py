"""Properties: any bytes ingest cleanly; any ingested text extracts to spans inside it."""

from __future__ import annotations

import codecs
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extract import Document, Extractor
from pipeline.ingest import document_from_bytes
from pipeline.schema import ErrorRecord, Record

FRAGMENTS = [
    "The European Union", "Georgia", "the Republic of Moldova", "Ukraine", "Azerbaijan", "EU4Business",
    "on 5 May 2021", "from January 2024 to December 2026", "in 2019", "12.03.2020", "EUR 2.5 million",
    "€400,000", "USD 1 bn", "1.2 million euros", "Minister", "Ambassador Jane Doe", "said", "signed",
    "the project “Green Cities” (GC)", "funded by", "UNDP", ".", ",", "\n", "\n\n", " ", "–", "(", ")",
    "é", "Сергей", "\t", "&amp;", "<p>", "</p>",
]
PREFIXES = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"%PDF-", b"\x89PNG", b"PK\x03\x04",
            b"<!DOCTYPE html><html><body><p>", b"<html><head><meta charset='cp1251'></head><body>"]
ENCODINGS = ["utf-8", "utf-16", "utf-16-le", "cp1251", "cp1252", "latin-1"]

texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map("".join)


@st.composite
def input_bytes(draw) -> bytes:
    """Random bytes, or random texts in real encodings behind real-world prefixes."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=400))
    text = draw(texts)
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    return draw(st.sampled_from(PREFIXES)) + data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=input_bytes(), html=st.sampled_from([None, False, True]))
def test_any_bytes_give_a_clean_document_or_a_clean_error(data, html):
    result = document_from_bytes(data, source="input.txt", html=html)
    if isinstance(result, ErrorRecord):
        assert result.kind in {"empty", "binary", "failed"} and result.reason
        assert result.source == "input.txt"
        return
    assert isinstance(result, Document)
    assert result.text.strip()
    assert "\r" not in result.text and "\ufeff" not in result.text
    assert all(ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs") for ch in result.text)
    assert result.published is None or len(result.published) == 10


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.builds(lambda text, encoding: text.encode(encoding, errors="replace"), texts,
                      st.sampled_from(ENCODINGS)))
def test_every_evidence_span_is_inside_the_ingested_text(extractor, data):
    document = document_from_bytes(data, source="random.txt")
    if isinstance(document, ErrorRecord):
        return
    record = next(extractor.extract_many([document]))
    assert isinstance(record, Record)
    assert record.text == document.text and record.doc_id == document.doc_id
    for mention in record.iter_mentions():
        assert 0 <= mention.start <= mention.end <= len(record.text)
        assert record.text[mention.start:mention.end] == mention.text
    Record.model_validate_json(record.model_dump_json())  # the written line validates again

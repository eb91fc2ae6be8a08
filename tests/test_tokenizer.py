"""The pipeline's tokenizer drops spaCy's redundant whitespace exceptions for speed;
every token (text, trailing space, norm) must stay what spacy.blank("en") gives."""

from pathlib import Path

import pytest
import spacy

from pipeline.nlp import build_nlp

ROOT = Path(__file__).resolve().parent.parent
EDGE_CASES = [
    "a — b—c  d\t\te \xa0 f\xa0g\n\n\nh \n i —\n— \\n \\t x\u2014y",
    "He said:\u00a0“yes”—then  \t left.\r\n\r\nOk",
    "Mr. Smith (D.C.) met H.E. Ms. Jones on Jan. 5 at 10am; don't, can't, it's — 'quoted' ‘this’.",
    "   leading spaces\n\n\n\ttabs\t\tand\u2003em\u2009spaces\u200b",
    "",
]


def corpus_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").rglob("*.txt"))]


@pytest.fixture(scope="module")
def tokenizers():
    return spacy.blank("en").tokenizer, build_nlp().tokenizer


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases_tokenize_as_spacy_english(tokenizers, text):
    stock, ours = tokenizers
    assert [(t.text, t.whitespace_, t.norm_) for t in ours(text)] == [(t.text, t.whitespace_, t.norm_) for t in stock(text)]


def test_corpus_tokenizes_as_spacy_english(tokenizers):
    stock, ours = tokenizers
    texts = corpus_texts()
    assert len(texts) >= 50
    for text in texts:
        assert [(t.text, t.whitespace_, t.norm_) for t in ours(text)] == [(t.text, t.whitespace_, t.norm_) for t in stock(text)]


def test_extension_reads_what_underscore_reads(extractor):
    """`extension(doc, name)` is a fast path to `doc._.<name>`; it must see the same object."""
    from pipeline.components.base import extension

    blank = extractor.nlp.make_doc("Nothing here.")
    doc = extractor.nlp("ACCRA, 3 March 2024 - Ghana and Norway signed a USD 5 million grant.\nMore text.")
    for name in ("facts", "furniture", "sentences", "published"):
        assert extension(blank, name) is blank._.get(name) is None
        assert extension(doc, name) is doc._.get(name)
    assert extension(doc, "facts")["countries"] and extension(doc, "sentences")

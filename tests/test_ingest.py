"""Ingest: bytes and paths in, a Document or one clear ErrorRecord out."""

from __future__ import annotations

import codecs
import os

import pytest

from pipeline.extract import Document
from pipeline.ingest import clean_text, document_from_bytes, find_inputs, looks_like_html, read_input
from pipeline.schema import ErrorRecord

SENTENCE = "The European Union and the Government of Ukraine signed the agreement in Kyiv on 5 May 2021."
CYRILLIC = "Minister Сергей Лавров met the EU delegation in Moscow on 5 May 2021 to discuss the project."
WESTERN = "The “Green Deal” project costs €2.5 million – said Mr. Müller of the Commission in Brussels."
LATIN1 = "The project in Curaçao and São Tomé was opened by José Pérez, who thanked the donors."

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>EU and Georgia sign deal | Ministry of Economy</title>
<meta property="article:published_time" content="2023-05-04T10:00:00Z"></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/about">About us</a></li></ul></nav>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience. Accept all cookies</div>
<article><h1>EU and Georgia sign deal</h1>
<p>TBILISI, 4 May 2023 – The European Union and Georgia signed a EUR 12 million agreement on Thursday
for the project “Green Cities”, which runs from January 2024 to December 2026.</p>
<p>The project will be implemented by UNDP in cooperation with the municipalities of Georgia.</p>
</article>
<footer>Copyright 2023 Ministry of Economy. All rights reserved. Privacy policy</footer>
</body></html>"""


# (case, bytes, expected text)
DECODED = [
    ("utf-8", SENTENCE.encode("utf-8"), SENTENCE),
    ("utf-8 with BOM", codecs.BOM_UTF8 + WESTERN.encode("utf-8"), WESTERN),
    ("utf-16 with BOM", WESTERN.encode("utf-16"), WESTERN),
    ("utf-16-be with BOM", codecs.BOM_UTF16_BE + CYRILLIC.encode("utf-16-be"), CYRILLIC),
    ("utf-16-le without BOM", SENTENCE.encode("utf-16-le"), SENTENCE),
    ("cp1251", CYRILLIC.encode("cp1251"), CYRILLIC),
    ("cp1252", WESTERN.encode("cp1252"), WESTERN),
    ("latin-1", LATIN1.encode("latin-1"), LATIN1),
    ("mojibake", "Café in São Tomé – €5 million".encode("utf-8").decode("cp1252").encode("utf-8"),
     "Café in São Tomé – €5 million"),
    ("CRLF", b"First line.\r\nSecond line.\rThird line.\r\n", "First line.\nSecond line.\nThird line.\n"),
    ("control characters", b"Bell\x07 and escape\x1b[0m gone,\ttab kept.\x0c", "Bell and escape gone,\ttab kept."),
    ("legit text untouched", "“Quotes”, ﬁ ligature, ＡＢ width, e\u0301 combining".encode("utf-8"),
     "“Quotes”, ﬁ ligature, ＡＢ width, e\u0301 combining"),
]


@pytest.mark.parametrize("case,data,expected", DECODED, ids=[c[0] for c in DECODED])
def test_decodes_repairs_and_cleans(case, data, expected):
    document = document_from_bytes(data, source=f"{case}.txt")
    assert isinstance(document, Document), document
    assert document.text == expected
    assert document.sources == [f"{case}.txt"]


# (case, bytes, kind, words the reason must contain)
REFUSED = [
    ("empty", b"", "empty", "empty"),
    ("whitespace", b" \n\t\r\n  ", "empty", "whitespace"),
    ("utf-16 whitespace", "  \n ".encode("utf-16"), "empty", "whitespace"),
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary", "PDF"),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", "PNG"),
    ("zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "binary", "ZIP"),
    ("jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary", "JPEG"),
    ("nul bytes", b"abc\x00\x01\x02\x03\xff\xfe\x00data", "binary", "NUL"),
    ("html without text", b"<html><head><script>var a = 1;</script></head><body><div></div></body></html>",
     "empty", "no main text"),
]


@pytest.mark.parametrize("case,data,kind,reason", REFUSED, ids=[c[0] for c in REFUSED])
def test_refuses_what_is_not_text(case, data, kind, reason):
    error = document_from_bytes(data, source="x.txt")
    assert isinstance(error, ErrorRecord)
    assert (error.kind, error.source) == (kind, "x.txt")
    assert reason in error.reason


def test_html_page_keeps_main_text_title_and_date():
    document = document_from_bytes(PAGE.encode("utf-8"), source="page.html", html=True)
    assert isinstance(document, Document)
    assert "EUR 12 million agreement" in document.text
    assert "implemented by UNDP" in document.text
    for furniture in ("cookies", "About us", "All rights reserved", "Privacy policy", "<p>"):
        assert furniture not in document.text
    assert document.title == "EU and Georgia sign deal"
    assert document.published == "2023-05-04"


def test_html_is_sniffed_whatever_the_name():
    document = document_from_bytes(PAGE.encode("utf-8"), source="saved-page.txt")
    assert "cookies" not in document.text and "EUR 12 million" in document.text


def test_html_declared_charset_is_honoured():
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1251"').replace("Georgia sign", "Грузия sign")
    document = document_from_bytes(page.encode("cp1251"), source="page.html", html=True)
    assert "Грузия" in document.title


@pytest.mark.parametrize("text,html", [
    (PAGE, True),
    ("<html><body><p>Hi</p></body></html>", True),
    ("Growth of <5% was reported; the ratio a<b holds.", False),
    ("A press release.\nWith lines.", False),
])
def test_looks_like_html(text, html):
    assert looks_like_html(text) is html


def test_non_english_text_warns_but_is_kept():
    french = ("Le ministre des affaires étrangères a rencontré la délégation de l'Union européenne pour "
              "discuter de la coopération dans le domaine de l'énergie et du climat durant trois jours à Paris.")
    document = document_from_bytes(french.encode("utf-8"), source="fr.txt")
    assert isinstance(document, Document)
    assert len(document.warnings) == 1 and "may not be English" in document.warnings[0]
    english = document_from_bytes((SENTENCE + " " + SENTENCE).encode(), source="en.txt")
    assert english.warnings == []


def test_clean_text_is_idempotent_and_keeps_newlines_and_tabs():
    messy = "a\r\nb\rc\x00d\x7fe\u2028f\ufeffg\th\n"
    assert clean_text(messy) == "a\nb\ncd" + "e\nfg\th\n"
    assert clean_text(clean_text(messy)) == clean_text(messy)


def test_read_input_refuses_unreadable_and_too_large(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(SENTENCE * 10)
    dangling = tmp_path / "gone.txt"
    dangling.symlink_to(tmp_path / "deleted.txt")
    cases = [
        (str(tmp_path / "missing.txt"), 10_000, "unreadable", "no such file"),
        (str(dangling), 10_000, "unreadable", "broken symbolic link"),
        (str(tmp_path), 10_000, "unreadable", "is a folder"),
        (str(big), 100, "too_large", "over the --max-bytes limit of 100"),
    ]
    for path, limit, kind, reason in cases:
        error = read_input(path, max_bytes=limit)
        assert isinstance(error, ErrorRecord), path
        assert error.kind == kind and reason in error.reason and error.source == path
    assert isinstance(read_input(str(big), max_bytes=len(SENTENCE) * 10), Document)


def test_find_inputs_walks_folders_for_text_files_only(tmp_path):
    for name in ("b.txt", "a.md", "sub/c.html", "sub/d.HTM", "x.gold.json", "x.meta.json", "notes.pdf", "sub/e.csv"):
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_text("x")
    explicit = tmp_path / "notes.pdf"
    found = list(find_inputs([str(tmp_path), str(explicit)]))
    relative = [os.path.relpath(p, tmp_path) for p in found]
    assert relative == ["a.md", "b.txt", "sub/c.html", "sub/d.HTM", "notes.pdf"]

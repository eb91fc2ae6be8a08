"""Inputs in, `Document`s out: finding input files, reading, decoding, cleaning, HTML.

Every input ends as exactly one of two things: a `Document` whose `text` is the
text all offsets refer to, or an `ErrorRecord` saying in one line why it could not
be read (`kind` is empty | binary | too_large | unreadable | failed). Nothing here raises
for bad content; only programming errors escape.

Order of work for one file: size check, read, magic bytes, decode (BOM, UTF-8,
HTML `<meta charset>`, then charset-normalizer over the legacy code pages press
offices use), ftfy mojibake repair, line-break and control-character clean-up,
then trafilatura for HTML. Cleaning happens before HTML extraction and again
after it, so `Record.text` never holds a character the extractor did not see.
"""

from __future__ import annotations

import codecs
import datetime
import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

import charset_normalizer
import ftfy
import trafilatura
from lxml.etree import LxmlError

from .extract import Document
from .schema import ErrorRecord

TEXT_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
DEFAULT_MAX_BYTES = 5_000_000

# Legacy code pages tried when a file is not UTF-8, in order of preference on ties.
LEGACY_ENCODINGS = ("cp1252", "cp1251", "latin_1")

_MAGIC = (
    (b"%PDF", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"PK\x03\x04", "ZIP archive (or Office document)"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf", "7-Zip archive"),
    (b"\xd0\xcf\x11\xe0", "legacy Office document"),
    (b"\x7fELF", "executable"),
    (b"OggS", "audio file"),
    (b"ID3", "MP3 audio"),
)
# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_TAGS = re.compile(r"</?(?:p|div|span|a|br|table|article|section|h[1-6]|ul|li|script|meta)\b[^>]*>", re.I)
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
_ACCENTED_ONLY = re.compile(r"^[\u00c0-\u00ff]{3,}$")

# Only fixes for text decoded the wrong way; the rest of ftfy (quote uncurling,
# ligatures, width, NFC) would change legitimate text and is switched off.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    normalization=None,
    explain=False,
)

# The commonest English function words; in English prose they are ~40% of words.
_ENGLISH_STOPWORDS = frozenset(
    "the of and to in a is for that on with by as at from this be are was were it an has have "
    "will its their which or said not been also he she they we our his her who would can".split()
)
ENGLISH_MIN_WORDS = 20
ENGLISH_MIN_RATIO = 0.10

Ingested = Union[Document, ErrorRecord]


class BadInput(Exception):
    """An input that is not a readable text; `kind` is an `ErrorRecord.kind`."""

    def __init__(self, kind: str, reason: str):
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


# --- finding inputs -----------------------------------------------------------------


def find_inputs(arguments: Iterable[str]) -> Iterator[str]:
    """Paths to ingest, in a stable order.

    A folder yields its `*.txt`, `*.md`, `*.html` and `*.htm` files, recursively and
    sorted (gold and meta sidecars are `.json`, so they are skipped with all other
    files). Anything else is yielded as given, whatever its suffix, so that an
    explicitly named file is always accounted for, if only by an error.
    """
    for argument in arguments:
        if os.path.isdir(argument):
            for folder, subfolders, names in os.walk(argument):
                subfolders.sort()
                for name in sorted(names):
                    if is_input_name(name):
                        yield os.path.join(folder, name)
        else:
            yield argument


def is_input_name(name: str) -> bool:
    return Path(name).suffix.lower() in TEXT_SUFFIXES


# --- reading ------------------------------------------------------------------------


def read_input(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Ingested:
    """The `Document` in the file at `path`, or an `ErrorRecord` saying why there is none."""
    try:
        data = read_bytes(path, max_bytes=max_bytes)
    except BadInput as bad:
        return ErrorRecord(source=path, kind=bad.kind, reason=bad.reason)
    html = Path(path).suffix.lower() in HTML_SUFFIXES
    return document_from_bytes(data, source=path, html=html)


def read_bytes(path: str, *, max_bytes: int) -> bytes:
    """The file's bytes; raises `BadInput` (unreadable or too_large) instead of OSError."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise BadInput("unreadable", "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise BadInput("unreadable", "is not a regular file")
        if info.st_size > max_bytes:
            raise BadInput("too_large", _too_large(info.st_size, max_bytes))
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may have grown since stat
    except FileNotFoundError:
        if os.path.islink(path):
            raise BadInput("unreadable", f"broken symbolic link to {os.readlink(path)!r}") from None
        raise BadInput("unreadable", "no such file") from None
    except PermissionError:
        raise BadInput("unreadable", "permission denied") from None
    except OSError as exc:
        raise BadInput("unreadable", f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise BadInput("too_large", _too_large(len(data), max_bytes))
    return data


def _too_large(size: int, limit: int) -> str:
    return f"file is {size:,} bytes, over the --max-bytes limit of {limit:,}"


# --- bytes to document --------------------------------------------------------------


def document_from_bytes(data: bytes, source: str, *, html: Optional[bool] = None) -> Ingested:
    """Decode, repair and clean `data`; extract the main text when it is HTML.

    `html=True` (an .html/.htm name) treats markup-bearing content as HTML; otherwise
    the content is sniffed. Never raises for any `data`.
    """
    try:
        text = clean_text(repair_mojibake(decode_bytes(data)))
        if not text.strip():
            raise BadInput("empty", "file is empty" if not data else "file has only whitespace")
        title = published = None
        if looks_like_html(text, named_html=bool(html)):
            text, title, published = html_main_text(text)
            text = clean_text(text)
            if not text.strip():
                raise BadInput("empty", "HTML page has no main text")
    except BadInput as bad:
        return ErrorRecord(source=source, kind=bad.kind, reason=bad.reason)
    return Document(text=text, source=source, title=title, published=published,
                    warnings=language_warnings(text))


def decode_bytes(data: bytes) -> str:
    """Text from bytes: BOM, else UTF-8, else a declared HTML charset, else detection.

    Raises `BadInput("binary", ...)` for known binary formats, NUL-bearing data that
    is not UTF-16, and bytes no candidate encoding reads as text.
    """
    for signature, name in _MAGIC:
        if data.startswith(signature):
            raise BadInput("binary", f"binary file ({name}), not text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding)
    if b"\x00" in data:
        encoding = _bomless_utf16(data)
        if encoding is None:
            raise BadInput("binary", "binary file (contains NUL bytes), not text")
        return _strict(data, encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(codecs.lookup(declared.group(1).decode("ascii")).name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; fall back to detection
    return _detect_legacy(data)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise BadInput("binary", f"not valid {exc.encoding} text at byte {exc.start}") from None


def _bomless_utf16(data: bytes) -> Optional[str]:
    """'utf-16-le'/'utf-16-be' when every other byte of the head is NUL (ASCII-range UTF-16)."""
    head = data[:2000]
    if len(head) < 4 or len(head) % 2:
        return None
    if not any(head[1::2]) and all(head[0::2]):
        return "utf-16-le"
    if not any(head[0::2]) and all(head[1::2]):
        return "utf-16-be"
    return None


def _detect_legacy(data: bytes) -> str:
    """The most plausible legacy code-page reading, per charset-normalizer.

    On short texts its measures tie; then the reading with fewer implausible words
    wins (Cyrillic letters glued to Latin ones or digits; words made only of accented
    Latin letters, as Cyrillic read as cp1252 looks).
    """
    matches = list(charset_normalizer.from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)))
    if not matches:
        raise BadInput("binary", "not text in UTF-8, UTF-16 or any of " + ", ".join(LEGACY_ENCODINGS))

    def implausibility(match) -> tuple:
        text = str(match)
        words = re.findall(r"\w+", text)
        odd = sum(1 for w in words if (_CYRILLIC.search(w) and _ASCII_ALNUM.search(w)) or _ACCENTED_ONLY.match(w))
        return (odd, round(match.chaos, 2), LEGACY_ENCODINGS.index(match.encoding))

    return str(min(matches, key=implausibility))


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252/Latin-1 ('â€œ' -> '“'); legitimate text is left alone."""
    return ftfy.fix_text(text, _FTFY)


def clean_text(text: str) -> str:
    """LF line breaks, no control characters but tab and newline, no byte-order marks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    if text.isascii() and text.isprintable():
        return text
    return "".join(
        ch for ch in text
        if ch in "\n\t" or (ch != "\ufeff" and unicodedata.category(ch) not in ("Cc", "Cs"))
    )


def looks_like_html(text: str, *, named_html: bool = False) -> bool:
    """True for a page that starts like HTML, or an .html file with any markup in it."""
    if _HTML_START.match(text):
        return True
    head = text[:4096]
    return bool(_HTML_TAGS.search(head)) if named_html else len(_HTML_TAGS.findall(head)) >= 5


def html_main_text(html: str) -> tuple[str, Optional[str], Optional[str]]:
    """(main text, title, published YYYY-MM-DD) of a page, without menus, footers, banners.

    The date comes from the page's metadata only (htmldate without its guesses from
    the body text), so it is the publisher's, not a date the article mentions.
    """
    found = None
    for recall in (False, True):  # short pages fall under trafilatura's precision thresholds
        try:
            found = trafilatura.bare_extraction(
                html, with_metadata=True, include_comments=False, include_tables=True,
                favor_recall=recall,
                date_extraction_params={"extensive_search": False, "original_date": True},
            )
        except (LxmlError, ValueError) as exc:
            raise BadInput("failed", f"HTML could not be parsed: {exc}") from None
        if found is not None and (found.text or "").strip():
            break
    if found is None:
        return "", None, None
    return found.text or "", (found.title or None), _iso_day(found.date)


def _iso_day(value: Optional[str]) -> Optional[str]:
    try:
        return datetime.date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None


def language_warnings(text: str) -> list[str]:
    """A warning when a text of some length has few common English words."""
    words = _WORD.findall(text.lower())
    if len(words) < ENGLISH_MIN_WORDS:
        return []
    ratio = sum(1 for w in words if w in _ENGLISH_STOPWORDS) / len(words)
    if ratio >= ENGLISH_MIN_RATIO:
        return []
    return [f"text may not be English: only {ratio:.0%} of its words are common English words; "
            "facts may be missing"]

"""What every rule component shares: its data comes from files in `rules/`, it
serialises that data with the pipeline, and it stores what it finds on the Doc.

Findings are plain dicts (start, end, text, rule, ...) under `doc._.facts[kind]`, so
they survive `Doc.to_bytes` when spaCy pipes documents to worker processes.
"""

from __future__ import annotations

import csv
import json
from bisect import bisect_right
from pathlib import Path
from typing import Any, Iterable, Iterator

import numpy
from spacy.attrs import IDX, SPACY
from spacy.tokens import Doc
from spacy.util import minibatch

if not Doc.has_extension("facts"):
    Doc.set_extension("facts", default=None)
if not Doc.has_extension("furniture"):
    Doc.set_extension("furniture", default=None)
if not Doc.has_extension("sentences"):
    Doc.set_extension("sentences", default=None)
if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)


def extension(doc: Doc, name: str) -> Any:
    """`doc._.<name>` for the extensions above (all default None), read from `doc.user_data`
    where spaCy's `Underscore` keeps it: each `doc._` builds a new Underscore object (~3 µs,
    against 0.2 µs here), and the components read these ~20 times per document."""
    return doc.user_data.get(("._.", name, None, None))


_TEXT_KEY = "pressfacts.text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once: spaCy joins every token each time the property is read."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


class TextKeepingTokenizer:
    """spaCy's tokenizer, keeping the text it was given on the Doc.

    `Doc.text` is rebuilt from every token each time it is read; the rules read the
    text many times, so the original string is kept instead (`doc_text`). Everything
    else, serialisation included, is the wrapped tokenizer's."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc.user_data[_TEXT_KEY] = text
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    def __getattr__(self, name):
        return getattr(self.tokenizer, name)


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a TSV file with a header line; lines starting with # are comments."""
    with open(path, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def parse_jsonl(text: str) -> list[dict[str, Any]]:
    """One JSON object a line; lines starting with // are comments."""
    return [json.loads(line) for line in text.splitlines() if line.strip() and not line.startswith("//")]


def read_words(path: Path) -> list[str]:
    """One entry a line; # starts a comment."""
    with open(path, encoding="utf-8") as handle:
        return [line.split("#", 1)[0].strip() for line in handle if line.split("#", 1)[0].strip()]


class BatchedPipe:
    """`pipe` for a component whose `__call__` handles one Doc: a batch of documents at a
    time through this component, then the batch goes on to the next one.

    Without `pipe`, spaCy passes each document through every component before taking
    the next, so each component's patterns and tables are pushed out of the CPU caches
    by the others' between two documents. Batching keeps them warm: about 15% faster
    for the whole pipeline, and the same Docs (each is still processed alone)."""

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for batch in minibatch(docs, batch_size):
            yield from [self(doc) for doc in batch]


class RuleComponent(BatchedPipe):
    """Base for components whose behaviour is defined by files in the rules folder.

    Subclasses name their files in `files` and turn the raw text into lookup
    structures in `load`. `to_disk`/`from_disk` copy the files, so a saved pipeline
    carries the exact rules it ran with.
    """

    files: tuple[str, ...] = ()

    def __init__(self, nlp, name: str, rules: str):
        self.name = name
        self.rules_path = Path(rules)
        self.raw: dict[str, str] = {}
        for filename in self.files:
            self.raw[filename] = (self.rules_path / filename).read_text(encoding="utf-8")
        self.load()

    def load(self) -> None:  # pragma: no cover - overridden
        pass

    def data_path(self, filename: str) -> Path:
        return self.rules_path / filename

    def to_disk(self, path, exclude=tuple()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for filename, content in self.raw.items():
            (path / filename).write_text(content, encoding="utf-8")

    def from_disk(self, path, exclude=tuple()):
        self.rules_path = Path(path)
        self.raw = {f: (self.rules_path / f).read_text(encoding="utf-8") for f in self.files}
        self.load()
        return self


def facts(doc: Doc, kind: str) -> list[dict]:
    """The findings of one kind on `doc`, creating the list on first use."""
    found = extension(doc, "facts")
    if found is None:
        found = doc._.facts = {}
    return found.setdefault(kind, [])


class Furniture:
    """Fast membership test for page-furniture character ranges."""

    def __init__(self, ranges: Iterable[Iterable[int]] | None):
        self.ranges = sorted(tuple(r) for r in (ranges or ()))
        self.starts = [r[0] for r in self.ranges]

    @classmethod
    def of(cls, doc: Doc) -> "Furniture":
        """The furniture the `page_furniture` component marked on `doc`."""
        return cls(extension(doc, "furniture"))

    def covers(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start) - 1
        return i >= 0 and self.ranges[i][1] >= end


class TokenView:
    """Plain-Python token data of a Doc, made once per component call.

    Rules that walk tokens back and forth (officials, titles) read each token many
    times; spaCy creates a new Token object on every `doc[i]`, which costs more than
    the rules themselves. Here tokens are indices into plain lists built with one
    `to_array` call: `words[i]`, its character offsets `starts[i]` and `ends[i]`, and
    `spaces[i]` (1 when a space follows the token).
    """

    __slots__ = ("text", "words", "starts", "ends", "spaces", "_start_array")

    def __init__(self, doc: Doc):
        self.text = text = doc_text(doc)
        rows = doc.to_array([IDX, SPACY])
        starts, spaces = rows[:, 0], rows[:, 1]
        # spaCy keeps the text whole (each token, then its space, then the next token),
        # so a token ends where the next one starts, less its space.
        ends = numpy.empty_like(starts)
        ends[:-1] = starts[1:]
        ends[-1:] = len(text)
        ends -= spaces
        self.starts, self.ends, self.spaces = starts.tolist(), ends.tolist(), spaces.tolist()
        self.words = [text[start:end] for start, end in zip(self.starts, self.ends)]
        self._start_array = starts

    def capitalised(self) -> list[int]:
        """Indices of the tokens whose first character is upper case (`str.isupper`)."""
        # Vectorised over the first characters' code points: A-Z are upper case, no
        # other ASCII character is, and only non-ASCII ones are asked one by one.
        codes = numpy.frombuffer(self.text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
        first = codes[self._start_array]
        upper = (first >= ord("A")) & (first <= ord("Z"))
        for i in numpy.flatnonzero(first >= 128).tolist():
            upper[i] = self.text[self.starts[i]].isupper()
        return numpy.flatnonzero(upper).tolist()

    def __len__(self) -> int:
        return len(self.words)

    def token_at(self, char: int) -> int:
        """Index of the token holding character offset `char`."""
        return max(0, bisect_right(self.starts, char) - 1)

    def span_text(self, start: int, end: int) -> str:
        """The text from token `start` to the end of token `end - 1` ("" when empty)."""
        return self.text[self.starts[start] : self.ends[end - 1]] if end > start else ""

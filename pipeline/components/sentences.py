"""`sentences`: record sentence bounds (see `pipeline.sentences`) on the Doc.

Linking works sentence by sentence, and the facts table shows each fact's
sentence; both read `doc._.sentences`, a list of (start, end) character offsets.
Setting `Token.is_sent_start` for every token would cost more than the rules.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..sentences import sentence_bounds
from .base import BatchedPipe, doc_text


@Language.factory("sentences", default_config={"rules": ""})
def make_sentences(nlp: Language, name: str, rules: str) -> "Sentences":
    return Sentences()


class Sentences(BatchedPipe):
    def __call__(self, doc: Doc) -> Doc:
        doc._.sentences = sentence_bounds(doc_text(doc))
        return doc

    def to_disk(self, path, exclude=tuple()) -> None:
        pass

    def from_disk(self, path, exclude=tuple()):
        return self

"""`amounts`: money expressions outside page furniture, with value and currency."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..normalise.money import MoneyGrammar
from .base import Furniture, RuleComponent, doc_text, facts, read_tsv


@Language.factory("amounts", default_config={"rules": ""})
def make_amounts(nlp: Language, name: str, rules: str) -> "Amounts":
    return Amounts(nlp, name, rules)


class Amounts(RuleComponent):
    files = ("currencies.tsv", "scales.tsv")

    def load(self) -> None:
        self.grammar = MoneyGrammar(read_tsv(self.data_path("currencies.tsv")), read_tsv(self.data_path("scales.tsv")))

    def __call__(self, doc: Doc) -> Doc:
        furniture = Furniture.of(doc)
        found = facts(doc, "amounts")
        for m in self.grammar.find(doc_text(doc)):
            if not furniture.covers(m.start, m.end):
                found.append({"start": m.start, "end": m.end, "text": m.text, "rule": m.rule,
                              "value": m.value, "currency": m.currency})
        return doc

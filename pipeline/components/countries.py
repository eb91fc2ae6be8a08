"""`countries`: sovereign states named in the text, or referred to by a demonym about
the state or its bodies ("Norwegian Ministry", "Azerbaijani government").

Gazetteer: `rules/countries.tsv` (generated from pycountry and countryinfo) plus
`rules/countries_extra.tsv`; matched case-sensitively on token text with spaCy's
PhraseMatcher. A demonym counts only when one of the words in
`rules/state_nouns.txt` follows within two tokens.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .base import Furniture, RuleComponent, facts, read_tsv, read_words


@Language.factory("countries", default_config={"rules": ""})
def make_countries(nlp: Language, name: str, rules: str) -> "Countries":
    return Countries(nlp, name, rules)


class Countries(RuleComponent):
    files = ("countries.tsv", "countries_extra.tsv", "state_nouns.txt")

    def __init__(self, nlp, name, rules):
        self.nlp = nlp
        super().__init__(nlp, name, rules)

    def load(self) -> None:
        rows = read_tsv(self.data_path("countries.tsv")) + read_tsv(self.data_path("countries_extra.tsv"))
        self.forms: dict[str, tuple[str, str]] = {}
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        by_kind: dict[str, list[str]] = {}
        for row in rows:
            self.forms[row["form"]] = (row["code"], row["kind"])
            by_kind.setdefault("DEMONYM" if row["kind"] == "demonym" else "NAME", []).append(row["form"])
        for label, forms in by_kind.items():
            self.matcher.add(label, list(self.nlp.tokenizer.pipe(forms)))
        self.state_nouns = {w.lower() for w in read_words(self.data_path("state_nouns.txt"))}

    def __call__(self, doc: Doc) -> Doc:
        furniture = Furniture(doc._.furniture)
        found = facts(doc, "countries")
        spans = self.matcher(doc, as_spans=True)
        # Longest match wins ("Republic of Azerbaijan" over "Azerbaijan").
        kept = []
        for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
            if kept and span.start < kept[-1].end:
                continue
            kept.append(span)
        for span in kept:
            if furniture.covers(span.start_char, span.end_char):
                continue
            code, kind = self.forms[span.text]
            if kind == "demonym" and not self._about_state(doc, span):
                continue
            found.append({"start": span.start_char, "end": span.end_char, "text": span.text,
                          "rule": f"country_{kind}", "code": code, "kind": kind})
        return doc

    def _about_state(self, doc: Doc, span) -> bool:
        following = doc[span.end : span.end + 2]
        return any(t.lower_ in self.state_nouns for t in following)

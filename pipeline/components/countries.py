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

from .base import Furniture, RuleComponent, doc_text, facts, read_tsv, read_words


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
        furniture = Furniture.of(doc)
        found = facts(doc, "countries")
        text = doc_text(doc)
        # (match id, start token, end token); Span objects would cost more than the rest.
        # Longest match wins ("Republic of Azerbaijan" over "Azerbaijan").
        kept = []
        for _, start, end in sorted(self.matcher(doc), key=lambda m: (m[1], m[1] - m[2])):
            if kept and start < kept[-1][1]:
                continue
            kept.append((start, end))
        for start, end in kept:
            last = doc[end - 1]
            start_char, end_char = doc[start].idx, last.idx + len(last)
            if furniture.covers(start_char, end_char):
                continue
            form = text[start_char:end_char]
            code, kind = self.forms[form]
            if kind == "demonym" and not self._about_state(doc, end):
                continue
            found.append({"start": start_char, "end": end_char, "text": form,
                          "rule": f"country_{kind}", "code": code, "kind": kind})
        return doc

    def _about_state(self, doc: Doc, end: int) -> bool:
        """Whether a state noun is among the two tokens after token `end - 1`."""
        return any(doc[i].lower_ in self.state_nouns for i in range(end, min(end + 2, len(doc))))

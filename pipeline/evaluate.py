"""Scoring records against gold annotations: pure functions, no files, no pipeline.

`compare_document(gold, record)` pairs predicted facts with gold facts, field by field,
one-to-one; `field_scores`, `attribute_scores` and `macro_f1` sum those comparisons
over documents (micro-averaged: TP, predicted and gold counts are added up first).

What counts as the same fact (docs/GUIDELINES.md gives the gold side):

- dates: the same value string ("2016-03" is not "2016-03-01").
- amounts: the same currency and a value within 0.5% (or equal once rounded).
- countries: the same ISO code; partner_countries: the same, host country left out.
- officials: the same person: honorifics dropped, case and diacritics ignored, an
  initial stands for a given name ("F.Nabiyev" ~ "Firudin Nabiyev") and a surname
  alone matches a full name. Greedy best-first: exact names pair before initials,
  initials before surname-only.
- projects: the same acronym (upper-case letters and digits only, so "MOBILAZE 2" =
  "MOBILAZE-2" but "MOBILAZE" != "MOBILAZE-2") or the same name (case, quotes,
  punctuation and a leading "the" ignored). Two different acronyms never match, even
  with equal names: they are two phases.

Attribute accuracy is counted over matched pairs whose gold attribute is set (not
null, not an empty list): official titles compared after normalising case, spacing and
punctuation; project start and end as exact strings; budgets as amounts; funders and
implementers as sets of organisations (see `same_organisation`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence

FIELDS = ("projects", "officials", "dates", "amounts", "countries", "partner_countries")
MACRO_FIELDS = ("projects", "officials", "dates", "amounts", "partner_countries")
ATTRIBUTES = (
    "official.title",
    "project.start",
    "project.end",
    "project.budget",
    "project.funders",
    "project.implementers",
)
AMOUNT_TOLERANCE = 0.005

_HONORIFIC = re.compile(
    r"^\s*(?:mr|mrs|ms|miss|dr|prof|professor|sir|dame|madam|mme|hon|honourable|honorable"
    r"|ambassador|his\s+excellency|her\s+excellency|excellency|h\.\s*e)(?:\.\s*|\s+)",
    re.IGNORECASE,
)
_ORG_STOPWORDS = frozenset("of for and the on in to de des du la le et für fur".split())


# --- normalisation -----------------------------------------------------------------------


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form: 'Świtalski' -> 'switalski'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalise_text(text: Optional[str]) -> str:
    """Lower case, punctuation and quotes as spaces, whitespace collapsed ('' for None)."""
    if not text:
        return ""
    return " ".join(re.sub(r"[\W_]+", " ", fold(text)).split())


def normalise_acronym(acronym: Optional[str]) -> str:
    """Upper-case letters and digits only: 'SCOP – Component 3.1' -> 'SCOPCOMPONENT31'."""
    return re.sub(r"[\W_]+", "", fold(acronym or "")).upper()


def normalise_project_name(name: Optional[str]) -> str:
    """`normalise_text` without a leading 'the'."""
    return re.sub(r"^the ", "", normalise_text(name))


def name_tokens(name: str) -> list[str]:
    """A person's name as folded word tokens, honorifics dropped: 'H.E. Mr. F.Nabiyev' -> ['f', 'nabiyev']."""
    while True:
        stripped = _HONORIFIC.sub("", name, count=1)
        if stripped == name:
            break
        name = stripped
    return re.findall(r"[^\W\d_]+", fold(name))


# --- what counts as the same fact ------------------------------------------------------


def values_close(a: float, b: float) -> bool:
    """Amounts agree within 0.5% of the larger, or are equal once rounded to units."""
    return round(a) == round(b) or abs(a - b) <= AMOUNT_TOLERANCE * max(abs(a), abs(b))


def amount_match_score(gold: Any, predicted: Any) -> int:
    """2 exact, 1 within tolerance, 0 different (objects with .value and .currency)."""
    if gold.currency.upper() != predicted.currency.upper():
        return 0
    if gold.value == predicted.value:
        return 2
    return 1 if values_close(gold.value, predicted.value) else 0


def _given_names_compatible(shorter: Sequence[str], longer: Sequence[str]) -> bool:
    """Each given name of `shorter` matches, in order, one of `longer` (an initial matches a name)."""
    position = 0
    for token in shorter:
        while position < len(longer):
            other = longer[position]
            position += 1
            if token == other or (len(token) == 1 and other.startswith(token)) or (
                len(other) == 1 and token.startswith(other)
            ):
                break
        else:
            return False
    return True


def name_match_score(gold_name: str, predicted_name: str) -> int:
    """How surely two names are one person: 3 same tokens, 2 initials agree, 1 surname only, 0 not."""
    gold, predicted = name_tokens(gold_name), name_tokens(predicted_name)
    if not gold or not predicted:
        return 0
    if gold == predicted:
        return 3
    if gold[-1] != predicted[-1]:
        return 0
    gold_given, predicted_given = gold[:-1], predicted[:-1]
    if not gold_given or not predicted_given:
        return 1
    shorter, longer = sorted((gold_given, predicted_given), key=len)
    return 2 if _given_names_compatible(shorter, longer) else 0


def project_match_score(gold: Any, predicted: Any) -> int:
    """3 acronym and name agree, 2 acronym agrees, 1 name agrees, 0 different (or two acronyms differ)."""
    gold_acronym, predicted_acronym = normalise_acronym(gold.acronym), normalise_acronym(predicted.acronym)
    if gold_acronym and predicted_acronym and gold_acronym != predicted_acronym:
        return 0
    score = 2 if gold_acronym and gold_acronym == predicted_acronym else 0
    gold_name = normalise_project_name(gold.name)
    if gold_name and gold_name == normalise_project_name(predicted.name):
        score += 1
    return score


def organisation_key(name: Optional[str]) -> str:
    """The form organisation names are compared in: `normalise_text` without a leading 'the'."""
    return normalise_project_name(name)


def organisation_aliases(rows: Iterable[tuple[str, str]]) -> dict[str, str]:
    """(acronym, full name) pairs -> {key of acronym or name: key of acronym}, for `same_organisation`."""
    aliases: dict[str, str] = {}
    for acronym, name in rows:
        if acronym and name:
            aliases[organisation_key(acronym)] = organisation_key(acronym)
            aliases[organisation_key(name)] = organisation_key(acronym)
    return aliases


def _initials(normalised_name: str) -> str:
    return "".join(word[0] for word in normalised_name.split() if word not in _ORG_STOPWORDS)


def same_organisation(a: str, b: str, aliases: Mapping[str, str] = {}) -> bool:
    """Whether two organisation names denote the same body.

    Equal after `organisation_key`; or the same entry of `aliases` (see
    `organisation_aliases`; the table is rules/organisations.tsv); or one is a single
    word that spells the other's initials, ignoring 'of', 'for', 'and'... ("IOM" =
    "International Organization for Migration").
    """
    key_a, key_b = organisation_key(a), organisation_key(b)
    if not key_a or not key_b:
        return False
    if key_a == key_b or aliases.get(key_a, key_a) == aliases.get(key_b, key_b):
        return True
    for short, full in ((key_a, key_b), (key_b, key_a)):
        if " " not in short and " " in full and _initials(full) == short:
            return True
    return False


def same_organisations(gold: Sequence[str], predicted: Sequence[str], aliases: Mapping[str, str] = {}) -> bool:
    """Set equality of two organisation lists under `same_organisation` (one-to-one)."""
    _, missed, spurious = match_one_to_one(
        _unique(gold, normalise_text), _unique(predicted, normalise_text),
        lambda g, p: int(same_organisation(g, p, aliases)),
    )
    return not missed and not spurious


# --- one-to-one matching ------------------------------------------------------------------


def match_one_to_one(
    gold: Sequence[Any], predicted: Sequence[Any], score: Callable[[Any, Any], int]
) -> tuple[list[tuple[Any, Any]], list[Any], list[Any]]:
    """Pair items greedily, best score first (ties: gold order, then predicted order).

    Returns (pairs of (gold, predicted), unmatched gold, unmatched predicted); a score of
    0 means "not the same fact".
    """
    candidates = sorted(
        ((s, g, p) for g, gold_item in enumerate(gold) for p, predicted_item in enumerate(predicted)
         if (s := score(gold_item, predicted_item)) > 0),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, g, p in candidates:
        if g not in used_gold and p not in used_predicted:
            used_gold.add(g)
            used_predicted.add(p)
            pairs.append((g, p))
    pairs.sort()
    return (
        [(gold[g], predicted[p]) for g, p in pairs],
        [item for g, item in enumerate(gold) if g not in used_gold],
        [item for p, item in enumerate(predicted) if p not in used_predicted],
    )


def _unique(items: Iterable[Any], key: Callable[[Any], Any]) -> list[Any]:
    seen: set = set()
    kept = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            kept.append(item)
    return kept


# --- one document ------------------------------------------------------------------------


@dataclass
class FieldComparison:
    """Gold and predicted facts of one field in one document, paired."""

    matched: list[tuple[Any, Any]] = field(default_factory=list)
    missed: list[Any] = field(default_factory=list)
    spurious: list[Any] = field(default_factory=list)

    @property
    def counts(self) -> tuple[int, int, int]:
        """(true positives, predicted, gold)."""
        tp = len(self.matched)
        return tp, tp + len(self.spurious), tp + len(self.missed)


@dataclass(frozen=True)
class AttributeCheck:
    """One attribute of one matched pair: what gold says, what was predicted, and if they agree."""

    attribute: str
    item: str  # the official's or project's gold name, for reports
    gold: Any
    predicted: Any
    right: bool


@dataclass
class DocumentComparison:
    name: str
    fields: dict[str, FieldComparison]
    attributes: list[AttributeCheck]


def _equal_dates(gold: Any, predicted: Any) -> int:
    return int(gold == predicted.value)


def _project_label(project: Any) -> str:
    return project.acronym or project.name or "?"


def check_attributes(
    officials: Sequence[tuple[Any, Any]], projects: Sequence[tuple[Any, Any]], aliases: Mapping[str, str] = {}
) -> list[AttributeCheck]:
    """Attribute checks for matched (gold, predicted) officials and projects; unset gold attributes are skipped."""
    checks: list[AttributeCheck] = []
    for gold, predicted in officials:
        if gold.title:
            right = normalise_text(gold.title) == normalise_text(predicted.title)
            checks.append(AttributeCheck("official.title", gold.name, gold.title, predicted.title, right))
    for gold, predicted in projects:
        label = _project_label(gold)
        for attribute in ("start", "end"):
            value = getattr(gold, attribute)
            if value:
                predicted_value = getattr(predicted, attribute)
                checks.append(AttributeCheck(f"project.{attribute}", label, value, predicted_value,
                                             value == predicted_value))
        if gold.budget:
            right = predicted.budget is not None and amount_match_score(gold.budget, predicted.budget) > 0
            checks.append(AttributeCheck("project.budget", label, _money(gold.budget), _money(predicted.budget), right))
        for attribute in ("funders", "implementers"):
            value = list(getattr(gold, attribute))
            if value:
                predicted_value = list(getattr(predicted, attribute))
                checks.append(AttributeCheck(f"project.{attribute}", label, value, predicted_value,
                                             same_organisations(value, predicted_value, aliases)))
    return checks


def _money(money: Any) -> Optional[str]:
    return None if money is None else f"{money.value:,.2f}".rstrip("0").rstrip(".") + f" {money.currency}"


def compare_document(
    gold: Any, record: Any, *, host: Optional[str] = "AZ", aliases: Mapping[str, str] = {}, name: str = ""
) -> DocumentComparison:
    """Pair a `Record`'s facts with a `Gold`'s, field by field (see the module docstring)."""
    host_code = (host or "").upper()
    gold_countries = _unique(gold.countries, str.upper)
    predicted_countries = _unique(record.countries, lambda c: c.code)
    same_code = lambda g, p: int(g.upper() == p.code)  # noqa: E731
    fields = {
        "projects": match_one_to_one(gold.projects, record.projects, project_match_score),
        "officials": match_one_to_one(gold.officials, record.officials,
                                      lambda g, p: name_match_score(g.name, p.name)),
        "dates": match_one_to_one(_unique(gold.dates, str), _unique(record.dates, lambda d: d.value), _equal_dates),
        "amounts": match_one_to_one(_unique(gold.amounts, lambda a: (a.value, a.currency)),
                                    _unique(record.amounts, lambda a: (a.value, a.currency)), amount_match_score),
        "countries": match_one_to_one(gold_countries, predicted_countries, same_code),
        "partner_countries": match_one_to_one(
            [c for c in gold_countries if c.upper() != host_code],
            [c for c in predicted_countries if c.code != host_code], same_code),
    }
    comparisons = {key: FieldComparison(*value) for key, value in fields.items()}
    attributes = check_attributes(comparisons["officials"].matched, comparisons["projects"].matched, aliases)
    return DocumentComparison(name or getattr(record, "source", ""), comparisons, attributes)


# --- over a corpus ------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldScore:
    """Micro-averaged counts of one field. With nothing predicted and nothing in gold, all scores are 1."""

    tp: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else float(self.gold == 0)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else float(self.predicted == 0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class AttributeScore:
    """Right values out of matched pairs whose gold value is set; accuracy None when there are none."""

    right: int
    total: int

    @property
    def accuracy(self) -> Optional[float]:
        return self.right / self.total if self.total else None


def field_scores(documents: Iterable[DocumentComparison]) -> dict[str, FieldScore]:
    """Per field: TP, predicted and gold summed over documents."""
    totals = {name: [0, 0, 0] for name in FIELDS}
    for document in documents:
        for name in FIELDS:
            for i, count in enumerate(document.fields[name].counts):
                totals[name][i] += count
    return {name: FieldScore(*counts) for name, counts in totals.items()}


def attribute_scores(documents: Iterable[DocumentComparison]) -> dict[str, AttributeScore]:
    totals = {name: [0, 0] for name in ATTRIBUTES}
    for document in documents:
        for check in document.attributes:
            totals[check.attribute][0] += check.right
            totals[check.attribute][1] += 1
    return {name: AttributeScore(*counts) for name, counts in totals.items()}


def macro_f1(scores: Mapping[str, FieldScore]) -> float:
    """Unweighted mean F1 over `MACRO_FIELDS` (countries counted once, as partner countries)."""
    return sum(scores[name].f1 for name in MACRO_FIELDS) / len(MACRO_FIELDS)

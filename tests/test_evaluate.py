"""Scorer unit tests: hand-made gold/prediction pairs whose scores are known; then the
`pressfacts evaluate` command on a small hand-made gold folder."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, strategies as st
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.details import locate, value_patterns
from pipeline.evaluate import (
    FieldScore,
    attribute_scores,
    compare_document,
    field_scores,
    macro_f1,
    name_match_score,
    normalise_acronym,
    organisation_aliases,
    same_organisation,
)
from pipeline.extract import Extractor
from pipeline.scorecard import summarise
from pipeline.schema import (
    AmountItem,
    CountryItem,
    DateItem,
    Gold,
    GoldOfficial,
    GoldProject,
    Mention,
    Money,
    OfficialItem,
    ProjectItem,
    Record,
)

ALIASES = organisation_aliases([("EU", "European Union"), ("EC", "European Commission")])


def make_record(dates=(), amounts=(), countries=(), officials=(), projects=()) -> Record:
    """A valid Record whose text holds every value, so evidence offsets are real."""
    parts: list[str] = []

    def mention(text: str) -> dict:
        start = sum(len(p) + 1 for p in parts)
        parts.append(text)
        return {"text": text, "start": start, "end": start + len(text)}

    record = dict(
        dates=[DateItem(value=v, **mention(v)) for v in dates],
        amounts=[AmountItem(value=v, currency=c, **mention(f"{v} {c}")) for v, c in amounts],
        countries=[CountryItem(code=c, name=c, mentions=[Mention(**mention(c))]) for c in countries],
        officials=[OfficialItem(name=o["name"], title=o.get("title"), mentions=[Mention(**mention(o["name"]))])
                   for o in officials],
        projects=[ProjectItem(**p, mentions=[Mention(**mention(p.get("acronym") or p["name"]))]) for p in projects],
    )
    return Record(doc_id="x", source="doc.txt", text=" ".join(parts), **record)


def make_gold(**fields) -> Gold:
    return Gold.model_validate(fields)


def counts(gold: Gold, record: Record, field: str, host="AZ") -> tuple[int, int, int]:
    return compare_document(gold, record, host=host, aliases=ALIASES).fields[field].counts


# (case, field, gold fields, prediction fields, expected (TP, predicted, gold))
CASES = [
    ("perfect dates", "dates", {"dates": ["2016", "2021-06-01"]}, {"dates": ["2016", "2021-06-01"]}, (2, 2, 2)),
    ("empty prediction", "dates", {"dates": ["2016", "2017"]}, {}, (0, 0, 2)),
    ("empty gold", "amounts", {}, {"amounts": [(500, "USD")]}, (0, 1, 0)),
    ("one miss", "dates", {"dates": ["2013", "2016"]}, {"dates": ["2016"]}, (1, 1, 2)),
    ("one spurious", "dates", {"dates": ["2016"]}, {"dates": ["2016", "1951"]}, (1, 2, 1)),
    ("dates compare at the precision written", "dates", {"dates": ["2016-03"]}, {"dates": ["2016-03-01"]}, (0, 1, 1)),
    ("duplicate gold dates count once", "dates", {"dates": ["2016", "2016"]}, {"dates": ["2016"]}, (1, 1, 1)),
    ("amount exact", "amounts", {"amounts": [{"value": 2500000, "currency": "EUR"}]},
     {"amounts": [(2500000, "EUR")]}, (1, 1, 1)),
    ("amount within 0.5%", "amounts", {"amounts": [{"value": 2500000, "currency": "EUR"}]},
     {"amounts": [(2510000, "EUR")]}, (1, 1, 1)),
    ("amount 4% off", "amounts", {"amounts": [{"value": 2500000, "currency": "EUR"}]},
     {"amounts": [(2600000, "EUR")]}, (0, 1, 1)),
    ("amount equal after rounding", "amounts", {"amounts": [{"value": 12, "currency": "USD"}]},
     {"amounts": [(12.4, "USD")]}, (1, 1, 1)),
    ("amount in another currency", "amounts", {"amounts": [{"value": 500, "currency": "USD"}]},
     {"amounts": [(500, "EUR")]}, (0, 1, 1)),
    ("countries by code", "countries", {"countries": ["AZ", "BG"]}, {"countries": ["BG", "AZ"]}, (2, 2, 2)),
    ("partner countries leave the host out", "partner_countries", {"countries": ["AZ", "BG"]},
     {"countries": ["AZ", "NL"]}, (0, 1, 1)),
    ("countries keep the host", "countries", {"countries": ["AZ", "BG"]}, {"countries": ["AZ", "NL"]}, (1, 2, 2)),
    ("only the host: nothing to score", "partner_countries", {"countries": ["AZ"]}, {"countries": ["AZ"]}, (0, 0, 0)),
    ("officials: same name", "officials", {"officials": [{"name": "Firudin Nabiyev"}]},
     {"officials": [{"name": "Firudin Nabiyev"}]}, (1, 1, 1)),
    ("officials: initial", "officials", {"officials": [{"name": "Firudin Nabiyev"}]},
     {"officials": [{"name": "F.Nabiyev"}]}, (1, 1, 1)),
    ("officials: surname only", "officials", {"officials": [{"name": "Firudin Nabiyev"}]},
     {"officials": [{"name": "Nabiyev"}]}, (1, 1, 1)),
    ("officials: honorifics", "officials", {"officials": [{"name": "Kestutis Jankauskas"}]},
     {"officials": [{"name": "H.E. Ambassador Kestutis Jankauskas"}]}, (1, 1, 1)),
    ("officials: Mr. and case", "officials", {"officials": [{"name": "Vusal Huseynov"}]},
     {"officials": [{"name": "Mr. VUSAL HUSEYNOV"}]}, (1, 1, 1)),
    ("officials: diacritics", "officials", {"officials": [{"name": "Świtalski"}]},
     {"officials": [{"name": "Piotr Switalski"}]}, (1, 1, 1)),
    ("officials: wrong initial", "officials", {"officials": [{"name": "Firudin Nabiyev"}]},
     {"officials": [{"name": "K. Nabiyev"}]}, (0, 1, 1)),
    ("officials: other surname", "officials", {"officials": [{"name": "Firudin Nabiyev"}]},
     {"officials": [{"name": "Firudin Aliyev"}]}, (0, 1, 1)),
    ("officials: one surname pairs once", "officials",
     {"officials": [{"name": "Firudin Nabiyev"}, {"name": "Ramil Nabiyev"}]},
     {"officials": [{"name": "Nabiyev"}]}, (1, 1, 2)),
    ("officials: exact beats surname-only", "officials",
     {"officials": [{"name": "Nabiyev"}, {"name": "Firudin Nabiyev"}]},
     {"officials": [{"name": "Firudin Nabiyev"}, {"name": "Nabiyev"}]}, (2, 2, 2)),
    ("projects: acronym with space or hyphen", "projects", {"projects": [{"acronym": "MOBILAZE-2"}]},
     {"projects": [{"acronym": "MOBILAZE 2"}]}, (1, 1, 1)),
    ("projects: phases differ", "projects", {"projects": [{"acronym": "MOBILAZE-2"}]},
     {"projects": [{"acronym": "MOBILAZE"}]}, (0, 1, 1)),
    ("projects: dash in acronym", "projects", {"projects": [{"acronym": "SCOP – Component 3.1"}]},
     {"projects": [{"acronym": "SCOP Component 3.1"}]}, (1, 1, 1)),
    ("projects: name without quotes and 'the'", "projects",
     {"projects": [{"name": "Human development and security"}]},
     {"projects": [{"name": "the “Human Development and Security”"}]}, (1, 1, 1)),
    ("projects: same name, phases differ", "projects",
     {"projects": [{"name": "Mobility Partnership", "acronym": "MOBILAZE"}]},
     {"projects": [{"name": "Mobility Partnership", "acronym": "MOBILAZE-2"}]}, (0, 1, 1)),
    ("projects: name matches when prediction lacks the acronym", "projects",
     {"projects": [{"name": "Reintegration Support to Azerbaijani Returnees", "acronym": "RESTART"}]},
     {"projects": [{"name": "Reintegration support to Azerbaijani returnees"}]}, (1, 1, 1)),
    ("projects: two phases, one-to-one", "projects",
     {"projects": [{"acronym": "MOBILAZE"}, {"acronym": "MOBILAZE-2"}]},
     {"projects": [{"acronym": "MOBILAZE-2"}]}, (1, 1, 2)),
]


@pytest.mark.parametrize("case, field, gold, predicted, expected", CASES, ids=[c[0] for c in CASES])
def test_field_counts(case, field, gold, predicted, expected):
    assert counts(make_gold(**gold), make_record(**predicted), field) == expected


def test_without_host_partner_countries_are_countries():
    gold, record = make_gold(countries=["AZ", "BG"]), make_record(countries=["AZ", "NL"])
    assert counts(gold, record, "partner_countries", host=None) == (1, 2, 2)


DATE_VALUES = st.sampled_from(["2013", "2016", "2016-03", "2016-03-01", "2019-12-31", "2021", "2021-06-01"])
COUNTRY_CODES = st.sampled_from(["AZ", "BG", "NL", "GE", "AM", "DE"])


@given(st.lists(DATE_VALUES, unique=True), st.lists(DATE_VALUES, unique=True),
       st.lists(COUNTRY_CODES, unique=True), st.lists(COUNTRY_CODES, unique=True))
def test_counts_are_consistent_for_any_prediction(gold_dates, predicted_dates, gold_countries, predicted_countries):
    gold = make_gold(dates=gold_dates, countries=gold_countries)
    document = compare_document(gold, make_record(dates=predicted_dates, countries=predicted_countries))
    assert document.fields["dates"].counts == (len(set(gold_dates) & set(predicted_dates)),
                                               len(predicted_dates), len(gold_dates))
    partner = document.fields["partner_countries"].counts
    assert partner == (len((set(gold_countries) & set(predicted_countries)) - {"AZ"}),
                       len(set(predicted_countries) - {"AZ"}), len(set(gold_countries) - {"AZ"}))
    perfect = compare_document(gold, make_record(dates=gold_dates, countries=gold_countries))
    assert all(score.f1 == 1.0 for score in field_scores([perfect]).values())


# (tp, predicted, gold) -> (precision, recall, F1)
SCORES = [
    ((2, 2, 2), (1.0, 1.0, 1.0)),
    ((0, 0, 2), (0.0, 0.0, 0.0)),
    ((0, 1, 0), (0.0, 0.0, 0.0)),
    ((0, 0, 0), (1.0, 1.0, 1.0)),
    ((1, 1, 2), (1.0, 0.5, 2 / 3)),
    ((1, 2, 1), (0.5, 1.0, 2 / 3)),
    ((3, 4, 6), (0.75, 0.5, 0.6)),
]


@pytest.mark.parametrize("counted, expected", SCORES)
def test_precision_recall_f1(counted, expected):
    score = FieldScore(*counted)
    assert (score.precision, score.recall, score.f1) == pytest.approx(expected)


def test_micro_average_sums_counts_over_documents():
    one = compare_document(make_gold(dates=["2016", "2017"]), make_record(dates=["2016", "2017"]))
    two = compare_document(make_gold(dates=["2018", "2019"]), make_record(dates=["2018", "1999", "1998"]))
    dates = field_scores([one, two])["dates"]
    assert (dates.tp, dates.predicted, dates.gold) == (3, 5, 4)
    assert dates.f1 == pytest.approx(2 * 0.6 * 0.75 / 1.35)


def test_macro_f1_averages_five_fields_not_countries():
    scores = {name: FieldScore(1, 1, 1) for name in ("projects", "officials", "dates", "amounts", "partner_countries")}
    scores["countries"] = FieldScore(0, 5, 5)
    scores["projects"] = FieldScore(0, 0, 4)
    assert macro_f1(scores) == pytest.approx(0.8)


# (case, gold project or official, predicted, attribute, expected (right, total))
ATTRIBUTE_CASES = [
    ("title: case, spacing and punctuation ignored", {"officials": [{"name": "A B", "title": "Deputy Foreign Minister"}]},
     {"officials": [{"name": "A B", "title": "deputy  foreign minister,"}]}, "official.title", (1, 1)),
    ("title: different", {"officials": [{"name": "A B", "title": "Deputy Foreign Minister"}]},
     {"officials": [{"name": "A B", "title": "Minister"}]}, "official.title", (0, 1)),
    ("title: missing prediction is wrong", {"officials": [{"name": "A B", "title": "Minister"}]},
     {"officials": [{"name": "A B"}]}, "official.title", (0, 1)),
    ("title: null gold is not counted", {"officials": [{"name": "A B"}]},
     {"officials": [{"name": "A B", "title": "Minister"}]}, "official.title", (0, 0)),
    ("title: unmatched official is not counted", {"officials": [{"name": "A B", "title": "Minister"}]},
     {"officials": [{"name": "C D", "title": "Minister"}]}, "official.title", (0, 0)),
    ("start: exact string", {"projects": [{"acronym": "X", "start": "2021-06-01"}]},
     {"projects": [{"acronym": "X", "start": "2021-06-01"}]}, "project.start", (1, 1)),
    ("start: precision differs", {"projects": [{"acronym": "X", "start": "2021-06"}]},
     {"projects": [{"acronym": "X", "start": "2021-06-01"}]}, "project.start", (0, 1)),
    ("end: missing", {"projects": [{"acronym": "X", "end": "2024"}]},
     {"projects": [{"acronym": "X"}]}, "project.end", (0, 1)),
    ("budget: within tolerance", {"projects": [{"acronym": "X", "budget": {"value": 400000, "currency": "EUR"}}]},
     {"projects": [{"acronym": "X", "budget": Money(value=400001, currency="EUR")}]}, "project.budget", (1, 1)),
    ("budget: other currency", {"projects": [{"acronym": "X", "budget": {"value": 400000, "currency": "EUR"}}]},
     {"projects": [{"acronym": "X", "budget": Money(value=400000, currency="USD")}]}, "project.budget", (0, 1)),
    ("funders: acronym = name via the alias table", {"projects": [{"acronym": "X", "funders": ["EU"]}]},
     {"projects": [{"acronym": "X", "funders": ["the European Union"]}]}, "project.funders", (1, 1)),
    ("funders: acronym = initials of the name", {"projects": [{"acronym": "X", "funders": ["IOM"]}]},
     {"projects": [{"acronym": "X", "funders": ["International Organization for Migration"]}]},
     "project.funders", (1, 1)),
    ("funders: different bodies", {"projects": [{"acronym": "X", "funders": ["EU"]}]},
     {"projects": [{"acronym": "X", "funders": ["European Commission"]}]}, "project.funders", (0, 1)),
    ("implementers: a set, order ignored", {"projects": [{"acronym": "X", "implementers": ["ICMPD", "UNDP"]}]},
     {"projects": [{"acronym": "X", "implementers": ["UNDP", "ICMPD"]}]}, "project.implementers", (1, 1)),
    ("implementers: one too many", {"projects": [{"acronym": "X", "implementers": ["ICMPD"]}]},
     {"projects": [{"acronym": "X", "implementers": ["ICMPD", "UNDP"]}]}, "project.implementers", (0, 1)),
    ("implementers: empty gold is not counted", {"projects": [{"acronym": "X"}]},
     {"projects": [{"acronym": "X", "implementers": ["UNDP"]}]}, "project.implementers", (0, 0)),
]


@pytest.mark.parametrize("case, gold, predicted, attribute, expected", ATTRIBUTE_CASES,
                         ids=[c[0] for c in ATTRIBUTE_CASES])
def test_attribute_accuracy(case, gold, predicted, attribute, expected):
    document = compare_document(make_gold(**gold), make_record(**predicted), aliases=ALIASES)
    score = attribute_scores([document])[attribute]
    assert (score.right, score.total) == expected


@pytest.mark.parametrize("gold, predicted, expected", [
    ("Firudin Nabiyev", "Firudin Nabiyev", 3),
    ("Firudin Nabiyev", "F. Nabiyev", 2),
    ("Peter Van der Auweraert", "P. Van der Auweraert", 2),
    ("William Lacy Swing", "William Swing", 2),
    ("Firudin Nabiyev", "Nabiyev", 1),
    ("Firudin Nabiyev", "Dr Nabiyev", 1),
    ("Drew Nabiyev", "Dr. Nabiyev", 1),
    ("Firudin Nabiyev", "Firudin", 0),
    ("Firudin Nabiyev", "", 0),
])
def test_name_match_score(gold, predicted, expected):
    assert name_match_score(gold, predicted) == expected


@pytest.mark.parametrize("acronym, expected", [
    ("MOBILAZE 2", "MOBILAZE2"), ("MOBILAZE-2", "MOBILAZE2"), ("SCOP – Component 3.1", "SCOPCOMPONENT31"), (None, ""),
])
def test_normalise_acronym(acronym, expected):
    assert normalise_acronym(acronym) == expected


@pytest.mark.parametrize("a, b, expected", [
    ("EU", "European Union", True),
    ("European Union", "the European Union", True),
    ("EBRD", "European Bank for Reconstruction and Development", True),
    ("EU", "European Commission", False),
    ("KfW", "KFW", True),
    ("Lithuanian government", "Government of Lithuania", False),
])
def test_same_organisation(a, b, expected):
    assert same_organisation(a, b, ALIASES) is expected


def test_summary_holds_every_figure_as_json_data():
    gold = make_gold(dates=["2016"], countries=["AZ", "BG"], officials=[{"name": "A B", "title": "Minister"}])
    record = make_record(dates=["2016", "2017"], countries=["AZ"], officials=[{"name": "A B", "title": "Minister"}])
    summary = summarise([compare_document(gold, record, name="x.txt")])
    assert summary["fields"]["dates"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667,
                                          "tp": 1, "predicted": 2, "gold": 1}
    assert summary["fields"]["partner_countries"]["f1"] == 0.0
    assert summary["attributes"]["official.title"] == {"right": 1, "total": 1, "accuracy": 1.0}
    assert summary["attributes"]["project.start"]["accuracy"] is None
    assert summary["per_document"]["x.txt"]["dates"] == [1, 2, 1]
    assert summary["per_document"]["x.txt"]["attributes"] == {"official.title": [1, 1]}


# --- the `pressfacts evaluate` command ---------------------------------------------------

runner = CliRunner()
TEXT_A = "On 15 January 2016 Bulgaria gave 400.000 euros to Azerbaijan.\n"
TEXT_B = "Azerbaijan and Georgia met in March 2019.\n"


@pytest.fixture
def gold_folder(tmp_path):
    """Two annotated texts, one in a subfolder; the gold of a.txt has a date its text lacks."""
    folder = tmp_path / "gold"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (folder / "a.gold.json").write_text(json.dumps({
        "dates": ["2016-01-15", "2017"], "amounts": [{"value": 400000, "currency": "EUR"}],
        "countries": ["BG", "AZ"]}), encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(TEXT_B, encoding="utf-8")
    (folder / "sub" / "b.gold.json").write_text(json.dumps({"dates": ["2019-03"], "countries": ["AZ"]}),
                                                encoding="utf-8")
    return folder


def table_row(output: str, field: str, last: bool = False) -> list[str]:
    """The words of the first (or last) line that starts with `field`."""
    rows = [line.split() for line in output.splitlines() if line.split()[:1] == [field]]
    return rows[-1 if last else 0]


def test_evaluate_prints_scores_per_field(gold_folder):
    result = runner.invoke(app, ["evaluate", str(gold_folder)])
    assert result.exit_code == 0, result.output
    assert "2 documents, host country AZ" in result.output
    assert table_row(result.output, "dates") == ["dates", "1.000", "0.667", "0.800", "2", "2", "3"]
    assert table_row(result.output, "amounts") == ["amounts", "1.000", "1.000", "1.000", "1", "1", "1"]
    assert table_row(result.output, "countries") == ["countries", "0.750", "1.000", "0.857", "3", "4", "3"]
    assert table_row(result.output, "partner_countries") == ["partner_countries", "0.500", "1.000", "0.667",
                                                             "1", "2", "1"]
    assert table_row(result.output, "official.title") == ["official.title", "0", "/", "0", "-"]


def test_evaluate_without_host_scores_every_country(gold_folder):
    result = runner.invoke(app, ["evaluate", str(gold_folder), "--host", ""])
    assert table_row(result.output, "partner_countries")[1:4] == ["0.750", "1.000", "0.857"]


def test_evaluate_details_show_misses_and_spurious_with_sentences(gold_folder):
    result = runner.invoke(app, ["evaluate", str(gold_folder), "--details"])
    assert result.exit_code == 0, result.output
    assert "== a.txt ==" in result.output
    assert "    missed   2017\n             > (not found in text)" in result.output
    assert "== sub/b.txt ==\n  countries: 1 of 1 found, 1 spurious\n    spurious GE\n" \
           "             > Azerbaijan and [[Georgia]] met in March 2019." in result.output


def test_evaluate_json_min_f1_and_baseline(gold_folder, tmp_path):
    figures = tmp_path / "figures.json"
    assert runner.invoke(app, ["evaluate", str(gold_folder), "--json", str(figures)]).exit_code == 0
    summary = json.loads(figures.read_text())
    assert summary["fields"]["dates"] == {"precision": 1.0, "recall": 0.6667, "f1": 0.8, "tp": 2, "predicted": 2,
                                          "gold": 3}
    assert summary["per_document"]["sub/b.txt"]["countries"] == [1, 2, 1]
    # projects and officials: nothing in gold, nothing predicted, so F1 1.0
    assert summary["macro_f1"] == pytest.approx((1 + 1 + 0.8 + 1 + 0.6667) / 5, abs=1e-4)

    low = runner.invoke(app, ["evaluate", str(gold_folder), "--min-f1", "0.7"])
    assert low.exit_code == 1
    assert "F1 below 0.7: partner_countries" in low.output
    assert runner.invoke(app, ["evaluate", str(gold_folder), "--min-f1", "0.6"]).exit_code == 0

    summary["fields"]["dates"]["f1"] = 0.85
    better = tmp_path / "better.json"
    better.write_text(json.dumps(summary))
    fell = runner.invoke(app, ["evaluate", str(gold_folder), "--baseline", str(better)])
    assert fell.exit_code == 1
    assert table_row(fell.output, "dates", last=True) == ["dates", "0.850", "0.800", "-0.050", "FELL", "by", "more", "than",
                                               "0.01"]
    assert "F1 fell by more than 0.01: dates" in fell.output
    tolerant = runner.invoke(app, ["evaluate", str(gold_folder), "--baseline", str(better), "--tolerance", "0.06"])
    assert tolerant.exit_code == 0, tolerant.output


def test_evaluate_reads_existing_records_by_source_file_name(gold_folder, tmp_path):
    record = Extractor().extract(TEXT_A, source="inputs/a.txt")
    records = tmp_path / "records.jsonl"
    records.write_text(record.model_dump_json() + "\n" + json.dumps({"source": "x.txt", "reason": "empty",
                                                                       "kind": "empty"}) + "\n")
    result = runner.invoke(app, ["evaluate", str(gold_folder), "--pred", str(records)])
    assert result.exit_code == 0, result.output
    assert "warning: sub/b.txt: no record in" in result.output
    assert table_row(result.output, "dates") == ["dates", "1.000", "0.333", "0.500", "1", "1", "3"]


def test_evaluate_names_a_gold_file_without_its_text(gold_folder):
    (gold_folder / "a.txt").unlink()
    result = runner.invoke(app, ["evaluate", str(gold_folder)])
    assert result.exit_code == 2
    assert f"error: no .txt beside: {gold_folder / 'a.gold.json'}" in result.output


def test_evaluate_refuses_a_folder_without_gold(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT_A, encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(tmp_path)])
    assert result.exit_code == 2
    assert "error: no annotated texts (X.txt with X.gold.json) under" in result.output


# --- finding a missed gold fact in its text (--details) -------------------------------------


# (field, gold value, text, the words found, or None)
LOCATE_CASES = [
    ("dates", "2016-01-15", "Signed on 15 January 2016 in Baku.", "15 January 2016"),
    ("dates", "2016-01-15", "Signed on January 15th, 2016 in Baku.", "January 15th, 2016"),
    ("dates", "2016-01-15", "Signed on 15.01.2016 in Baku.", "15.01.2016"),
    ("dates", "2016-03", "Since March, 2016 the office works.", "March, 2016"),
    ("dates", "2016", "In 2015-2016 it grew; 12016 is not a year.", "2016"),
    ("dates", "2017", "Nothing about that year.", None),
    ("amounts", Money(value=2500000, currency="EUR"), "A grant of 2.5 million euros.", "2.5 million"),
    ("amounts", Money(value=2500000, currency="EUR"), "A grant of EUR 2,500,000 was given.", "2,500,000"),
    ("amounts", Money(value=400000, currency="EUR"), "A grant of 400.000 euros.", "400.000"),
    ("amounts", Money(value=21000000, currency="EUR"), "Worth €21m in all.", "21m"),
    ("officials", GoldOfficial(name="Firudin Nabiyev"), "Chief F.Nabiyev said so.", "Nabiyev"),
    ("officials", GoldOfficial(name="Firudin Nabiyev"), "Mr Firudin  Nabiyev said so.", "Firudin  Nabiyev"),
    ("projects", GoldProject(acronym="MOBILAZE"), "After MOBILAZE-2 came... no, MOBILAZE came first.", "MOBILAZE"),
    ("projects", GoldProject(name="Human development and security"), "in the framework of “Human Development "
     "and Security”", "Human Development and Security"),
    ("countries", "BG", "The Bulgarian Embassy", "Bulgarian"),
]


@pytest.mark.parametrize("field, gold, text, found", LOCATE_CASES)
def test_a_missed_fact_is_found_in_its_text(field, gold, text, found):
    span = locate(text, value_patterns(field, gold, {"BG": ["Bulgaria", "Bulgarian"]}))
    assert (text[span[0]:span[1]] if span else None) == found


def test_an_acronym_is_not_found_inside_its_next_phase():
    text = "After MOBILAZE-2 and MOBILAZE 2 came MOBILAZE."
    assert locate(text, value_patterns("projects", GoldProject(acronym="MOBILAZE"))) == (37, 45)

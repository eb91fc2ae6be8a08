"""Pydantic models: the one source of truth for records, their items and gold files.

Field names here are a contract: `pressfacts evaluate`, the review app, the registry
and any downstream tool read them. The JSON Schema in `schema.json` is exported from
`Record`, never written by hand.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain
from typing import Iterator, Literal, Optional

import pycountry
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

PIPELINE_VERSION = "0.1.0"

DATE_VALUE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")

DateRole = Literal["start", "end", "signed", "event"]


@lru_cache(maxsize=None)
def _currency_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies)


@lru_cache(maxsize=None)
def _country_codes() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries)


def check_date_value(value: str) -> str:
    """A date at the precision written: YYYY, YYYY-MM or YYYY-MM-DD (and a real day)."""
    if not DATE_VALUE.match(value):
        raise ValueError(f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    if len(value) == 10:
        import datetime

        try:
            datetime.date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"date {value!r} is not a calendar day") from exc
    return value


def check_currency(code: str) -> str:
    code = code.upper()
    if code not in _currency_codes():
        raise ValueError(f"currency {code!r} is not an ISO 4217 code")
    return code


def check_country(code: str) -> str:
    code = code.upper()
    if code not in _country_codes():
        raise ValueError(f"country {code!r} is not an ISO 3166 alpha-2 code")
    return code


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Mention(Model):
    """Where a value was read: `document_text[start:end] == text`."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> "Mention":
        if self.end < self.start:
            raise ValueError("mention end is before its start")
        return self


class Money(Model):
    value: float = Field(ge=0, description="Plain number: '2.5 million euros' -> 2500000")
    currency: str = Field(description="ISO 4217 code")

    _currency = field_validator("currency")(classmethod(lambda cls, v: check_currency(v)))


RULE = Field(None, description="The rule or component that found it (see rules/ and pipeline/components/)")


class DateItem(Mention):
    value: str = Field(description="YYYY, YYYY-MM or YYYY-MM-DD: the precision as written")
    role: Optional[DateRole] = Field(None, description="What the date is to a project, if anything")
    rule: Optional[str] = RULE

    _value = field_validator("value")(classmethod(lambda cls, v: check_date_value(v)))


class AmountItem(Mention):
    value: float = Field(ge=0)
    currency: str = Field(description="ISO 4217 code")
    rule: Optional[str] = RULE

    _currency = field_validator("currency")(classmethod(lambda cls, v: check_currency(v)))


class CountryItem(Model):
    code: str = Field(description="ISO 3166-1 alpha-2")
    name: str
    mentions: list[Mention] = Field(default_factory=list)
    rule: Optional[str] = RULE

    _code = field_validator("code")(classmethod(lambda cls, v: check_country(v)))


class OfficialItem(Model):
    name: str = Field(description="Fullest form in the text, without honorifics or ranks")
    title: Optional[str] = None
    organization: Optional[str] = None
    country: Optional[str] = Field(None, description="ISO 3166-1 alpha-2 of the country represented")
    mentions: list[Mention] = Field(default_factory=list)
    evidence: dict[str, Mention] = Field(
        default_factory=dict, description="Where title, organization and country were read"
    )
    rule: Optional[str] = RULE

    @field_validator("country")
    @classmethod
    def _country(cls, v: Optional[str]) -> Optional[str]:
        return None if v is None else check_country(v)


class ProjectItem(Model):
    name: Optional[str] = Field(None, description="Full title without quotes and acronym")
    acronym: Optional[str] = None
    start: Optional[str] = None
    end: Optional[str] = None
    budget: Optional[Money] = None
    funders: list[str] = Field(default_factory=list)
    implementers: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    evidence: dict[str, list[Mention]] = Field(
        default_factory=dict,
        description="Where start, end, budget, funders and implementers were read",
    )
    rule: Optional[str] = RULE

    @field_validator("start", "end")
    @classmethod
    def _date(cls, v: Optional[str]) -> Optional[str]:
        return None if v is None else check_date_value(v)

    @model_validator(mode="after")
    def _named(self) -> "ProjectItem":
        if not (self.name or self.acronym):
            raise ValueError("a project needs a name or an acronym")
        return self


class Record(Model):
    """Everything pressfacts read from one document."""

    doc_id: str = Field(description="Content hash of the document text")
    source: str = Field(description="Input file name")
    sources: list[str] = Field(default_factory=list, description="Every input with this content")
    title: Optional[str] = None
    published: Optional[str] = Field(None, description="ISO date, when the text states it")
    text: str = Field(description="The text the offsets refer to")
    projects: list[ProjectItem] = Field(default_factory=list)
    officials: list[OfficialItem] = Field(default_factory=list)
    dates: list[DateItem] = Field(default_factory=list)
    amounts: list[AmountItem] = Field(default_factory=list)
    countries: list[CountryItem] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    pipeline_version: str = PIPELINE_VERSION

    @field_validator("published")
    @classmethod
    def _published(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and len(check_date_value(v)) != 10:
            raise ValueError("published must be a full YYYY-MM-DD date")
        return v

    @model_validator(mode="after")
    def _evidence_in_text(self) -> "Record":
        """Every span must be exactly the text it claims to come from."""
        text = self.text
        for mention in self.iter_mentions():
            if text[mention.start : mention.end] != mention.text:
                raise ValueError(
                    f"evidence {mention.text!r} does not match text[{mention.start}:{mention.end}]"
                )
        return self

    def iter_mentions(self) -> Iterator[Mention]:
        """Every span of the record: dates, amounts, the items' mentions, then the evidence."""
        # One chain of the lists, not a generator: this runs for every record validated.
        return chain(
            self.dates, self.amounts,
            *(item.mentions for item in (*self.countries, *self.officials, *self.projects)),
            *(official.evidence.values() for official in self.officials),
            *(mentions for project in self.projects for mentions in project.evidence.values()),
        )


class ErrorRecord(Model):
    """A document that could not be processed, and why."""

    source: str
    reason: str
    kind: str = Field(description="empty | binary | too_large | unreadable | timeout | failed")
    doc_id: Optional[str] = None


# --- gold files (docs/GUIDELINES.md) ---------------------------------------------


class GoldProject(Model):
    name: Optional[str] = None
    acronym: Optional[str] = None
    start: Optional[str] = None
    end: Optional[str] = None
    budget: Optional[Money] = None
    funders: list[str] = Field(default_factory=list)
    implementers: list[str] = Field(default_factory=list)

    _dates = field_validator("start", "end")(
        classmethod(lambda cls, v: None if v is None else check_date_value(v))
    )

    @model_validator(mode="after")
    def _named(self) -> "GoldProject":
        if not (self.name or self.acronym):
            raise ValueError("a project needs a name or an acronym")
        return self


class GoldOfficial(Model):
    name: str
    title: Optional[str] = None
    organization: Optional[str] = None
    country: Optional[str] = None

    _country = field_validator("country")(
        classmethod(lambda cls, v: None if v is None else check_country(v))
    )


class Gold(Model):
    source_url: Optional[str] = None
    published: Optional[str] = None
    projects: list[GoldProject] = Field(default_factory=list)
    officials: list[GoldOfficial] = Field(default_factory=list)
    dates: list[str] = Field(default_factory=list)
    amounts: list[Money] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)

    _published = field_validator("published")(
        classmethod(lambda cls, v: None if v is None else check_date_value(v))
    )
    _dates = field_validator("dates")(
        classmethod(lambda cls, v: [check_date_value(d) for d in v])
    )
    _countries = field_validator("countries")(
        classmethod(lambda cls, v: [check_country(c) for c in v])
    )


def record_json_schema() -> dict:
    return Record.model_json_schema()

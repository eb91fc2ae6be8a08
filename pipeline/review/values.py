"""Check a reviewer's value for a fact with the same pydantic models the pipeline uses.

A correction or an added fact is refused with a readable message when the record
models would refuse it ("date '2021-13-01' is not YYYY, YYYY-MM or YYYY-MM-DD"), so
nothing the app stores can make an invalid record at export time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional

import pycountry
from pydantic import ValidationError

from ..schema import DateItem, Money, OfficialItem, ProjectItem, check_country


class InvalidValue(ValueError):
    """A value the record models refuse; the message is meant for the reviewer."""


def describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        message = error["msg"].removeprefix("Value error, ")
        where = ".".join(str(p) for p in error["loc"])
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)


def _text(value: Any) -> Optional[str]:
    """Form fields arrive as strings; an empty one means 'none'."""
    if value is None:
        return None
    value = " ".join(str(value).split())
    return value or None


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(";")
    return [name for name in (_text(v) for v in items) if name]


def official_value(item: OfficialItem) -> dict[str, Any]:
    """The reviewable value of an official: what a reviewer accepts or corrects."""
    return {"name": item.name, "title": item.title, "organization": item.organization, "country": item.country}


def project_value(item: ProjectItem) -> dict[str, Any]:
    """The reviewable value of a project."""
    return {
        "name": item.name,
        "acronym": item.acronym,
        "start": item.start,
        "end": item.end,
        "budget": item.budget.model_dump() if item.budget else None,
        "funders": list(item.funders),
        "implementers": list(item.implementers),
    }


@lru_cache(maxsize=None)
def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or country.name


def _country_code(value: Any) -> str:
    """An alpha-2 code, or a country name a reviewer typed ("Azerbaijan")."""
    text = _text(value) or ""
    if len(text) != 2:
        try:
            text = pycountry.countries.lookup(text).alpha_2
        except LookupError:
            pass
    return check_country(text)


def _budget(value: Any) -> Optional[dict[str, Any]]:
    if not value:
        return None
    amount, currency = _text(value.get("value")), _text(value.get("currency"))
    if amount is None and currency is None:
        return None
    return {"value": amount, "currency": currency}


def _check(kind: str, value: dict[str, Any]) -> dict[str, Any]:
    if kind == "date":
        item = DateItem(value=_text(value.get("value")) or "", role=_text(value.get("role")), text="", start=0, end=0)
        return {"value": item.value, "role": item.role}
    if kind == "amount":
        money = Money(value=_text(value.get("value")) or "", currency=_text(value.get("currency")) or "")
        return money.model_dump()
    if kind == "country":
        code = _country_code(value.get("code") or value.get("name"))
        return {"code": code, "name": country_name(code)}
    if kind == "official":
        country = _text(value.get("country"))
        item = OfficialItem(
            name=_text(value.get("name")) or "",
            title=_text(value.get("title")),
            organization=_text(value.get("organization")),
            country=_country_code(country) if country else None,
        )
        if not item.name:
            raise InvalidValue("name: an official needs a name")
        return official_value(item)
    if kind == "project":
        item = ProjectItem(
            name=_text(value.get("name")),
            acronym=_text(value.get("acronym")),
            start=_text(value.get("start")),
            end=_text(value.get("end")),
            budget=_budget(value.get("budget")),
            funders=_names(value.get("funders")),
            implementers=_names(value.get("implementers")),
        )
        return project_value(item)
    raise InvalidValue(f"unknown kind of fact {kind!r}")


def checked_value(kind: str, value: Any) -> dict[str, Any]:
    """The value as the record will hold it, or `InvalidValue` saying what is wrong."""
    if not isinstance(value, dict):
        raise InvalidValue("the value must be an object of fields")
    try:
        return _check(kind, value)
    except ValidationError as exc:
        raise InvalidValue(describe(exc)) from None
    except ValueError as exc:  # check_country outside a model
        if isinstance(exc, InvalidValue):
            raise
        raise InvalidValue(str(exc)) from None

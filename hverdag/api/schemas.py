"""Schemas shared by several resources: references to teams and people, errors, pages."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from ninja import Field, Schema
from pydantic import AliasChoices, ConfigDict, field_validator
from pydantic_core import PydanticCustomError

from hverdag.org.models import Team
from hverdag.staff.models import Employee


def no_nul(value: str) -> str:
    # PostgreSQL cannot store NUL in text; refuse it here rather than fail in the database.
    if "\x00" in value:
        raise PydanticCustomError("no_nul", "Text may not contain NUL characters.")
    return value


class InSchema(Schema):
    """Input: a misspelt field name is an error, not silently ignored; no NUL in text."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        return no_nul(value) if isinstance(value, str) else value


class QuerySchema(Schema):
    """Query parameters: unknown ones are ignored (caches add their own); no NUL in text."""

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        return no_nul(value) if isinstance(value, str) else value


MAX_OFFSET = 1_000_000_000


class PageQuery(QuerySchema):
    limit: int = Field(50, ge=1, le=500, description="At most this many items.")
    # Bounded so that no offset overflows the database's integer (a 500 on PostgreSQL).
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Skip this many items.")


def column(model: type[models.Model], name: str, default: Any = ..., **extra: Any) -> Any:
    """A text field as long as the model's column allows, said in the OpenAPI document too.

    Over-long text is refused here with 422 rather than failing in PostgreSQL with a 500.
    """
    field = model._meta.get_field(name)
    assert isinstance(field, models.CharField), f"{model.__name__}.{name} is not a text column"
    return Field(default, max_length=field.max_length, **extra)


def not_null(value: Any) -> Any:
    """For PATCH fields that may be left out but not set to null."""
    if value is None:
        raise PydanticCustomError("not_null", "This field cannot be empty (null).")
    return value


class ErrorOut(Schema):
    detail: str


class RuleOut(Schema):
    rule: str
    message: str


class InvalidOut(Schema):
    detail: str
    errors: dict[str, list[RuleOut]]


# The error responses every authenticated endpoint may give, for the OpenAPI document.
ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: InvalidOut,
}


class TeamRef(Schema):
    id: uuid.UUID
    slug: str
    name: str

    @classmethod
    def of(cls, team: Team) -> TeamRef:
        return cls(id=team.public_id, slug=team.slug, name=team.name)


class EmployeeRef(Schema):
    id: uuid.UUID
    name: str
    profession: str

    @classmethod
    def of(cls, employee: Employee) -> EmployeeRef:
        return cls(id=employee.public_id, name=employee.full_name, profession=employee.profession)


def person_name(user: Any) -> str:
    """How a user is shown to others: full name, else the username."""
    return str(user.get_full_name() or user.get_username())


class RowOut(Schema):
    """An object read straight from its row; ``id`` is the row's public id, never its key."""

    # From a row it is read as public_id; ninja re-validates the built object as id.
    id: uuid.UUID = Field(validation_alias=AliasChoices("public_id", "id"))

"""Rows that are written once: health records, reports and the actions done at a visit.

Such a row is never changed and never deleted; a correction is a new row. A model lists in
``MUTABLE_FIELDS`` the few bookkeeping columns that may still move (a deviation's status);
everything else is refused in ``save``, in ``QuerySet.update`` and in every ``delete``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models


class AppendOnly(Exception):
    """A written row was about to be changed or deleted."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly(f"{self.model._meta.verbose_name_plural} are never deleted.")

    def update(self, **kwargs: Any) -> int:
        allowed: frozenset[str] = getattr(self.model, "MUTABLE_FIELDS", frozenset())
        if not set(kwargs) <= allowed:
            raise AppendOnly(f"{self.model._meta.verbose_name_plural} are never edited.")
        return super().update(**kwargs)


class AppendOnlyModel(models.Model):
    MUTABLE_FIELDS: ClassVar[frozenset[str]] = frozenset()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= self.MUTABLE_FIELDS:
                raise AppendOnly(f"A {self._meta.verbose_name} is never edited; add a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnly(f"A {self._meta.verbose_name} is never deleted.")

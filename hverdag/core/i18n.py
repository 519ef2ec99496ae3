"""Interpolation that keeps a lazy translation lazy.

``gettext_lazy("At most %(limit)d characters.") % {"limit": 5}`` translates at once: a
lazy string's ``%`` returns a plain ``str`` in the language active at that moment. A
service that builds a message before the reader's language is known (a Celery task, a
request whose language is not yet active) needs the ``%`` to wait too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from django.utils.functional import lazy
from django_stubs_ext import StrOrPromise, StrPromise


def _interpolate(message: StrOrPromise, params: Mapping[str, object]) -> str:
    return str(message) % params


# lazy() keeps the wrapped function's signature in the stubs; the call returns a proxy.
_interpolate_lazy = lazy(_interpolate, str)


def interpolate(message: StrOrPromise, params: Mapping[str, object]) -> StrPromise:
    """``message % params``, translated and filled in when the result is shown."""
    return cast(StrPromise, _interpolate_lazy(message, params))


def _lower(text: StrOrPromise) -> str:
    return str(text).lower()


_lower_lazy = lazy(_lower, str)


def lowercase(text: StrOrPromise) -> StrPromise:
    """A label (e.g. a choice's lazy label) lowercased in the language it is shown in."""
    return cast(StrPromise, _lower_lazy(text))

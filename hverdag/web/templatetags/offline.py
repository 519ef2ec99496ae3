"""``{% action_key %}``: a fresh idempotency key for one action form (see ``web.offline``)."""

from __future__ import annotations

import uuid

from django import template

register = template.Library()


@register.simple_tag
def action_key() -> str:
    return str(uuid.uuid4())

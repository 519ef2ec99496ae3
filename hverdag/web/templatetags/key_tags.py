"""The key register's pieces on pages other views render (the visit page, Min dag, the menu).

Each tag reads what it needs from the template context, so the pages' views stay as they are.
"""

from __future__ import annotations

from typing import Any

from django import template

from hverdag.access import policy
from hverdag.keys import selectors
from hverdag.keys.scope import keeps_any
from hverdag.visits.execution import employee_of

register = template.Library()


@register.inclusion_tag("web/keys/_visit_section.html", takes_context=True)
def key_section(context: template.Context) -> dict[str, Any]:
    """The visit's client's keys: where each is kept, who has it; take and return."""
    card = context["card"]
    user = context["request"].user
    employee = employee_of(user)
    return {
        "stop": card.stop,
        "states": selectors.client_keys(card.stop.client),
        "me": employee.pk if employee else None,
        "has_code": bool(card.notes and card.notes.entry_code_encrypted),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("web/keys/_my_keys.html", takes_context=True)
def my_keys(context: template.Context) -> dict[str, Any]:
    """Min dag's banner: the keys the caregiver has now, and alerts for keys not back."""
    user = context["request"].user
    employee = employee_of(user)
    held = selectors.held_by(employee) if employee else []
    alerts = selectors.open_alerts_for(employee) if employee else []
    return {"held": held, "alerts": alerts, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("web/keys/_nav_link.html", takes_context=True)
def key_nav_link(context: template.Context) -> dict[str, Any]:
    """The menu's link to the key register, with the overdue keys counted, for its keepers."""
    user = context["request"].user
    show = user.is_authenticated and policy.is_staff_user(user) and keeps_any(user)
    return {
        "show": show,
        "count": selectors.open_alert_count(user) if show else 0,
        "current": context.get("nav") == "keys",
    }

"""The visit page's medication section and Min dag's unsigned-dose alerts.

Tags, so that the Min dag views stay as they are: ``{% medication_section %}`` reads ``card``
and the request's user from the visit page's context (the read is logged as for a planned
visit); ``{% medication_alerts %}`` shows the nurse on duty the open alerts of her team.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from hverdag.medication import selectors
from hverdag.visits.execution import employee_of

register = template.Library()


@register.inclusion_tag("web/medication/_visit_section.html", takes_context=True)
def medication_section(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    visit = context["card"].stop.visit
    employee = employee_of(request.user)
    assert employee is not None  # the page found the visit as the user's planned visit
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "visit": visit,
        "meds": selectors.visit_medication(request.user, visit, employee),
    }


@register.inclusion_tag("web/medication/_alerts.html", takes_context=True)
def medication_alerts(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "alerts": selectors.alerts_for_nurse(request.user),
        "today": timezone.localdate(),
    }

"""The visit page's notes section and the day list's "important note" mark.

Tags, so that the visit page's view stays as it is: ``{% notes_section %}`` reads ``card``
and the request's user from the page's context; the reads it makes are logged as for a
planned visit.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from hverdag.notes import selectors
from hverdag.notes.models import RecordKind
from hverdag.notes.services import MAX_REASON, MAX_TEXT, corrector, kind_for_visit
from hverdag.staff.permissions import may_use_journal

register = template.Library()


@register.inclusion_tag("web/notes/_visit_section.html", takes_context=True)
def notes_section(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    card = context["card"]
    visit = card.stop.visit
    threads = selectors.recent_notes_for_visit(user, visit)
    templates = selectors.templates_for(visit.service, visit.municipality_id)
    may = corrector(user, visit.client)
    own = next((t for t in templates if t.service_id == visit.service_id), None)
    kind = kind_for_visit(visit, journal_allowed=may_use_journal(user))
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "visit": visit,
        "threads": threads,
        "correctable": {t.current.pk for t in threads if may(t.current)},
        "templates": templates,
        # Without a script the service's own template is already in the text box.
        "prefill": own,
        "kind": kind,
        "is_journal": kind == RecordKind.JOURNAL,
        "max_text": MAX_TEXT,
        "max_reason": MAX_REASON,
    }


@register.simple_tag(takes_context=True)
def important_note_badge(context: template.Context, stop: Any) -> SafeString | str:
    """A mark on the day list for a client with an important note of the last days.

    One query for the whole day, kept on the request.
    """
    request = context["request"]
    found: set[int] | None = getattr(request, "_important_clients", None)
    if found is None:
        ids = [s.client.pk for s in context["day"].stops]
        found = selectors.important_client_ids(request.user, ids)
        request._important_clients = found
    if stop.client.pk not in found:
        return ""
    return format_html('<span class="badge warn">{}</span>', _("Important note"))

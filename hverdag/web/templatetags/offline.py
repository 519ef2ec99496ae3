"""Template tags of the offline staff app: a fresh idempotency key per action form (see
``web.offline``), and the queue's texts."""

from __future__ import annotations

import uuid

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def action_key() -> str:
    return str(uuid.uuid4())


@register.simple_tag
def offline_texts() -> dict[str, str]:
    """What offline.js says, in the page's language."""
    return {
        "queued": _("Saved on the phone. It is sent when the network is back."),
        "waiting": _("%(n)s actions are waiting for the network."),
        "login": _("%(n)s actions are waiting: log in again to send them."),
        "refused": _("Not saved: %(label)s."),
        "dismiss": _("I have read this"),
        "logout_unsent": _(
            "%(n)s actions have not been sent yet. Log out anyway? "
            "They are sent when you log in again."
        ),
    }

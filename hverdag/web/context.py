"""Template context every page needs."""

from __future__ import annotations

import functools

from django.http import HttpRequest

from hverdag.access import policy
from hverdag.deviations import selectors as deviation_selectors
from hverdag.deviations.permissions import leads_any_team
from hverdag.keys import selectors as key_selectors
from hverdag.staff.selectors import employee_of


def navigation(request: HttpRequest) -> dict[str, object]:
    user = request.user
    if not user.is_authenticated:
        return {}
    # Min dag: field staff with an employee record (the query only for field staff).
    can_my_day = policy.has_role(user, "field_staff") and employee_of(user) is not None
    # The key register's link with the overdue keys counted, for its keepers (None for the
    # rest): a callable the template calls, so it is read when a page shows the menu, once.
    key_register_badge = functools.cache(functools.partial(key_selectors.register_badge, user))
    return {
        "can_my_day": can_my_day,
        "can_register": policy.has_role(user, "caseworker"),
        "can_review": policy.has_role(user, *policy.ACTION_ROLES["break_glass.review"]),
        # The planning board's link; which teams the user plans is decided on the page.
        "can_plan": policy.has_role(
            user, "planner", "team_leader", "provider_admin", "system_admin"
        ),
        # Deviations (avvik): staff report them; a leader's link counts the open ones.
        "can_report_deviation": policy.has_role(user, *policy.ACTION_ROLES["deviation.report"]),
        "deviation_count": (deviation_selectors.open_count(user) if leads_any_team(user) else None),
        "key_register_badge": key_register_badge,
    }

"""The team leader's review of emergency accesses (blålys)."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hverdag.access import policy
from hverdag.access.models import User
from hverdag.access.services import do_review_break_glass
from hverdag.clients.selectors import reviewable_break_glass
from hverdag.core.errors import NotFound, PermissionDenied
from hverdag.web.errors import staff_page

REVIEWER_ROLES = policy.ACTION_ROLES["break_glass.review"]


@login_required
@staff_page
def break_glass_list(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if not policy.has_role(user, *REVIEWER_ROLES):
        raise PermissionDenied(_("Only team leaders review emergency access."))
    return render(
        request, "web/review/list.html", {"rows": reviewable_break_glass(user), "nav": "review"}
    )


@login_required
@require_POST
@staff_page
def break_glass_review(request: HttpRequest, public_id: str) -> HttpResponse:
    user = cast(User, request.user)
    glass = next(
        (g for g in reviewable_break_glass(user) if str(g.public_id) == str(public_id)), None
    )
    if glass is None:
        raise NotFound(_("No such emergency access to review."))
    do_review_break_glass(user, glass, request.POST.get("note", ""))
    messages.success(request, _("Emergency access reviewed."))
    return redirect("web:break_glass_list")

"""What a caregiver records at the visit besides checking in and out: each task done or not,
client not home, and handing the visit back. All are queued actions (``web.offline``)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hverdag.access.models import User
from hverdag.plans.hand_back import REASON_MAX, do_hand_back
from hverdag.visits.models import HandBack, NotHomeReport, SkipReason, TaskRecord
from hverdag.visits.selectors import find_my_visit
from hverdag.visits.services import COMMENT_MAX, do_record_task, do_report_not_home
from hverdag.web.offline import ActionForm, offline_action, run_action
from hverdag.web.views.my_day import visit_page_url


class TaskForm(ActionForm):
    number = forms.IntegerField(min_value=1)
    done = forms.TypedChoiceField(
        choices=[("yes", gettext_lazy("Done")), ("no", gettext_lazy("Not done"))],
        coerce=lambda value: value == "yes",
    )
    reason = forms.ChoiceField(
        choices=[("", "–"), *SkipReason.choices], required=False, label=gettext_lazy("Why not")
    )
    comment = forms.CharField(required=False, max_length=COMMENT_MAX)


class NotHomeForm(ActionForm):
    called_client = forms.BooleanField(required=False)
    called_next_of_kin = forms.BooleanField(required=False)
    whereabouts_known = forms.BooleanField(required=False)
    explanation = forms.CharField()


class HandBackForm(ActionForm):
    reason = forms.CharField(max_length=REASON_MAX)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@login_required
@require_POST
@offline_action
def visit_task(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    visit, _entry, _employee = find_my_visit(user, public_id)

    def apply(form: TaskForm) -> TaskRecord:
        d = form.cleaned_data
        return do_record_task(
            user, visit, d["number"], d["done"], d["reason"], d["comment"], form.moment(), d["key"]
        )

    def done(record: TaskRecord) -> str:
        if record.done:
            return _("Task recorded as done.")
        return _("Task recorded as not done.")

    return run_action(
        request,
        TaskForm,
        apply,
        page=visit_page_url(visit),
        done=done,
        payload=lambda r: {
            "task": {"id": str(r.public_id), "number": r.number, "done": r.done, "v": r.version}
        },
    )


@login_required
@require_POST
@offline_action
def visit_not_home(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    visit, _entry, _employee = find_my_visit(user, public_id)

    def apply(form: NotHomeForm) -> NotHomeReport:
        d = form.cleaned_data
        return do_report_not_home(
            user,
            visit,
            called_client=d["called_client"],
            called_next_of_kin=d["called_next_of_kin"],
            whereabouts_known=d["whereabouts_known"],
            explanation=d["explanation"],
            at=form.moment(),
            key=d["key"],
        )

    return run_action(
        request,
        NotHomeForm,
        apply,
        page=visit_page_url(visit),
        done=lambda _r: _("Recorded as client not home. The planner and team leader can see it."),
        payload=lambda r: {"not_home": {"id": str(r.public_id)}},
    )


@login_required
@require_POST
@offline_action
def visit_hand_back(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    visit, _entry, _employee = find_my_visit(user, public_id)
    day = reverse("web:my_day")

    def apply(form: HandBackForm) -> HandBack:
        d = form.cleaned_data
        return do_hand_back(user, visit, d["reason"], form.moment(), d["key"])

    return run_action(
        request,
        HandBackForm,
        apply,
        # Once handed back the visit is no longer the caregiver's: back to the day.
        page=visit_page_url(visit),
        then=day,
        done=lambda _r: _("The visit is handed back to the planner."),
        payload=lambda r: {"hand_back": {"id": str(r.public_id)}, "next": day},
    )

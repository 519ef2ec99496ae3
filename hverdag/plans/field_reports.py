"""What caregivers reported from the field on a day: clients not home and visits handed back.

The planner and team leader read these on the board. A client not home whose whereabouts
nobody knows comes first: it may mean the client is lying hurt behind the door.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hverdag.plans.scope import Scope
from hverdag.visits.models import HandBack, NotHomeReport


@dataclass(frozen=True)
class FieldReport:
    kind: str  # "not_home" or "hand_back"
    at: dt.datetime
    client_name: str
    caregiver: str
    text: str
    urgent: bool
    visit_public_id: str


def field_reports(scope: Scope, date: dt.date) -> list[FieldReport]:
    """The day's reports in the scope, urgent first, then newest first (two queries)."""
    of_scope = scope.visit_filter("visit__")
    reports = [
        FieldReport(
            "not_home",
            r.at,
            r.visit.client.full_name,
            r.employee.full_name,
            r.explanation,
            not r.whereabouts_known,
            str(r.visit.public_id),
        )
        for r in NotHomeReport.objects.filter(of_scope, visit__date=date).select_related(
            "visit__client", "employee"
        )
    ]
    reports += [
        FieldReport(
            "hand_back",
            h.at,
            h.visit.client.full_name,
            h.employee.full_name,
            h.reason,
            False,
            str(h.visit.public_id),
        )
        for h in HandBack.objects.filter(of_scope, visit__date=date).select_related(
            "visit__client", "employee"
        )
    ]
    reports.sort(key=lambda r: r.at, reverse=True)
    reports.sort(key=lambda r: not r.urgent)
    return reports

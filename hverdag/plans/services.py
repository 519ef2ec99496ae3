"""Plans: saving a solver result as the draft, editing the draft by hand, publishing it.

Every edit names the plan version it was made against; a different current version means
someone else (or an optimisation) changed the plan first, and the edit is refused with a
message saying so: nothing is overwritten silently. While an optimisation of the day runs,
its draft cannot be edited (the result would replace the edits).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hverdag.access.logging import audit
from hverdag.access.models import User
from hverdag.core.clock import moment_at
from hverdag.core.errors import RuleViolation
from hverdag.planning import Route, timetable
from hverdag.planning.solve import Result
from hverdag.plans.figures import plan_figures
from hverdag.plans.models import ACTIVE_JOB_STATUSES, OptimisationJob
from hverdag.plans.permissions import require_planner
from hverdag.plans.problem import (
    DayProblem,
    build_day_problem,
    employee_key,
    pk_of,
    visit_key,
)
from hverdag.plans.scope import Scope, scope_of
from hverdag.staff.models import Employee
from hverdag.visits.models import (
    EntryReason,
    Plan,
    PlanEntry,
    PlanRoute,
    PlanSource,
    PlanStatus,
    Visit,
)


def plans_for(scope: Scope, date: dt.date) -> tuple[Plan | None, Plan | None]:
    """(draft, published) for the scope and day."""
    draft = published = None
    for plan in Plan.objects.filter(
        scope.plan_filter(), date=date, status__in=[PlanStatus.DRAFT, PlanStatus.PUBLISHED]
    ):
        if plan.status == PlanStatus.DRAFT:
            draft = plan
        else:
            published = plan
    return draft, published


def locked_entries(plan: Plan | None) -> dict[int, tuple[int, dt.datetime]]:
    """visit pk -> (employee pk, start) for the plan's locked, assigned entries."""
    if plan is None:
        return {}
    return {
        e.visit_id: (e.employee_id, e.start)
        for e in plan.entries.filter(locked=True, employee__isnull=False)
        if e.employee_id is not None and e.start is not None
    }


def _route_travel(day: DayProblem, route: Route) -> float:
    cg = day.problem.caregiver(route.caregiver)
    here, total = cg.start_location, 0.0
    for stop in route.stops:
        loc = day.problem.visit(stop.visit).location
        total += day.problem.travel.time(here, loc, cg.transport)
        here = loc
    if route.stops:
        total += day.problem.travel.time(here, cg.end_location, cg.transport)
    return total


def _write_routes(plan: Plan, day: DayProblem, routes: Sequence[Route]) -> None:
    by_caregiver = {r.caregiver: r for r in routes}
    rows = []
    for cid, employee in day.employees.items():
        cg = day.problem.caregiver(cid)
        route = by_caregiver.get(cid, Route(cid, ()))
        rows.append(
            PlanRoute(
                plan=plan,
                employee=employee,
                shift_start=moment_at(cg.shift_start, day.origin),
                shift_end=moment_at(cg.shift_end, day.origin),
                break_start=(
                    moment_at(route.break_start, day.origin)
                    if route.break_start is not None
                    else None
                ),
                break_minutes=int(cg.break_rule.duration) if cg.break_rule else 0,
                travel_minutes=round(_route_travel(day, route), 2),
            )
        )
    PlanRoute.objects.bulk_create(rows)


def _refresh_figures(plan: Plan, day: DayProblem, extra: dict[str, Any] | None = None) -> None:
    figures = plan_figures(day, plan.entries.all(), plan.routes.all())
    figures["continuity_on"] = bool(day.problem.weights.continuity)
    for key in ("moved", "job"):
        if key in plan.figures:
            figures[key] = plan.figures[key]
    figures.update(extra or {})
    plan.figures = figures
    plan.objective = figures["objective"]


def save_result(
    day: DayProblem,
    result: Result,
    *,
    user: User | None,
    source: PlanSource,
    extra: dict[str, Any] | None = None,
) -> Plan:
    """Make ``result`` the scope's draft for the day (the previous draft is discarded).

    Call inside a transaction: the old draft goes and the new one comes together.
    """
    scope = day.scope
    old = (
        Plan.objects.select_for_update(of=("self",))
        .filter(scope.plan_filter(), date=day.date, status=PlanStatus.DRAFT)
        .first()
    )
    version = 1
    if old is not None:
        version = old.version + 1
        old.status = PlanStatus.DISCARDED
        old.save(update_fields=["status", "updated_at"])
    plan = Plan.objects.create(
        municipality=scope.municipality,
        provider=scope.provider,
        team=scope.team,
        date=day.date,
        status=PlanStatus.DRAFT,
        source=source,
        version=version,
        created_by=user,
    )
    pinned = {v.id for v in day.problem.visits if v.pinned_caregiver is not None}
    entries = [
        PlanEntry(
            plan=plan,
            visit_id=pk_of(stop.visit),
            employee_id=pk_of(route.caregiver),
            start=moment_at(stop.start, day.origin),
            locked=stop.visit in pinned,
        )
        for route in result.routes
        for stop in route.stops
    ]
    entries += [
        PlanEntry(
            plan=plan,
            visit_id=pk_of(u.visit),
            employee=None,
            start=None,
            reason_code=EntryReason(u.reason.value),
            reason_other=u.other or "",
            reason=u.message[:200],
        )
        for u in result.unassigned
    ]
    PlanEntry.objects.bulk_create(entries)
    _write_routes(plan, day, result.routes)
    _refresh_figures(plan, day, extra)
    plan.save(update_fields=["figures", "objective"])
    return plan


# Editing ------------------------------------------------------------------------------------


def _stale(plan: Plan, version: int) -> RuleViolation:
    return RuleViolation.single(
        "version",
        "stale",
        _(
            "The plan was changed by someone else while you worked (you edited version "
            "%(mine)s, it is now version %(now)s). Nothing was saved: reload to see the changes."
        )
        % {"mine": version, "now": plan.version},
    )


def _lock_for_edit(user: User, plan: Plan, version: int) -> Plan:
    """The plan row locked for update, after the permission, state and version checks."""
    require_planner(user, scope_of(plan))
    fresh = (
        Plan.objects.select_for_update(of=("self",))
        .select_related("provider", "team")
        .get(pk=plan.pk)
    )
    if fresh.status == PlanStatus.DISCARDED:
        newer = Plan.objects.filter(
            scope_of(fresh).plan_filter(), date=fresh.date, status=PlanStatus.DRAFT
        ).first()
        raise _stale(newer or fresh, version)
    if fresh.status != PlanStatus.DRAFT:
        raise RuleViolation.single(
            "plan",
            "not_draft",
            _("Only a draft can be changed: make a new draft of this day first."),
        )
    if fresh.version != version:
        raise _stale(fresh, version)
    if fresh.date < timezone.localdate():
        raise RuleViolation.single(
            "plan", "past", _("A day that has passed cannot be planned again.")
        )
    if OptimisationJob.objects.filter(
        scope_of(fresh).plan_filter(),
        date__lte=fresh.date,
        last_date__gte=fresh.date,
        status__in=ACTIVE_JOB_STATUSES,
    ).exists():
        raise RuleViolation.single(
            "plan",
            "job_running",
            _("An optimisation of this day is running. Wait for it to finish or cancel it."),
        )
    return fresh


def _day_for(plan: Plan) -> DayProblem:
    return build_day_problem(
        scope_of(plan),
        plan.date,
        continuity=bool(plan.figures.get("continuity_on", True)),
        locked=locked_entries(plan),
        include_absent=[r.employee_id for r in plan.routes.all()],
    )


def _entry(plan: Plan, visit: Visit) -> PlanEntry:
    entry = plan.entries.filter(visit=visit).first()
    if entry is None:
        raise RuleViolation.single("visit", "not_in_plan", _("The visit is not in this plan."))
    return entry


def _retime(plan: Plan, day: DayProblem) -> None:
    """Start times and breaks for the day's orders as they now stand, by the solver's rule.

    Each caregiver's order is the entries by start; ``planning.timetable`` times them as the
    solver would (earliest start, the break where the solver takes it, the two halves of a
    double-staffed visit together, however far that cascades). The whole day is timed, not
    just the routes edited: a pair links routes, and one call is as cheap as a few. What the
    edit leaves wrong (late, over the shift, a pair that cannot meet) the figures show.
    Three queries whatever the size of the day: the entries, their update, the routes.
    """
    entries = list(
        plan.entries.filter(employee__isnull=False, start__isnull=False).order_by("start", "id")
    )
    orders: dict[str, list[str]] = {cid: [] for cid in day.employees}
    for e in entries:
        vid, cid = visit_key(e.visit_id), employee_key(e.employee_id or 0)
        if vid in day.visits and cid in orders:
            orders[cid].append(vid)
    timed = timetable(day.problem, orders)
    starts = {(r.caregiver, s.visit): s.start for r in timed.routes for s in r.stops}
    changed = []
    for e in entries:
        start = starts.get((employee_key(e.employee_id or 0), visit_key(e.visit_id)))
        if start is not None and moment_at(start, day.origin) != e.start:
            e.start = moment_at(start, day.origin)
            changed.append(e)
    PlanEntry.objects.bulk_update(changed, ["start"])
    routes = list(plan.routes.all())
    for route in routes:
        cid = employee_key(route.employee_id)
        if cid not in orders:
            continue
        timed_route = timed.route(cid)
        route.break_start = (
            moment_at(timed_route.break_start, day.origin)
            if timed_route.break_start is not None
            else None
        )
        route.travel_minutes = round(_route_travel(day, timed_route), 2)
    PlanRoute.objects.bulk_update(routes, ["break_start", "travel_minutes"])


def _finish_edit(
    user: User, plan: Plan, day: DayProblem, action: str, detail: dict[str, Any]
) -> Plan:
    plan.version += 1
    plan.source = PlanSource.MANUAL if plan.source != PlanSource.MANUAL else plan.source
    _refresh_figures(plan, day)
    plan.save(update_fields=["version", "source", "figures", "objective", "updated_at"])
    audit(user, action, plan, new={"version": plan.version, **detail})
    return plan


REASON_FIELDS = ("reason", "reason_code", "reason_other", "reason_words")


def _clear_reason(entry: PlanEntry) -> None:
    entry.reason = entry.reason_code = entry.reason_other = entry.reason_words = ""


def _require_unlocked(entry: PlanEntry) -> None:
    if entry.locked:
        raise RuleViolation.single(
            "visit", "locked", _("The visit is locked: unlock it before changing it.")
        )


def do_move(
    user: User,
    plan: Plan,
    version: int,
    visit: Visit,
    employee: Employee,
    start: dt.datetime | None = None,
) -> Plan:
    """Give ``visit`` to ``employee`` (at ``start``, or where it fits by its window)."""
    with transaction.atomic():
        plan = _lock_for_edit(user, plan, version)
        entry = _entry(plan, visit)
        _require_unlocked(entry)
        day = _day_for(plan)
        if employee_key(employee.pk) not in day.employees:
            raise RuleViolation.single(
                "employee",
                "not_available",
                _("%(name)s has no shift this day, or is absent.") % {"name": employee},
            )
        if visit.partner_id is not None and (
            plan.entries.filter(visit_id=visit.partner_id, employee=employee).exists()
        ):
            raise RuleViolation.single(
                "employee",
                "same_as_partner",
                _("A double-staffed visit needs two different caregivers."),
            )
        entry.employee = employee
        entry.start = start or visit.window_start
        _clear_reason(entry)
        entry.save(update_fields=["employee", "start", *REASON_FIELDS])
        _retime(plan, day)
        return _finish_edit(
            user,
            plan,
            day,
            "plan.move",
            {"visit": str(visit.public_id), "to": str(employee.public_id)},
        )


def do_swap(user: User, plan: Plan, version: int, first: Visit, second: Visit) -> Plan:
    """Exchange the caregivers (and places in their days) of two visits."""
    with transaction.atomic():
        plan = _lock_for_edit(user, plan, version)
        a, b = _entry(plan, first), _entry(plan, second)
        _require_unlocked(a)
        _require_unlocked(b)
        if a.employee_id is None or b.employee_id is None:
            raise RuleViolation.single(
                "visit", "unassigned", _("Only two planned visits can be swapped.")
            )
        day = _day_for(plan)
        a.employee_id, b.employee_id = b.employee_id, a.employee_id
        a.start, b.start = b.start, a.start
        PlanEntry.objects.bulk_update([a, b], ["employee", "start"])
        _retime(plan, day)
        return _finish_edit(
            user,
            plan,
            day,
            "plan.swap",
            {"visits": [str(first.public_id), str(second.public_id)]},
        )


def do_set_locked(user: User, plan: Plan, version: int, visit: Visit, locked: bool) -> Plan:
    """Lock a visit to its caregiver and time (re-optimising keeps it), or unlock it."""
    with transaction.atomic():
        plan = _lock_for_edit(user, plan, version)
        entry = _entry(plan, visit)
        if locked and entry.employee_id is None:
            raise RuleViolation.single(
                "visit",
                "unassigned",
                _("A visit that is not planned cannot be locked: give it to a caregiver first."),
            )
        entry.locked = locked
        entry.save(update_fields=["locked"])
        day = _day_for(plan)
        return _finish_edit(
            user,
            plan,
            day,
            "plan.lock" if locked else "plan.unlock",
            {"visit": str(visit.public_id)},
        )


def do_unassign(user: User, plan: Plan, version: int, visit: Visit) -> Plan:
    with transaction.atomic():
        plan = _lock_for_edit(user, plan, version)
        entry = _entry(plan, visit)
        _require_unlocked(entry)
        before = entry.employee_id
        entry.employee, entry.start = None, None
        _clear_reason(entry)
        entry.reason_code, entry.reason = EntryReason.TAKEN_OUT, "taken out by the planner"
        entry.save(update_fields=["employee", "start", *REASON_FIELDS])
        day = _day_for(plan)
        if before:
            _retime(plan, day)
        return _finish_edit(user, plan, day, "plan.unassign", {"visit": str(visit.public_id)})


def take_out_handed_back(user: User, visit: Visit, employee: Employee, reason: str) -> list[Plan]:
    """The caregiver's entry for ``visit`` becomes unassigned with the reason, in the
    published plan and in a draft of the day, so the planner finds it among the unassigned.

    The published plan is not retimed: the caregiver's other visits keep the times they were
    given. A draft is retimed like any edit. Each plan's version moves on, so a board open on
    the old version is told who changed what. Returns the plans changed.
    """
    changed = []
    for plan in (
        Plan.objects.select_for_update(of=("self",))
        .filter(
            entries__visit=visit,
            entries__employee=employee,
            status__in=[PlanStatus.DRAFT, PlanStatus.PUBLISHED],
        )
        .select_related("provider", "team")
    ):
        entry = plan.entries.filter(visit=visit, employee=employee).first()
        if entry is None:
            continue
        entry.employee, entry.start, entry.locked = None, None, False
        _clear_reason(entry)
        entry.reason_code, entry.reason = EntryReason.HANDED_BACK, "handed back by the caregiver"
        entry.reason_words = reason[:300]
        entry.save(update_fields=["employee", "start", "locked", *REASON_FIELDS])
        day = _day_for(plan)
        if plan.status == PlanStatus.DRAFT:
            _retime(plan, day)
        plan.version += 1
        _refresh_figures(plan, day)
        plan.save(update_fields=["version", "figures", "objective", "updated_at"])
        audit(
            user,
            "plan.handed_back",
            plan,
            new={"version": plan.version, "visit": str(visit.public_id), "reason": reason},
        )
        changed.append(plan)
    return changed


def do_publish(user: User, plan: Plan, version: int) -> Plan:
    """Make the draft the plan staff see; the plan it replaces is kept as superseded."""
    with transaction.atomic():
        plan = _lock_for_edit(user, plan, version)
        return publish_plan(plan, user)


def publish_plan(plan: Plan, user: User | None) -> Plan:
    """Publish without the checks of ``do_publish`` (the caller did them, or is the system)."""
    with transaction.atomic():
        Plan.objects.filter(
            scope_of(plan).plan_filter(), date=plan.date, status=PlanStatus.PUBLISHED
        ).update(status=PlanStatus.SUPERSEDED, updated_at=timezone.now())
        plan.status = PlanStatus.PUBLISHED
        plan.published_by = user
        plan.published_at = timezone.now()
        plan.save(update_fields=["status", "published_by", "published_at", "updated_at"])
        audit(user, "plan.publish", plan, new={"version": plan.version, "date": plan.date})
        return plan


def do_new_draft(user: User, scope: Scope, date: dt.date) -> Plan:
    """A draft to edit by hand: a copy of the published plan (locks included)."""
    require_planner(user, scope)
    with transaction.atomic():
        draft, published = plans_for(scope, date)
        if draft is not None:
            return draft
        if published is None:
            raise RuleViolation.single(
                "date", "no_plan", _("There is no plan for this day yet: optimise it first.")
            )
        plan = Plan.objects.create(
            municipality=published.municipality,
            provider=published.provider,
            team=published.team,
            date=date,
            status=PlanStatus.DRAFT,
            source=PlanSource.MANUAL,
            version=1,
            created_by=user,
            figures=published.figures,
            objective=published.objective,
        )
        PlanEntry.objects.bulk_create(
            PlanEntry(
                plan=plan,
                visit_id=e.visit_id,
                employee_id=e.employee_id,
                start=e.start,
                locked=e.locked,
                reason=e.reason,
                reason_code=e.reason_code,
                reason_other=e.reason_other,
                reason_words=e.reason_words,
            )
            for e in published.entries.all()
        )
        PlanRoute.objects.bulk_create(
            PlanRoute(
                plan=plan,
                employee_id=r.employee_id,
                shift_start=r.shift_start,
                shift_end=r.shift_end,
                break_start=r.break_start,
                break_minutes=r.break_minutes,
                travel_minutes=r.travel_minutes,
            )
            for r in published.routes.all()
        )
        audit(user, "plan.new_draft", plan, new={"from": str(published.public_id)})
        return plan

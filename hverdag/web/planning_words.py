"""The words a planner reads for the planner's answers: why a visit is unassigned, and which
rule a plan breaks. One table each, keyed by the stored code, in the planner's language.

The planner (``hverdag.planning``) and the workflow (``hverdag.plans``) answer in data: a
``visits.EntryReason`` code on an unassigned entry, a ``planning.ViolationKind`` with its fields
in ``Plan.figures["violations"]``. The names and clock times are put in here, when shown, so a
renamed client or another language needs no re-save. tests/web/test_planning_words.py asserts
the bokmål text of every code and every kind, and fails for a code that has no words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hverdag.core.clock import hhmm
from hverdag.planning import Violation, ViolationKind
from hverdag.visits.models import EntryReason

# %(name)s / %(visit)s: who or what ``reason_other`` names; %(reason)s: the caregiver's words.
REASONS: Mapping[str, Promise] = {
    EntryReason.PINNED_UNAVAILABLE: gettext_lazy(
        "Locked to %(name)s, who is not qualified or not on duty this day."
    ),
    EntryReason.NO_QUALIFIED: gettext_lazy(
        "No caregiver on shift has the competence the visit needs."
    ),
    EntryReason.TOO_FEW_QUALIFIED: gettext_lazy(
        "Too few caregivers on shift have the competence the visit needs."
    ),
    EntryReason.WINDOW_UNREACHABLE: gettext_lazy(
        "No qualified caregiver can get there within the agreed time."
    ),
    EntryReason.SHIFT_TOO_SHORT: gettext_lazy(
        "No qualified caregiver can do it and get back within their shift."
    ),
    EntryReason.LINKED_UNPLANNED: gettext_lazy(
        "Double-staffed, and the other half (%(visit)s) could not be planned either."
    ),
    EntryReason.NO_ROOM: gettext_lazy(
        "No room: the qualified caregivers' days are full around the agreed time."
    ),
    EntryReason.TAKEN_OUT: gettext_lazy("Taken out of the plan by the planner."),
    EntryReason.HANDED_BACK: gettext_lazy("Handed back by the caregiver: %(reason)s"),
}

# %(who)s: the caregiver; %(visit)s: the visit (for a link, its first visit); %(other)s: the
# other caregiver or visit; %(t)s: the offending time (``at``); %(a)s, %(b)s: the bound and
# the upper end of a range; %(n)s: caregivers needed, %(k)s: caregivers given.
VIOLATIONS: Mapping[ViolationKind, Promise] = {
    ViolationKind.UNKNOWN_CAREGIVER: gettext_lazy(
        "The plan has a day for a caregiver who is not on shift (%(who)s)."
    ),
    ViolationKind.DUPLICATE_ROUTE: gettext_lazy("%(who)s has more than one day in the plan."),
    ViolationKind.UNKNOWN_VISIT: gettext_lazy(
        "%(who)s has a visit that is no longer among the day's visits."
    ),
    ViolationKind.VISIT_TWICE: gettext_lazy("%(who)s has %(visit)s twice."),
    ViolationKind.BEFORE_ARRIVAL: gettext_lazy(
        "%(who)s: %(visit)s starts at %(t)s, before arriving (%(a)s)."
    ),
    ViolationKind.BEFORE_WINDOW: gettext_lazy(
        "%(who)s: %(visit)s starts at %(t)s, before the agreed time (%(a)s)."
    ),
    ViolationKind.AFTER_HARD_LATEST: gettext_lazy(
        "%(who)s: %(visit)s starts at %(t)s, after its latest start (%(a)s)."
    ),
    ViolationKind.PINNED_START: gettext_lazy(
        "%(who)s: %(visit)s is locked to %(a)s but starts at %(t)s."
    ),
    ViolationKind.MISSING_SKILL: gettext_lazy(
        "%(who)s lacks the competence %(visit)s needs (%(skill)s)."
    ),
    ViolationKind.FORBIDDEN: gettext_lazy("%(who)s is not to be given %(visit)s."),
    ViolationKind.PINNED_CAREGIVER: gettext_lazy(
        "%(visit)s is locked to %(other)s but given to %(who)s."
    ),
    ViolationKind.OVER_CAPACITY: gettext_lazy("%(who)s carries more than the capacity allows."),
    ViolationKind.NO_BREAK: gettext_lazy("%(who)s gets no break."),
    ViolationKind.BREAK_OUTSIDE_WINDOW: gettext_lazy(
        "%(who)s: the break at %(t)s is outside %(a)s–%(b)s."
    ),
    ViolationKind.BREAK_OVERLAP: gettext_lazy(
        "%(who)s: the break at %(t)s overlaps a visit or the travel to it."
    ),
    ViolationKind.OVERTIME: gettext_lazy(
        "%(who)s finishes at %(t)s, beyond the shift end and allowed overtime."
    ),
    ViolationKind.STAFF_COUNT: gettext_lazy("%(visit)s needs %(n)s caregivers and has %(k)s."),
    ViolationKind.PAIR_APART: gettext_lazy(
        "%(visit)s: the two caregivers start at different times (%(t)s and %(a)s)."
    ),
    ViolationKind.LINK_HALF_PLANNED: gettext_lazy(
        "%(visit)s: only one of the two caregivers is planned."
    ),
    ViolationKind.LINK_GAP: gettext_lazy("%(visit)s: the two caregivers do not start together."),
    ViolationKind.LINK_SAME_CAREGIVER: gettext_lazy(
        "%(visit)s: both halves of a double-staffed visit are given to %(who)s."
    ),
}

# Kinds whose visit is one half of a double-staffed visit (said so when the visit is unknown).
_LINKED = frozenset(
    {
        ViolationKind.PAIR_APART,
        ViolationKind.LINK_HALF_PLANNED,
        ViolationKind.LINK_GAP,
        ViolationKind.LINK_SAME_CAREGIVER,
    }
)

Label = Callable[[str], str | None]


def reason_words(code: str, *, other: str = "", words: str = "", text: str = "") -> str:
    """Why a visit is unassigned. ``other``: the name of whom or what the reason names;
    ``words``: the caregiver's, for a hand back; ``text``: the saved sentence, all an entry
    saved before the codes may have."""
    template = REASONS.get(code)
    if template is None:
        return text or _("No reason was recorded.")
    return str(template) % {"name": other, "visit": other, "reason": words}


def violation_words(
    saved: Mapping[str, Any] | str, origin: dt.datetime, visit: Label, caregiver: Label
) -> str:
    """A rule the plan breaks, with names and clock times. ``saved`` is a dict as
    ``plans.figures.violation_figure`` stores it, or (a plan saved before) the sentence itself.
    ``visit`` and ``caregiver`` name a planner id, or say None when it is not on the board."""
    if isinstance(saved, str):
        return saved
    try:
        kind = ViolationKind(str(saved.get("kind", "")))
    except ValueError:
        return str(saved.get("kind", ""))
    template = VIOLATIONS.get(kind)
    if template is None:  # a kind newer than this table: the planner's English beats nothing
        return str(Violation(**{**saved, "kind": kind}))

    def clock(key: str) -> str:
        value = saved.get(key)
        return hhmm(origin + dt.timedelta(minutes=float(value))) if value is not None else ""

    def named(key: str, label: Label, unknown: str) -> str:
        value = saved.get(key)
        if value is None:
            return ""
        return label(str(value)) or unknown

    visit_unknown = _("A double-staffed visit") if kind in _LINKED else _("A visit")
    other = saved.get("other")
    other_name = ""
    if other is not None:
        other_name = visit(str(other)) or caregiver(str(other)) or str(other)
    values = {
        "who": named("caregiver", caregiver, str(saved.get("caregiver", ""))),
        "visit": named("visit", visit, visit_unknown) or visit_unknown,
        "other": other_name,
        "skill": str(saved.get("skill", "")),
        "n": str(saved.get("staff", "")),
        "k": str(saved.get("count", "")),
        "t": clock("at"),
        "a": clock("bound"),
        "b": clock("upper"),
    }
    return str(template) % values

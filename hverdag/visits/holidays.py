"""Norwegian public holidays (helligdager and the two statutory flag days) for visit generation."""

from __future__ import annotations

import datetime as dt

from holidays.countries.norway import Norway


def public_holidays(first: dt.date, last: dt.date) -> frozenset[dt.date]:
    """The public holidays from ``first`` to ``last`` inclusive.

    Ordinary Sundays are left out on purpose: the package can count every Sunday as a
    holiday (as Norwegian law does), but a line's weekdays already say whether it runs on
    Sundays. Named holidays that fall on a Sunday (Easter Sunday, Whit Sunday, 17 May in
    some years) are still holidays.
    """
    if last < first:
        return frozenset()
    calendar = Norway(years=range(first.year, last.year + 1), include_sundays=False)
    return frozenset(day for day in calendar if first <= day <= last)

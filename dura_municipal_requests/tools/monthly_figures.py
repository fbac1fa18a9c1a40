"""Arithmetic of the monthly service-center report, without the ORM."""

import datetime
import math


def month_bounds(year, month):
    """First day of the month, first day of the next one, first day of the previous one."""
    start = datetime.date(year, month, 1)
    end = datetime.date(year + month // 12, month % 12 + 1, 1)
    previous = datetime.date(year - (month == 1), (month - 2) % 12 + 1, 1)
    return start, end, previous


def percentile(values, q):
    """The q-th percentile (0-100) of `values`, interpolated linearly between the closest
    ranks (as numpy's default and spreadsheets' PERCENTILE.INC do); None when empty."""
    if not 0 <= q <= 100:
        raise ValueError("q must be between 0 and 100")
    ordered = sorted(values)
    if not ordered:
        return None
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values):
    return percentile(values, 50)


def processing_days(date_filed, date_done):
    """Days (with fractions) between filing and completion."""
    return (date_done - date_filed).total_seconds() / 86400


def ratio_percent(part, whole):
    """`part` as a percentage of `whole`, None when there is nothing to measure."""
    return round(100.0 * part / whole, 1) if whole else None


def sla_compliance(pairs):
    """Percentage of (done date, SLA deadline) pairs done by their deadline; requests without a
    deadline count as on time."""
    pairs = list(pairs)
    on_time = sum(1 for done, deadline in pairs if not deadline or done <= deadline)
    return ratio_percent(on_time, len(pairs))


def average_rating(total, count):
    """The citizens' average rating (1-5) to one decimal, None when nobody rated."""
    return round(total / count, 1) if count else None

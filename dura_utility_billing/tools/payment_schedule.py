"""Payment-plan arithmetic, free of the ORM.

A plan spreads arrears ``total`` over a down payment and ``count`` instalments:

- amounts are counted in the currency's smallest unit (the agora for the shekel), so that the
  down payment plus the instalments add up to the arrears exactly, never to a float near it;
- every instalment but the last is the even share rounded *down* to that unit and the last
  takes the remainder (at most ``count - 1`` units more than the others): the citizen is never
  asked for more than the arrears, and no agora is lost;
- instalments fall monthly from the first date (the 31st falls on the month's last day);
- what the citizen has paid is matched to the schedule oldest first: the down payment, then
  each instalment in date order (:func:`schedule_status`).
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

# the longest plan a municipality grants: five years of monthly instalments
MAX_INSTALMENTS = 60


class ScheduleError(ValueError):
    """Invalid plan terms. ``code`` names the problem ('count', 'total', 'down_payment') and
    ``params`` its values, so callers can word it in the user's language."""

    def __init__(self, message, code="invalid", **params):
        super().__init__(message)
        self.code = code
        self.params = params


def _units(amount, rounding):
    return round(amount / rounding)


def split_arrears(total, down_payment, count, rounding=0.01):
    """The ``count`` instalment amounts of ``total`` less ``down_payment``, each a multiple of
    ``rounding``; the last takes the remainder. Raises :class:`ScheduleError`."""
    if not isinstance(count, int) or count < 1 or count > MAX_INSTALMENTS:
        raise ScheduleError("bad instalment count", "count", count=count, max=MAX_INSTALMENTS)
    total_units = _units(total, rounding)
    down_units = _units(down_payment or 0.0, rounding)
    if total_units <= 0:
        raise ScheduleError("nothing to split", "total", total=total)
    if down_units < 0 or down_units >= total_units:
        raise ScheduleError("bad down payment", "down_payment", down_payment=down_payment)
    rest = total_units - down_units
    if rest < count:
        # fewer agorot than instalments: some instalment would be zero
        raise ScheduleError("too many instalments", "count", count=count, max=rest)
    share = rest // count
    amounts = [share] * (count - 1) + [rest - share * (count - 1)]
    digits = max(0, -math.floor(math.log10(rounding))) if rounding < 1 else 0
    return [round(units * rounding, digits) for units in amounts]


def instalment_dates(first, count):
    """``count`` monthly dates from ``first``."""
    return [first + relativedelta(months=index) for index in range(count)]


@dataclass(frozen=True)
class DueStatus:
    """Where a plan stands on ``today``: ``paid`` (one bool per entry of the schedule),
    ``missed`` (index of the first entry unpaid past its grace days, or None), ``done``."""

    paid: tuple
    missed: int | None
    done: bool


def schedule_status(schedule, paid_amount, today, grace_days, rounding=0.01):
    """Match ``paid_amount`` to ``schedule`` (a list of ``(date, amount)`` in date order,
    the down payment first) oldest first.

    An entry is paid when everything up to it is covered; it is missed when it is unpaid
    ``grace_days`` after its date."""
    paid_units = _units(paid_amount, rounding)
    cumulative, paid = 0, []
    for _date, amount in schedule:
        cumulative += _units(amount, rounding)
        paid.append(paid_units >= cumulative)
    limit = today - timedelta(days=grace_days)
    missed = next(
        (
            index
            for index, ((due, _amount), is_paid) in enumerate(zip(schedule, paid, strict=True))
            if not is_paid and isinstance(due, date) and due < limit
        ),
        None,
    )
    return DueStatus(paid=tuple(paid), missed=missed, done=bool(paid) and all(paid))

"""Validation of a meter reading against the subscription's own history, before billing.

Plain Python (no ORM): the reading model gathers the history of all the readings of a create
in one query and asks :func:`validate` about each. The rules, in the order they are checked
(the first that fails gives the reason):

- ``negative_unstated``: a negative consumption. The model already refuses a regular reading
  below the previous one; what remains is a meter replacement whose new meter reads below its
  stated initial index, which nobody can bill without looking.
- ``prolonged_estimate``: an estimated reading after ``estimate_periods`` estimated billed
  periods in a row: the meter must be read.
- ``zero``: no consumption at all where the household usually consumes (stuck meter, empty
  house), when the utility flags it.
- ``high`` / ``low``: consumption above ``high_factor`` or below ``low_factor`` times the
  average of the last ``history_periods`` billed periods.

The comparisons with the average (zero, high, low) need ``history_periods`` billed periods:
with fewer, the average is not yet the household's usual (a new subscription, a first bill).
"""

from dataclasses import dataclass

VALID = "valid"
EXCEPTION = "exception"
# kinds of reading a bill is computed from; the others (opening, final card reading, ...)
# carry no consumption to check
CHECKED_KINDS = ("regular", "replacement", "rollover")


@dataclass(frozen=True)
class ValidationSettings:
    """One utility's rules (res.company settings)."""

    high_factor: float = 2.0
    low_factor: float = 0.3
    history_periods: int = 3
    flag_zero: bool = True
    estimate_periods: int = 2


@dataclass(frozen=True)
class HistoryPeriod:
    """A billed period of the subscription, the most recent first in a history list."""

    consumption: float
    estimated: bool = False


def usual_consumption(history, settings):
    """Average consumption of the last ``history_periods`` billed periods, or None with fewer
    periods than that."""
    periods = max(settings.history_periods, 1)
    recent = list(history)[:periods]
    if len(recent) < periods:
        return None
    return sum(period.consumption for period in recent) / periods


def validate(consumption, history, kind, settings, estimated=False, previous_estimated=False):
    """Decide a reading: ``(state, reason)``, state ``valid`` (reason None) or ``exception``.

    :param consumption: the reading's consumption (may be negative)
    :param history: :class:`HistoryPeriod` list, the most recent billed period first
    :param kind: the reading's kind; only :data:`CHECKED_KINDS` are checked
    :param settings: :class:`ValidationSettings` of the reading's utility
    :param estimated: the reading is an estimate, not read on the meter
    :param previous_estimated: the reading before was an estimate: a reading taken on the
        meter then trues it up (its consumption, possibly negative, corrects the estimate and
        is no month's use); another estimate is still checked for prolonged estimation
    """
    if kind not in CHECKED_KINDS or (previous_estimated and not estimated):
        return VALID, None
    if consumption < 0:
        return EXCEPTION, "negative_unstated"
    history = list(history)
    in_a_row = settings.estimate_periods
    if (
        estimated
        and in_a_row > 0
        and len(history) >= in_a_row
        and all(period.estimated for period in history[:in_a_row])
    ):
        return EXCEPTION, "prolonged_estimate"
    usual = usual_consumption(history, settings)
    if usual is None or usual <= 0:
        # nothing to compare with: too little history, or a household that used nothing
        # (a factor of zero is no threshold)
        return VALID, None
    if consumption == 0:
        return (EXCEPTION, "zero") if settings.flag_zero else (VALID, None)
    if settings.high_factor > 0 and consumption > settings.high_factor * usual:
        return EXCEPTION, "high"
    if settings.low_factor > 0 and consumption < settings.low_factor * usual:
        return EXCEPTION, "low"
    return VALID, None


def consumption_of(kind, value, previous, old_final=0.0, new_initial=0.0, capacity=0.0):
    """A reading's consumption from its indexes, as the reading model stores it; used before
    the reading exists, to validate it in the same create."""
    if kind == "opening":
        return 0.0
    if kind == "replacement":
        return (old_final - previous) + (value - new_initial)
    if kind == "rollover":
        return capacity - previous + value
    return value - previous

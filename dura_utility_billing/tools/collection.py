"""Which collection level an overdue bill reaches next, and what its late fee is: the
decisions behind the collection run, in plain Python (no ORM), so that they are tested alone.

A policy is a list of levels ``Level(sequence, delay, action)``; ``delay`` counts days from the
bill's due date (negative: a reminder before it). A bill remembers the sequence of the last
level it reached. Rules:

- a bill moves at most one level at a time, always to a higher sequence than the one it has
  reached, so that no level is ever applied twice, even when the policy is edited meanwhile
  (levels added, removed or renumbered: the bill continues after the sequence it reached);
- a level is due once the bill is ``delay`` days past its due date *and*, after an earlier
  level, as many days have passed since that level as the policy puts between the two: a bill
  found late (an opening balance, a policy created today) still gets each notice with the
  policy's time to pay between them, never a notice and a disconnection the same week;
- a reminder before the due date is pointless once the bill is overdue: it is passed over
  (never sent late) and the next level is considered in the same run.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

REMINDER = "reminder"
NOTICE = "notice"
FINAL = "final"
DISCONNECT = "disconnect"
ACTIONS = (REMINDER, NOTICE, FINAL, DISCONNECT)


@dataclass(frozen=True)
class Level:
    sequence: int
    delay: int
    action: str
    key: object = None  # the caller's handle (a record id)


def next_level(levels, reached_sequence, reached_delay, reached_on, due, today):
    """The level the bill reaches today, or None.

    :param levels: the policy's levels (any order)
    :param reached_sequence: sequence of the last level reached (None: none yet)
    :param reached_delay: the delay of that level when it was reached (None: none yet)
    :param reached_on: the date that level was reached (None: none yet)
    :param date due: the bill's due date
    :param date today: the run's date
    """
    if reached_on is not None and reached_on >= today:
        return None  # one level a day at most
    overdue = (today - due).days
    for level in sorted(levels, key=lambda lv: lv.sequence):
        if reached_sequence is not None and level.sequence <= reached_sequence:
            continue
        if level.action == REMINDER and overdue > 0:
            continue  # too late for a reminder: never sent after the due date
        if overdue < level.delay:
            return None
        if reached_on is not None and reached_delay is not None:
            gap = max(level.delay - reached_delay, 0)
            if (today - reached_on).days < gap:
                return None
        return level
    return None


def late_fee(kind, amount, percent, residual, rounding=0.01):
    """The late fee of a level on a bill whose overdue residual is `residual`: 0 when none.
    A percentage is of the residual, rounded half up to the currency's `rounding`."""
    if residual <= 0 or kind == "none":
        return 0.0
    if kind == "fixed":
        value = Decimal(str(amount))
    elif kind == "percent":
        value = Decimal(str(residual)) * Decimal(str(percent)) / Decimal(100)
    else:
        raise ValueError(f"unknown late fee kind {kind!r}")
    step = Decimal(str(rounding))
    rounded = (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
    return max(float(rounded), 0.0)

"""The rules of a bill correction that are not the ORM's business, in plain Python so that they
are tested alone (tests/test_correction_tools.py).

- four eyes: a correction is decided by someone else than the people who asked for it (who
  created or submitted it): ``refusal_reason(approver, requesters)``;
- a reading correction gives the consumption the corrected index means, from the previous
  index of the billed reading: the corrected index may be below the billed one (a typo), never
  below the previous index;
- a one-time waiver or a settlement credits an amount above zero and at most what the bill
  still owes: a credit note never turns a bill into money owed to the citizen.
"""

from decimal import ROUND_HALF_UP, Decimal

# the reasons a correction is refused, as codes the model words in the user's language
SELF_APPROVAL = "self_approval"
NOT_POSITIVE = "not_positive"
ABOVE_DUE = "above_due"
BELOW_PREVIOUS = "below_previous"
QUANTITY_DIGITS = 3


def refusal_reason(approver_id, requester_ids):
    """``SELF_APPROVAL`` when the approver is one of the requesters, else None."""
    return SELF_APPROVAL if approver_id in {rid for rid in requester_ids if rid} else None


def corrected_consumption(previous_value, corrected_value):
    """(consumption, reason): the consumption of the corrected index to the thousandth,
    or (None, ``BELOW_PREVIOUS``) when the index is below the previous one."""
    quantum = Decimal(1).scaleb(-QUANTITY_DIGITS)
    previous = Decimal(str(previous_value)).quantize(quantum, ROUND_HALF_UP)
    corrected = Decimal(str(corrected_value)).quantize(quantum, ROUND_HALF_UP)
    if corrected < previous:
        return None, BELOW_PREVIOUS
    return float(corrected - previous), None


def credit_reason(amount, amount_due, rounding):
    """Why a waiver/settlement of ``amount`` cannot credit a bill owing ``amount_due``
    (``NOT_POSITIVE``, ``ABOVE_DUE``), compared at the currency's ``rounding``; None: it can."""
    step = Decimal(str(rounding))
    credit = Decimal(str(amount)).quantize(step, ROUND_HALF_UP)
    due = Decimal(str(amount_due)).quantize(step, ROUND_HALF_UP)
    if credit <= 0:
        return NOT_POSITIVE
    if credit > due:
        return ABOVE_DUE
    return None

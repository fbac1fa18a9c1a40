"""The states of an SMS in one table: the audit log's state, its rank, and the state of
Odoo's ``sms.sms`` row (whose tracker and chatter notification follow it), with the words of
the providers' send results and delivery reports mapped onto the audit states.

A state never moves to a lower rank (late or replayed reports are recorded in the history
but change nothing), and final states never change.
"""

from .providers.base import DELIVERED, SUCCESS_STATES

FINAL_RANK = 5
# audit state -> (rank, sms.sms state)
AUDIT_STATES = {
    "to_approve": (0, "to_approve"),
    "queued": (1, "outgoing"),
    "accepted": (3, "pending"),  # the provider took it; Odoo's "pending" (no report yet)
    "delivered": (FINAL_RANK, "sent"),  # Odoo's "sent" is "delivered to the phone"
    "failed": (FINAL_RANK, "error"),
    "canceled": (FINAL_RANK, "canceled"),
}
STATE_RANK = {state: rank for state, (rank, _sms_state) in AUDIT_STATES.items()}
SMS_STATE = {state: sms_state for state, (_rank, sms_state) in AUDIT_STATES.items()}
# delivery-report words (see tools/providers) -> audit state; any other word is a failure
REPORT_STATES = {
    "delivered": "delivered",
    "sent": "accepted",
    "buffered": "accepted",
}


def state_of_send(word):
    """Audit state of a send result's word (``SendResult.state``, IAP-style)."""
    if word == DELIVERED:
        return "delivered"
    if word in SUCCESS_STATES:
        return "accepted"
    if word == "canceled":
        return "canceled"
    return "failed"


def state_of_report(word):
    """Audit state of a delivery report's word."""
    return REPORT_STATES.get(word, "failed")


def changes_state(current, new):
    """Whether an audit entry in `current` state moves to `new`: only forward, and never
    out of a final state."""
    rank = STATE_RANK[current]
    return rank < FINAL_RANK and STATE_RANK[new] > rank

"""Who of a set of records gets an SMS, and why the others do not: the decisions behind
``dura.sms.sender.mixin``, in plain Python (no ORM), so that they are tested alone.

Vocabulary of an outcome, per record:

- ``queued``: an SMS is queued for the citizen;
- ``to_approve``: an SMS is created, waiting in a bulk batch for an SMS approver;
- ``refused``: an SMS is created but the dispatcher will refuse it (the number cannot receive
  it, a blacklisted number for a bulk send, an empty text), recording why in the audit log
  where managers see the numbers to correct. No SMS reaches the citizen;
- ``skipped``: no SMS is created at all.

Reasons (``reason``), the same words as ``phone_numbers.NumberCheck.code`` where they apply:
``not_approved``, ``missing``, ``invalid``, ``landline``, ``foreign``, ``blacklisted``,
``empty``.
"""

from collections import Counter
from dataclasses import dataclass, field, replace

from .phone_numbers import check_number

QUEUED = "queued"
TO_APPROVE = "to_approve"
REFUSED = "refused"
SKIPPED = "skipped"
# an SMS row exists for these: the citizen may get it, or the audit log says why not
CREATED = (QUEUED, TO_APPROVE, REFUSED)


@dataclass(frozen=True)
class Recipient:
    """The citizen of one record: partner id (or None) and the number to text, as the
    ``sms.sms`` row will hold it."""

    res_id: int
    partner_id: int | None
    number: str | None


@dataclass(frozen=True)
class SmsOutcome:
    res_id: int
    status: str
    reason: str | None = None
    number: str | None = None
    partner_id: int | None = None
    sms_id: int | None = None  # the sms.sms row, when one was created (queue mode)
    message_id: int | None = None  # the chatter message, when posted (post mode)


@dataclass
class SmsSendReport:
    """What a send did, per record of ``res_model`` (in the order of the records)."""

    res_model: str
    outcomes: dict = field(default_factory=dict)  # res_id -> SmsOutcome

    def ids(self, *statuses):
        """Ids of the records whose outcome is one of `statuses` (all when none given)."""
        return [o.res_id for o in self.outcomes.values() if not statuses or o.status in statuses]

    @property
    def queued_ids(self):
        return self.ids(QUEUED)

    @property
    def created_ids(self):
        """Records for which an SMS row was created (queued, waiting for approval, or to be
        refused by the dispatcher with its reason in the audit log)."""
        return self.ids(*CREATED)

    @property
    def skipped(self):
        """``{res_id: reason}`` of the records for which no SMS was created."""
        return {o.res_id: o.reason for o in self.outcomes.values() if o.status == SKIPPED}

    def reasons(self, *statuses):
        """How many records each reason concerns, among `statuses` (default: not queued)."""
        wanted = statuses or (TO_APPROVE, REFUSED, SKIPPED)
        return Counter(o.reason for o in self.outcomes.values() if o.status in wanted and o.reason)

    def __len__(self):
        return len(self.outcomes)


def number_refusal(check, serves_foreign):
    """Why the gateway refuses the number of `check` (a ``NumberCheck``), or None.

    A number without a canonical form (missing, invalid, landline) is refused; a foreign
    mobile only when no provider names it in its prefixes (``serves_foreign(e164)``)."""
    if not check.e164:
        return check.code
    if check.code == "foreign" and not serves_foreign(check.e164):
        return "foreign"
    return None


def plan_recipients(
    recipients,
    *,
    gateway_on,
    approved,
    bulk,
    skip_unsendable=False,
    serves_foreign=lambda e164: False,
    blacklisted=frozenset(),
):
    """Outcome of each :class:`Recipient` before its text is rendered.

    :param gateway_on: the municipality's gateway carries SMS (else Odoo's own path does,
        and none of the gateway's rules apply but "no number, no SMS");
    :param approved: the template is approved (required when the gateway is on);
    :param bulk: a bulk template: each send waits in a batch for an approver;
    :param skip_unsendable: create no SMS for a number the gateway refuses, rather than let
        the dispatcher record the refusal in the audit log;
    :param serves_foreign: ``e164 -> bool``, whether a provider serves that foreign number;
    :param blacklisted: canonical numbers on the blacklist (matter for bulk sends only).
    :return: ``{res_id: SmsOutcome}``
    """
    outcomes = {}
    for recipient in recipients:
        base = SmsOutcome(
            recipient.res_id,
            QUEUED,
            number=recipient.number or None,
            partner_id=recipient.partner_id or None,
        )
        if gateway_on and not approved:
            outcome = replace(base, status=SKIPPED, reason="not_approved")
        elif not recipient.number:
            outcome = replace(base, status=SKIPPED, reason="missing")
        elif not gateway_on:
            outcome = base
        else:
            check = check_number(recipient.number)
            reason = number_refusal(check, serves_foreign)
            if not reason and bulk and check.e164 in blacklisted:
                reason = "blacklisted"
            if reason:
                status = SKIPPED if skip_unsendable else REFUSED
                outcome = replace(base, status=status, reason=reason)
            else:
                outcome = replace(base, status=TO_APPROVE if bulk else QUEUED)
        outcomes[recipient.res_id] = outcome
    return outcomes


def apply_bodies(outcomes, bodies, *, gateway_on, skip_unsendable=False):
    """Refuse (or skip) the records whose text rendered empty: the dispatcher fails an empty
    SMS ("Empty message."). ``bodies`` is ``{res_id: text}`` of the records to send."""
    result = dict(outcomes)
    if not gateway_on:
        return result
    for res_id, body in bodies.items():
        outcome = result[res_id]
        if outcome.status in (QUEUED, TO_APPROVE) and not (body or "").strip():
            status = SKIPPED if skip_unsendable else REFUSED
            result[res_id] = replace(outcome, status=status, reason="empty")
    return result

from odoo.tests import BaseCase, tagged

from ..tools.phone_numbers import check_number
from ..tools.sms_send import (
    QUEUED,
    REFUSED,
    SKIPPED,
    TO_APPROVE,
    Recipient,
    SmsOutcome,
    SmsSendReport,
    apply_bodies,
    number_refusal,
    plan_recipients,
)

MOBILE = "+970599123456"
LANDLINE = "+97022221234"
FOREIGN = "+447911123456"  # a British mobile


def _serves_uk(e164):
    return e164.startswith("+44")


@tagged("post_install", "-at_install")
class TestSmsSendPlan(BaseCase):
    def _plan(self, numbers, **options):
        options.setdefault("gateway_on", True)
        options.setdefault("approved", True)
        options.setdefault("bulk", False)
        recipients = [Recipient(index, 100 + index, n) for index, n in enumerate(numbers, 1)]
        return plan_recipients(recipients, **options)

    def _table(self, outcomes):
        return [(o.status, o.reason) for o in outcomes.values()]

    def test_number_refusal(self):
        cases = [
            (MOBILE, None),
            ("+972599123456", None),  # the same Jawwal SIM under +972
            ("", "missing"),
            ("12", "invalid"),
            (LANDLINE, "landline"),
            (FOREIGN, "foreign"),
        ]
        for raw, reason in cases:
            with self.subTest(raw=raw):
                self.assertEqual(number_refusal(check_number(raw), lambda e164: False), reason)
        # a foreign number is served when a provider names it
        self.assertIsNone(number_refusal(check_number(FOREIGN), _serves_uk))

    def test_transactional_queued_refused_and_missing(self):
        outcomes = self._plan([MOBILE, None, "12", LANDLINE, FOREIGN])
        self.assertEqual(
            self._table(outcomes),
            [
                (QUEUED, None),
                (SKIPPED, "missing"),
                (REFUSED, "invalid"),
                (REFUSED, "landline"),
                (REFUSED, "foreign"),
            ],
        )
        self.assertEqual(outcomes[1], SmsOutcome(1, QUEUED, number=MOBILE, partner_id=101))

    def test_skip_unsendable_creates_nothing_for_refused_numbers(self):
        outcomes = self._plan([MOBILE, "12", FOREIGN], skip_unsendable=True)
        self.assertEqual(
            self._table(outcomes), [(QUEUED, None), (SKIPPED, "invalid"), (SKIPPED, "foreign")]
        )

    def test_foreign_served_when_a_provider_names_it(self):
        outcomes = self._plan([FOREIGN], serves_foreign=_serves_uk)
        self.assertEqual(self._table(outcomes), [(QUEUED, None)])

    def test_unapproved_template_sends_nothing(self):
        outcomes = self._plan([MOBILE, None], approved=False)
        self.assertEqual(self._table(outcomes), [(SKIPPED, "not_approved")] * 2)

    def test_gateway_off_applies_only_no_number_no_sms(self):
        """Odoo's own path carries the SMS: neither approval nor the gateway's number rules."""
        outcomes = self._plan([MOBILE, "12", None], gateway_on=False, approved=False)
        self.assertEqual(
            self._table(outcomes), [(QUEUED, None), (QUEUED, None), (SKIPPED, "missing")]
        )

    def test_bulk_waits_and_respects_the_blacklist(self):
        outcomes = self._plan([MOBILE, "+970569123456"], bulk=True, blacklisted={"+970569123456"})
        self.assertEqual(self._table(outcomes), [(TO_APPROVE, None), (REFUSED, "blacklisted")])
        # transactional notices reach blacklisted numbers
        outcomes = self._plan(["+970569123456"], blacklisted={"+970569123456"})
        self.assertEqual(self._table(outcomes), [(QUEUED, None)])

    def test_empty_text_refused(self):
        outcomes = self._plan([MOBILE, MOBILE, LANDLINE])
        bodies = {1: "Hello", 2: "  ", 3: ""}
        self.assertEqual(
            self._table(apply_bodies(outcomes, bodies, gateway_on=True)),
            [(QUEUED, None), (REFUSED, "empty"), (REFUSED, "landline")],
        )
        skipped = apply_bodies(outcomes, bodies, gateway_on=True, skip_unsendable=True)
        self.assertEqual(skipped[2].status, SKIPPED)
        # Odoo's own path: its own rules
        self.assertEqual(apply_bodies(outcomes, bodies, gateway_on=False)[2].status, QUEUED)

    def test_report(self):
        report = SmsSendReport("res.partner")
        report.outcomes = self._plan([MOBILE, None, "12", None])
        self.assertEqual(len(report), 4)
        self.assertEqual(report.queued_ids, [1])
        self.assertEqual(report.created_ids, [1, 3])
        self.assertEqual(report.skipped, {2: "missing", 4: "missing"})
        self.assertEqual(report.reasons(), {"missing": 2, "invalid": 1})
        self.assertEqual(report.reasons(SKIPPED), {"missing": 2})
        self.assertEqual(report.ids(), [1, 2, 3, 4])

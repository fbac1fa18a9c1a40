import importlib.util
from pathlib import Path

from dateutil.relativedelta import relativedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import DuraUtilityCommon

TOPUP_MIGRATION = Path(__file__).parents[1] / "migrations" / "18.0.1.1.0" / "post-migration.py"


@tagged("post_install", "-at_install")
class TestPrepaidAndConversion(DuraUtilityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.card = cls._subscriptions(1, "electricity", "prepaid", partner=cls.citizen_ar)
        cls._read(cls.card, 1000, date=cls.previous_period_date)
        cls.cash = cls.company_data["default_journal_cash"]

    def _topup(self, amount, confirm=True):
        topup = self.env["dura.utility.topup"].create(
            {"subscription_id": self.card.id, "amount": amount, "journal_id": self.cash.id}
        )
        if confirm:
            topup.action_confirm()
        return topup

    def test_topup_invoiced_as_paid_sale(self):
        first, second = self._topup(100), self._topup(50)
        for topup in first | second:
            self.assertEqual(topup.state, "paid")
            self.assertEqual(topup.move_id.state, "posted")
            self.assertEqual(topup.move_id.payment_state, "paid")
            self.assertEqual(topup.move_id.partner_id, self.citizen_ar)
        self.assertAlmostEqual(first.move_id.amount_total, 100.0)
        self.assertEqual(
            first.move_id.invoice_line_ids.product_id,
            self.env.ref("dura_utility_billing.product_card_credit"),
        )
        self.assertAlmostEqual(self.card.balance, 150.0)
        self.assertEqual(self.card.invoice_ids, (first | second).move_id)
        pending = self._topup(30, confirm=False)
        self.assertAlmostEqual(self.card.balance, 150.0)
        pending.action_cancel()
        self.assertEqual(pending.state, "cancel")

    def test_migration_numbers_topups_paid_before_receipt_codes(self):
        older, newer = self._topup(100), self._topup(50)
        self.env.cr.execute(
            "UPDATE dura_utility_topup SET name = NULL WHERE id IN %s", [(older.id, newer.id)]
        )
        (older | newer).invalidate_recordset(["name"])
        spec = importlib.util.spec_from_file_location("dura_topup_migration", TOPUP_MIGRATION)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "18.0.1.0.0")
        (older | newer).invalidate_recordset(["name"])
        self.assertTrue(older.name.startswith("TOP/") and newer.name.startswith("TOP/"))
        self.assertLess(older.name, newer.name, "numbered oldest first")
        sequence = self.env.ref("dura_utility_billing.seq_dura_utility_topup")
        self.assertEqual(sequence.implementation, "no_gap")

    def test_topup_refused_on_postpaid(self):
        postpaid = self._subscriptions(1)
        with self.assertRaisesText(ValidationError, "not a prepaid"):
            self.env["dura.utility.topup"].create({"subscription_id": postpaid.id, "amount": 10})

    def test_conversion_with_credit_note(self):
        self._topup(200)
        self.card.convert_to_postpaid(1180, 1180, 35.5, credit_policy="credit_note")
        card = self.card
        self.assertEqual(card.billing_mode, "postpaid")
        self.assertEqual(card.conversion_credit_policy, "credit_note")
        refund = card.conversion_refund_id
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.state, "posted")
        self.assertAlmostEqual(refund.amount_total, 35.5)
        self.assertEqual(refund.partner_id, self.citizen_ar)
        self.assertAlmostEqual(card.balance, 0.0)
        final, opening = card.reading_ids.filtered(lambda r: r.kind in ("final", "opening")).sorted(
            "id"
        )
        self.assertEqual((final.kind, final.value, final.consumption), ("final", 1180, 180))
        self.assertEqual((opening.kind, opening.value, opening.consumption), ("opening", 1180, 0))
        message = card.message_ids[0]
        self.assertIn("final card reading", message.body)
        self.assertIn(refund.name, message.body)

    def test_conversion_carry_forward_to_first_invoice(self):
        converted_on = self.previous_period_date + relativedelta(days=1)
        self.card.convert_to_postpaid(
            1180,
            0,
            30.0,
            credit_policy="carry_forward",
            date=converted_on,
            new_meter_number="E-POST-1",
        )
        card = self.card
        self.assertEqual(card.meter_number, "E-POST-1")
        self.assertEqual(card.conversion_date, converted_on)
        self.assertFalse(card.conversion_refund_id)
        self.assertAlmostEqual(card.carry_forward_remaining, 30.0)
        # first postpaid bill: 100 kWh x 0.49 = 49.00, minus the 30.00 carried credit
        self._read(card, 100)
        self._run("electricity").action_run_now()
        move = card.bill_ids.move_id
        self.assertAlmostEqual(move.amount_total, 19.0)
        self.assertAlmostEqual(move.invoice_line_ids[-1].price_unit, -30.0)
        self.assertAlmostEqual(card.bill_ids.credit_applied, 30.0)
        self.assertAlmostEqual(card.carry_forward_remaining, 0.0)

    def test_conversion_default_policy_from_company(self):
        self.env.company.dura_conversion_credit_policy = "carry_forward"
        self.card.convert_to_postpaid(1100, 1100, 12.0)
        self.assertEqual(self.card.conversion_credit_policy, "carry_forward")

    def test_conversion_wizard(self):
        action = self.card.action_open_conversion_wizard()
        wizard_form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        wizard_form.final_reading = 1050
        wizard_form.opening_reading = 1050
        wizard_form.remaining_credit = 0
        wizard_form.credit_policy = "credit_note"
        wizard_form.save().action_convert()
        self.assertEqual(self.card.billing_mode, "postpaid")
        self.assertFalse(self.card.conversion_refund_id)

    def test_conversion_refusals(self):
        postpaid = self._subscriptions(1)
        with self.assertRaisesText(UserError, "already billed by invoice"):
            postpaid.convert_to_postpaid(10, 10, 0)
        self._topup(20, confirm=False)
        with self.assertRaisesText(UserError, "not yet paid"):
            self.card.convert_to_postpaid(1100, 1100, 0)
        self.card.topup_ids.action_cancel()
        with self.assertRaisesText(UserError, "cannot be negative"):
            self.card.convert_to_postpaid(1100, 1100, -1)
        with self.assertRaisesText(ValidationError, "below the previous reading"):
            self.card.convert_to_postpaid(900, 900, 0)
        self.assertEqual(self.card.billing_mode, "prepaid")
        self.card.action_close()
        with self.assertRaisesText(UserError, "closed"):
            self.card.convert_to_postpaid(1100, 1100, 0)
        self.assertFalse(self.card.reading_ids.filtered(lambda r: r.kind == "final"))

    def test_postpaid_tariff_found_for_prepaid_only_tariff(self):
        prepaid_tariff = self.electricity_tariff.copy(
            {"name": "Card electricity", "billing_mode": "prepaid"}
        )
        self.card.tariff_id = prepaid_tariff
        self.card.convert_to_postpaid(1100, 1100, 0)
        self.assertEqual(self.card.tariff_id, self.electricity_tariff)
        self.assertTrue(prepaid_tariff.block_ids)
        self.assertEqual(len(prepaid_tariff.block_ids), 4)
        self.assertEqual(prepaid_tariff.block_ids.mapped("price"), [0.49, 0.53, 0.63, 0.70])

    def test_refusal_in_arabic(self):
        postpaid = self._subscriptions(1).with_context(lang="ar_001")
        with self.assertRaisesText(UserError, "يُفوتر أصلًا بفاتورة"):
            postpaid.convert_to_postpaid(10, 10, 0)

    def test_topup_receipt_code_and_sms(self):
        self.env.ref("dura_utility_billing.sms_template_topup_receipt").sudo().action_dura_approve()
        english = self._subscriptions(1, "electricity", "prepaid", partner=self.citizen_en)
        draft = self._topup(20, confirm=False)
        self.assertFalse(draft.name)
        topups = draft | self.env["dura.utility.topup"].create(
            {
                "subscription_id": english.id,
                "amount": 35,
                "journal_id": self.cash.id,
                "token": "1234 5678 9012",
            }
        )
        topups.action_confirm()
        arabic_topup, english_topup = topups
        self.assertTrue(arabic_topup.name.startswith("TOP/"))
        self.assertNotEqual(arabic_topup.name, english_topup.name)
        self.assertEqual(arabic_topup.display_name, arabic_topup.name)
        sms = self.env["sms.sms"].search(
            [("dura_res_model", "=", "dura.utility.topup"), ("dura_res_id", "in", topups.ids)]
        )
        by_topup = {s.dura_res_id: s for s in sms}
        self.assertEqual(len(sms), 2)
        self.assertEqual(by_topup[arabic_topup.id].number, "+970599123456")
        self.assertEqual(by_topup[arabic_topup.id].dura_kind, "transactional")
        self.assertEqual(by_topup[arabic_topup.id].state, "outgoing")
        self.assertIn(arabic_topup.name, by_topup[arabic_topup.id].body)
        self.assertIn("إيصال", by_topup[arabic_topup.id].body)
        self.assertIn(english_topup.name, by_topup[english_topup.id].body)
        self.assertIn("receipt", by_topup[english_topup.id].body)
        self.assertIn("1234 5678 9012", by_topup[english_topup.id].body)
        # printable
        report = self.env.ref("dura_utility_billing.action_report_topup_receipt")
        html = report._render_qweb_html(report.report_name, english_topup.ids)[0].decode()
        self.assertIn(english_topup.name, html)
        self.assertIn("1234 5678 9012", html)
        action = english_topup.with_context(discard_logo_check=True).action_print_receipt()
        self.assertEqual(action["report_name"], report.report_name)
        with self.assertRaises(UserError):
            self._topup(5, confirm=False).action_print_receipt()

    def test_conversion_wizard_proposes_card_credit(self):
        self._topup(100)
        action = self.card.action_open_conversion_wizard()
        wizard_form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        # the card's credit, not 0
        self.assertEqual(wizard_form.remaining_credit, 100.0)
        self.assertEqual(wizard_form.credit_difference, 0.0)
        wizard_form.final_reading = 1050
        wizard_form.opening_reading = 1050
        wizard_form.remaining_credit = 40
        self.assertEqual(wizard_form.credit_difference, 60.0)
        wizard_form.credit_policy = "credit_note"
        wizard_form.save().action_convert()
        self.assertAlmostEqual(self.card.conversion_refund_id.amount_total, 40.0)
        self.assertAlmostEqual(self.card.balance, 0.0)
        # the difference is said, not silent
        conversion, difference = self.card.message_ids[:2]
        self.assertIn("final card reading", conversion.body)
        self.assertIn("taken as used on the meter", difference.body)
        self.assertIn("60.00", difference.body)

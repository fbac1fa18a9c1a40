from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestBillCorrectionTour(HttpCase):
    """The utility officer (demo login ``utility``) corrects a misread bill; the finance
    manager (``finance``) approves it and opens the credit note and the corrected bill."""

    def test_correct_and_approve(self):
        officer = self.env.ref("dura_utility_billing.user_utility_officer")
        finance = self.env.ref("dura_utility_billing.user_finance_manager")
        self.assertTrue(officer.has_group("account.group_account_invoice"))
        self.assertFalse(officer.has_group("account.group_account_manager"))
        self.assertTrue(finance.has_group("account.group_account_manager"))
        # last month's water bills: the demo read them, the run bills them now
        self.env.ref("dura_utility_billing.demo_billing_run_water_m1").action_run_now()
        subscription = self.env.ref("dura_utility_billing.demo_subscription_03")
        self.assertEqual(subscription.meter_number, "W-20426")
        bill = subscription.bill_ids.sorted("period")[-1]
        original = bill.move_id
        self.assertEqual((bill.reading_id.previous_value, bill.reading_id.value), (3362, 3413))
        self.assertEqual(original.amount_total, 400.5)

        self.start_tour(
            "/odoo", "dura_utility_office_bill_correction", login="utility", timeout=180
        )
        correction = original.dura_correction_ids
        self.assertEqual(correction.state, "to_approve")
        self.assertEqual(correction.requested_by_id, officer)
        self.assertEqual(correction.corrected_value, 3393)

        self.start_tour(
            "/odoo", "dura_utility_finance_bill_correction", login="finance", timeout=180
        )
        self.assertEqual(correction.state, "approved")
        self.assertEqual(correction.approved_by_id, finance)
        self.assertEqual(correction.credit_note_id.amount_total, 400.5)
        self.assertEqual(correction.credit_note_id.reversed_entry_id, original)
        self.assertEqual(original.payment_state, "reversed")
        corrected = correction.corrected_move_id
        self.assertEqual(corrected.state, "posted")
        self.assertEqual(bill.move_id, corrected)
        self.assertEqual(bill.reading_id.consumption, 31)
        self.assertEqual(corrected.amount_total, correction.amount_new)
        self.assertLess(corrected.amount_total, 400.5)
        sms = self.env["sms.sms"].search(
            [("dura_res_model", "=", correction._name), ("dura_res_id", "=", correction.id)]
        )
        self.assertEqual(len(sms), 1)

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestReadingExceptionTour(HttpCase):
    def test_supervisor_decides_an_exception_and_starts_the_run(self):
        """The meter reading supervisor (demo user supervisor, Arabic, that group only) opens
        Reading Exceptions, accepts the demo's water reading far above its usual with a
        reason, and starts the period's water billing run."""
        supervisor = self.env.ref("dura_utility_billing.user_reading_supervisor")
        self.assertTrue(supervisor.has_group("dura_utility_billing.group_reading_supervisor"))
        self.assertFalse(supervisor.has_group("dura_utility_billing.group_utility_officer"))
        self.assertFalse(supervisor.has_group("account.group_account_invoice"))
        reading = self.env.ref("dura_utility_billing.demo_reading_leak_m1")
        self.assertEqual(
            (reading.validation_state, reading.validation_reason), ("exception", "high")
        )
        # the demo's leak alert text waits for the SMS approver: no alert is queued yet
        self.assertFalse(reading.leak_alert_sent)
        run = self.env.ref("dura_utility_billing.demo_billing_run_water_m1")
        self.assertEqual(run.state, "draft")
        self.assertEqual(run.exception_count, 1)
        self.start_tour("/odoo", "dura_utility_reading_exception", login="supervisor", timeout=180)
        self.assertEqual(reading.validation_state, "accepted")
        self.assertEqual(reading.decision_user_id, supervisor)
        self.assertIn("burst pipe", reading.decision_reason)
        self.assertTrue(reading.decision_date)
        # the decision is tracked in the reading's chatter
        self.assertIn(
            "burst pipe",
            " ".join(filter(None, reading.message_ids.tracking_value_ids.mapped("new_value_text"))),
        )
        self.assertEqual(run.state, "running")
        self.assertEqual(run.exception_count, 0)
        to_bill = self.env["dura.utility.subscription"].search(run._billable_domain())
        self.assertIn(reading.subscription_id, to_bill)

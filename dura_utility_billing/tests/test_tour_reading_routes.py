from odoo import fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestReadingRoutesTour(HttpCase):
    def test_supervisor_imports_a_route_decides_and_starts_the_run(self):
        """The reading supervisor (demo user supervisor, Arabic, only the supervisors' group)
        opens a route, prints and exports its sheet, imports the filled-in file, sees the
        refused line and confirms the accepted readings; accepts the reading exception among
        them with a reason, and starts the month's water run without estimates."""
        supervisor = self.env.ref("dura_utility_billing.user_reading_supervisor")
        groups = supervisor.groups_id.filtered(lambda g: g.category_id.name == "Utility Billing")
        self.assertEqual(
            groups,
            self.env.ref("dura_utility_billing.group_reading_supervisor")
            | self.env.ref("dura_utility_billing.group_meter_reader"),
        )
        self.assertFalse(supervisor.has_group("dura_utility_billing.group_utility_officer"))
        # the demo has billed one month of route W-01: with the municipality's usual taken
        # over one billed month, a meter that did not move since is a zero-consumption exception
        self.env.company.dura_water_history_periods = 1
        self.start_tour("/odoo", "dura_utility_reading_routes", login="supervisor", timeout=180)
        wizard = self.env["dura.utility.reading.sheet.wizard"].search(
            [("create_uid", "=", supervisor.id)], order="id desc", limit=1
        )
        self.assertTrue(wizard.export_file)
        self.assertTrue(wizard.export_filename.startswith("W-01-"))
        batch = self.env["dura.utility.reading.import"].search([("create_uid", "=", supervisor.id)])
        self.assertEqual(batch.state, "done")
        self.assertEqual(batch.period, fields.Date.context_today(supervisor).strftime("%Y-%m"))
        self.assertEqual(
            [(line.meter_number, line.status) for line in batch.line_ids],
            [
                ("W-20400", "accepted"),
                ("W-20413", "exception"),
                ("W-20465", "accepted"),
                ("W-20478", "accepted"),
            ],
        )
        readings = batch.line_ids.reading_id
        self.assertEqual(sorted(readings.mapped("value")), [903.0, 2850.0, 4560.0])
        self.assertEqual(readings.create_uid, supervisor)
        unmoved = readings.filtered(lambda r: r.meter_number == "W-20478")
        self.assertEqual(
            (unmoved.validation_state, unmoved.validation_reason, unmoved.decision_user_id),
            ("accepted", "zero", supervisor),
        )
        self.assertIn("مسافرة", unmoved.decision_reason)
        self.assertEqual((readings - unmoved).mapped("validation_state"), ["valid", "valid"])
        run = self.env["dura.utility.billing.run"].search([("create_uid", "=", supervisor.id)])
        self.assertEqual(
            (run.utility, run.period, run.state, run.estimate_missing),
            ("water", batch.period, "running", False),
        )
        self.assertEqual(run.exception_count, 0)
        # the cron bills the three readings of the month; the meters not read wait
        to_bill = self.env["dura.utility.subscription"].search(run._billable_domain())
        self.assertEqual(to_bill, readings.subscription_id)

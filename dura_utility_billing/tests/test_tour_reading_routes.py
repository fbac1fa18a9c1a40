from odoo import fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestReadingRoutesTour(HttpCase):
    def test_supervisor_prints_exports_and_imports_a_route(self):
        """The reading supervisor (demo user supervisor, Arabic, only the supervisors' group)
        opens a route, prints and exports its sheet, imports the filled-in file, sees the
        exception and confirms the accepted readings."""
        supervisor = self.env.ref("dura_utility_billing.user_reading_supervisor")
        groups = supervisor.groups_id.filtered(lambda g: g.category_id.name == "Utility Billing")
        self.assertEqual(
            groups,
            self.env.ref("dura_utility_billing.group_reading_supervisor")
            | self.env.ref("dura_utility_billing.group_meter_reader"),
        )
        self.assertFalse(supervisor.has_group("dura_utility_billing.group_utility_officer"))
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
            [("W-20400", "accepted"), ("W-20413", "exception"), ("W-20465", "accepted")],
        )
        readings = batch.line_ids.reading_id
        self.assertEqual(sorted(readings.mapped("value")), [2850.0, 4560.0])
        self.assertEqual(readings.create_uid, supervisor)

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestGoliveTour(HttpCase):
    def test_utility_officer_imports_citizens(self):
        """The utility officer (demo user utility, Arabic, only the utility office's groups)
        uploads a citizens file, reads the staging lines' statuses and confirms."""
        officer = self.env.ref("dura_utility_billing.user_utility_officer")
        self.assertFalse(officer.has_group("base.group_partner_manager"))
        before = self.env["dura.utility.import"].search([], order="id desc", limit=1).id or 0
        self.start_tour("/odoo", "dura_utility_golive_import", login="utility", timeout=180)
        batch = self.env["dura.utility.import"].search(
            [("create_uid", "=", officer.id), ("id", ">", before)]
        )
        self.assertEqual(batch.state, "done")
        self.assertEqual(
            [(line.row_number, line.status) for line in batch.line_ids],
            [(2, "created"), (3, "merged"), (4, "refused")],
        )
        citizen = batch.line_ids[0].partner_id
        self.assertEqual(citizen.mobile, "+970599320001")
        self.assertEqual(batch.line_ids[1].partner_id, citizen)
        self.assertEqual(citizen.create_uid, officer)

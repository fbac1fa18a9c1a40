from odoo.tests import TransactionCase, tagged

from .. import hooks


@tagged("post_install", "-at_install")
class TestUpgradeHook(TransactionCase):
    """A database of the first release: its records of the shared parts carry the XML ids of
    dura_municipal_requests and dura_sms_gateway, and this module's install takes them over."""

    def _xmlids(self, module):
        self.env.cr.execute(
            "SELECT name, res_id FROM ir_model_data WHERE module = %s ORDER BY name", [module]
        )
        return self.env.cr.fetchall()

    def test_old_xmlids_are_taken_over(self):
        cr = self.env.cr
        ours = dict(self._xmlids("dura_municipality"))
        # back to the first release's owners
        old_names = {
            "dura_sms_gateway": [name for name in ours if "dura_rate_limit" in name],
        }
        old_names["dura_municipal_requests"] = [
            name
            for name in ours
            if name
            in (
                "menu_municipality_root",
                "menu_municipality_reporting",
                "paperformat_dura_body_only",
                "report_dura_style",
                "report_dura_letterhead",
                "field_res_company__dura_name_en",
            )
        ]
        self.assertIn("model_dura_rate_limit", old_names["dura_sms_gateway"])
        self.assertIn("field_dura_rate_limit__hits", old_names["dura_sms_gateway"])
        self.assertIn("access_dura_rate_limit_system", old_names["dura_sms_gateway"])
        self.assertIn("constraint_dura_rate_limit_bucket_unique", old_names["dura_sms_gateway"])
        self.assertEqual(len(old_names["dura_municipal_requests"]), 6)
        for module, names in old_names.items():
            cr.execute(
                "UPDATE ir_model_data SET module = %s WHERE module = 'dura_municipality'"
                " AND name = ANY(%s)",
                [module, names],
            )
        cr.execute(
            "UPDATE ir_model_constraint SET module = (SELECT id FROM ir_module_module"
            " WHERE name = 'dura_sms_gateway') WHERE name = 'dura_rate_limit_bucket_unique'"
        )
        # an XML id of the old module that does not move
        cr.execute(
            "INSERT INTO ir_model_data (module, name, model, res_id, noupdate)"
            " VALUES ('dura_sms_gateway', 'menu_dura_sms_root_test', 'ir.ui.menu', 1, false)"
        )
        hooks.pre_init_hook(self.env)
        self.assertEqual(dict(self._xmlids("dura_municipality")), ours, "same records, same ids")
        self.assertEqual(
            [
                name
                for name, _res_id in self._xmlids("dura_sms_gateway")
                if "dura_rate_limit" in name
            ],
            [],
        )
        self.assertIn("menu_dura_sms_root_test", dict(self._xmlids("dura_sms_gateway")))
        cr.execute(
            "SELECT m.name FROM ir_model_constraint c JOIN ir_module_module m ON m.id = c.module"
            " WHERE c.name = 'dura_rate_limit_bucket_unique'"
        )
        self.assertEqual(cr.fetchall(), [("dura_municipality",)])
        # a second run changes nothing (nothing left to take over)
        hooks.pre_init_hook(self.env)
        self.assertEqual(dict(self._xmlids("dura_municipality")), ours)

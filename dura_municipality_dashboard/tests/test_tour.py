from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestDashboardTour(HttpCase):
    def test_director_opens_the_dashboard(self):
        """The demo director, with only the director's groups and in Arabic, opens Dashboards
        and the municipality's dashboard: every cell computes, none in error."""
        director = self.env.ref("dura_municipal_requests.user_director")
        self.assertEqual(director.lang, "ar_001")
        self.assertFalse(director.has_group("base.group_system"))
        self.env["res.lang"]._activate_lang("ar_001")
        self.env["ir.module.module"]._load_module_terms(
            ["spreadsheet_dashboard", "dura_municipality_dashboard"], ["ar_001"]
        )
        self.start_tour("/odoo", "dura_municipality_dashboard", login="director")

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestArrearsTour(HttpCase):
    """The utility office opens the aged arrears in Chromium as the demo user utility (its
    role's groups only), on the demo data."""

    def test_utility_office_opens_the_aged_arrears(self):
        user = self.env["res.users"].search([("login", "=", "utility")])
        self.assertTrue(user.has_group("dura_utility_billing.group_utility_officer"))
        self.assertFalse(user.has_group("account.group_account_manager"))
        menu = self.env.ref("dura_utility_billing.menu_utility_arrears_report")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(user)._visible_menu_ids())
        self.assertTrue(
            self.env["dura.utility.arrears.report"].with_user(user).search_count([]),
            "the demo has arrears",
        )
        self.start_tour("/odoo", "dura_utility_aged_arrears", login="utility", timeout=120)

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestUtilityDemoIdentity(TransactionCase):
    """The utility app's demo counts in shekels and reads in Arabic beside the service center's
    (demo data required)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.ils = cls.env.ref("base.ILS")

    def test_utility_records_in_shekels(self):
        for model in ("dura.utility.topup", "dura.utility.subscription"):
            records = self.env[model].search([("company_id", "=", self.company.id)])
            self.assertTrue(records)
            self.assertEqual(records.currency_id, self.ils, model)

    def test_billing_run_totals_in_shekels(self):
        """The billing run shows what its bills say, in ₪ (with USD as company currency it
        showed "$315.56" for bills of ₪1,543.30)."""
        runs = (
            self.env["dura.utility.billing.run"]
            .search([("company_id", "=", self.company.id)])
            .filtered("bill_count")
        )
        self.assertTrue(runs)
        for run in runs:
            invoices = (
                self.env["dura.utility.billing.report"].search([("run_id", "=", run.id)]).move_id
            )
            self.assertAlmostEqual(run.amount_billed, sum(invoices.mapped("amount_total")))
            self.assertEqual(invoices.currency_id, self.ils)
            shown = self.env["ir.qweb.field.monetary"].value_to_html(
                run.amount_billed, {"display_currency": run.currency_id}
            )
            self.assertIn("₪", shown)
            self.assertNotIn("$", shown)

    def test_subscription_chatter_in_arabic(self):
        """Loaded after the service center's demo, the utility app's chatter is in Arabic too."""
        subscription = self.env["dura.utility.subscription"].search([], limit=1)
        bodies = [str(body) for body in subscription.message_ids.mapped("body")]
        self.assertNotIn("<p>Utility Subscription created</p>", bodies)
        self.assertIn("<p>اشتراك كهرباء أو مياه تم إنشائها</p>", bodies)

    def test_utility_services_have_their_effects(self):
        ref = self.env.ref
        self.assertEqual(
            [
                ref(f"dura_municipal_requests.{xmlid}").completion_effect
                for xmlid in (
                    "service_electricity_subscription",
                    "service_water_connection",
                    "service_card_to_invoice",
                )
            ],
            ["electricity_subscription", "water_subscription", "card_to_invoice"],
        )

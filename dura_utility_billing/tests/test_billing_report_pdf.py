from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dura_municipality.tests.pdf_tools import render_pdf_text

from .common import DuraUtilityCommon

REPORT = "dura_utility_billing.action_report_utility_billing"


class BillingReportData(DuraUtilityCommon):
    """Two water subscriptions billed for two periods; Hanina pays everything, Karma nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hanina, cls.karma = cls._subscriptions(2)
        subscriptions = cls.hanina | cls.karma
        cls._read(subscriptions, 10, date=cls.previous_period_date)
        cls._run(period=cls.previous_period).action_run_now()
        cls._read(subscriptions, 30)
        cls._run().action_run_now()
        for move in cls.hanina.bill_ids.move_id:
            cls.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=move.ids
            ).create({"journal_id": cls.company_data["default_journal_cash"].id})._create_payments()

    def _wizard(self):
        return self.env["dura.utility.billing.report.wizard"].create({"period": self.period})


@tagged("post_install", "-at_install")
class TestBillingReportFigures(BillingReportData):
    def test_figures_per_utility_and_quarter(self):
        (water,) = self._wizard()._get_figures()
        rows = {row["quarter"]: row for row in water["quarters"]}
        self.assertEqual(set(rows), {"Hanina", "Karma"})
        # 10 m3 then 20 m3 more: 20 x 5.5 + 42 = 152.00; the first period 10 x 5.5 + 42 = 97.00
        bill = self.karma.bill_ids.filtered(lambda b: b.period == self.period).move_id
        self.assertAlmostEqual(bill.amount_total, 152.0)
        self.assertEqual(rows["Hanina"]["bills"], 1)
        self.assertAlmostEqual(rows["Hanina"]["consumption"], 20.0)
        self.assertAlmostEqual(rows["Hanina"]["billed"], 152.0)
        self.assertAlmostEqual(rows["Hanina"]["collected"], 152.0)
        self.assertAlmostEqual(rows["Hanina"]["due"], 0.0)
        self.assertAlmostEqual(rows["Hanina"]["arrears"], 0.0)
        self.assertAlmostEqual(rows["Karma"]["collected"], 0.0)
        self.assertAlmostEqual(rows["Karma"]["due"], 152.0)
        self.assertAlmostEqual(rows["Karma"]["arrears"], 97.0)
        total = water["total"]
        self.assertEqual(total["bills"], 2)
        self.assertAlmostEqual(total["billed"], 304.0)
        self.assertAlmostEqual(total["collected"], 152.0)
        self.assertAlmostEqual(total["due"], 152.0)
        self.assertAlmostEqual(total["arrears"], 97.0)

    def test_period_format(self):
        with self.assertRaisesText(Exception, "YYYY-MM"):
            self.env["dura.utility.billing.report.wizard"].create({"period": "2026/03"})

    def test_query_count(self):
        wizard = self._wizard()
        wizard._get_figures()
        self.env.invalidate_all()
        # one more than before the tables per currency: the currencies' names, for the titles
        with self.assertQueryCount(5):
            wizard._get_figures()


@tagged("post_install", "-at_install")
class TestBillingReportPdf(BillingReportData, HttpCase):
    def _render(self, lang, name):
        return render_pdf_text(self, REPORT, self._wizard().ids, name, lang=lang)

    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_pdf_english(self):
        text = self._render("en_US", "utility_billing_en")
        for label in (
            "Utility Billing Report",
            self.period,
            "Water",
            "Karma",
            "Hanina",
            "Total",
            "Earlier Arrears",
            "304.00",
            "152.00",
            "97.00",
        ):
            self.assertIn(label, text)

    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_pdf_arabic(self):
        text = self._render("ar_001", "utility_billing_ar")
        for label in ("تقرير فواتير المرافق", "المتأخرات السابقة", "الإجمالي", "Karma", "304.00"):
            self.assertIn(label, text)
        self.assertNotIn("Utility Billing Report", text)

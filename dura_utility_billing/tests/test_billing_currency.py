import re
import subprocess
import tempfile

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dura_municipality.tests.pdf_tools import keep_pdf, render_pdf_text

from .common import DuraUtilityCommon

REPORT = "dura_utility_billing.action_report_utility_billing"
PAGE = re.compile(r'<page width="([\d.]+)"')
WORD = re.compile(r'<word xMin="([\d.-]+)" yMin="[\d.-]+" xMax="([\d.-]+)" yMax="[\d.-]+">([^<]*)<')


def words_outside_margins(content, margin_mm=10):
    """Words of the PDF (pdftotext -bbox) reaching into the left or right margin of the
    report's paper format (dura_municipality.paperformat_dura_body_only: 10 mm), where
    wkhtmltopdf clips them."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        xml = subprocess.run(
            ["pdftotext", "-bbox", pdf.name, "-"], capture_output=True, check=True, text=True
        ).stdout
    margin = margin_mm * 72 / 25.4
    outside = []
    for page in xml.split("<page ")[1:]:
        width = float(PAGE.match("<page " + page).group(1))
        for x_min, x_max, word in WORD.findall(page):
            if float(x_min) < margin - 1 or float(x_max) > width - margin + 1:
                outside.append(word)
    return outside


class BilledInShekelsData(DuraUtilityCommon):
    """A municipality whose books are in US dollars and whose tariffs are in shekels (two
    shekels to the dollar): bills, runs and reports must show the shekels billed, never
    Odoo's company-currency conversion."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.usd = cls.env.company.currency_id
        cls.ils = cls.setup_other_currency("ILS", rates=[("2016-01-01", 2.0)])
        cls.water_tariff.currency_id = cls.ils
        cls.hanina, cls.karma = cls._subscriptions(2)
        # 20.005 m3 = 152.04 ILS; 37.777 m3 = 279.99 ILS
        cls._read(cls.hanina | cls.karma, [20.005, 37.777])
        cls.shekel_run = cls._run()
        cls.shekel_run.action_run_now()
        move = cls.hanina.bill_ids.move_id
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids
        ).create({"journal_id": cls.company_data["default_journal_cash"].id})._create_payments()

    def _wizard(self):
        return self.env["dura.utility.billing.report.wizard"].create({"period": self.period})


@tagged("post_install", "-at_install")
class TestBilledCurrency(BilledInShekelsData):
    def test_setting_books_in_dollars_bills_in_shekels(self):
        self.assertEqual(self.usd.name, "USD")
        move = self.karma.bill_ids.move_id
        self.assertEqual(move.currency_id, self.ils)
        self.assertEqual(move.amount_total, 279.99)
        self.assertAlmostEqual(move.amount_total_signed, 140.0, places=2)  # Odoo's conversion

    def test_run_total_in_the_currency_billed(self):
        self.assertEqual(self.shekel_run.state, "done", self.shekel_run.error_message)
        self.assertEqual(self.shekel_run.currency_id, self.ils)
        self.assertAlmostEqual(self.shekel_run.amount_billed, 152.04 + 279.99)
        self.assertEqual(self.shekel_run.bill_ids.currency_id, self.ils)
        self.assertEqual(sorted(self.shekel_run.bill_ids.mapped("amount_billed")), [152.04, 279.99])

    def test_billed_vs_collected_in_the_currency_billed(self):
        groups = self.env["dura.utility.billing.report"]._read_group(
            [("run_id", "=", self.shekel_run.id)],
            ["currency_id"],
            ["amount_billed:sum", "amount_collected:sum", "amount_due:sum"],
        )
        self.assertEqual(len(groups), 1)
        currency, billed, collected, due = groups[0]
        self.assertEqual(currency, self.ils)
        self.assertAlmostEqual(billed, 432.03)
        self.assertAlmostEqual(collected, 152.04)
        self.assertAlmostEqual(due, 279.99)

    def test_report_figures_in_the_currency_billed(self):
        (water,) = self._wizard()._get_figures()
        self.assertEqual(water["currency"], self.ils)
        self.assertEqual(water["title"], "Water")
        total = water["total"]
        self.assertAlmostEqual(total["billed"], 432.03)
        self.assertAlmostEqual(total["collected"], 152.04)
        self.assertAlmostEqual(total["due"], 279.99)
        self.assertAlmostEqual(total["consumption"], 57.782)

    def test_one_table_per_currency(self):
        dollar_tariff = self.water_tariff.copy({"name": "Water in dollars"})
        dollar_tariff.currency_id = self.usd
        other = self._subscriptions(1, tariff_id=dollar_tariff.id)
        self._read(other, 10)
        run = self._run()
        run.action_run_now()
        self.assertEqual(run.currency_id, self.usd)
        self.assertAlmostEqual(run.amount_billed, 97.0)  # 10 x 5.5 + 42
        tables = {group["currency"]: group for group in self._wizard()._get_figures()}
        self.assertEqual(set(tables), {self.ils, self.usd})
        self.assertEqual(tables[self.usd]["title"], "Water (USD)")
        self.assertAlmostEqual(tables[self.usd]["total"]["billed"], 97.0)
        self.assertAlmostEqual(tables[self.ils]["total"]["billed"], 432.03)

    @mute_logger("odoo.addons.dura_utility_billing.models.dura_utility_billing_run")
    def test_a_run_bills_in_one_currency(self):
        dollar_tariff = self.water_tariff.copy({"name": "Water in dollars"})
        dollar_tariff.currency_id = self.usd
        shekels, dollars = self._subscriptions(2)
        dollars.tariff_id = dollar_tariff
        self._read(shekels | dollars, 10, date=self.previous_period_date)
        run = self._run(period=self.previous_period)
        run.action_run_now()
        self.assertEqual(run.state, "failed")
        self.assertIn("several currencies", run.error_message)
        self.assertFalse(run.bill_ids)

    def test_tariff_currency_line_amounts_unchanged(self):
        # the tariff's arithmetic in its own currency, whatever the company's
        move = self.hanina.bill_ids.move_id
        self.assertEqual(move.invoice_line_ids.mapped("price_subtotal"), [110.0, 0.04, 42.0])
        self.assertEqual(move.invoice_line_ids[1].quantity, 0.005)


@tagged("post_install", "-at_install")
class TestBilledCurrencyPdf(BilledInShekelsData, HttpCase):
    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_pdf_shows_shekels(self):
        text = render_pdf_text(self, REPORT, self._wizard().ids, "billing_ils_en", lang="en_US")
        for label in ("₪", "432.03", "152.04", "279.99"):
            self.assertIn(label, text)
        self.assertNotIn("$", text)
        self.assertNotIn("216.02", text)  # the dollar conversion of 432.03

    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_pdf_one_table_per_currency_within_the_page(self):
        """Two currencies for one utility: each table in its own, titled with its code; in
        Arabic the code once pushed the title past the right margin."""
        dollar_tariff = self.water_tariff.copy({"name": "Water in dollars"})
        dollar_tariff.currency_id = self.usd
        other = self._subscriptions(1, tariff_id=dollar_tariff.id)
        self._read(other, 10)
        self._run().action_run_now()
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        for lang in ("en_US", "ar_001"):
            content, _type = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True, lang=lang)
                ._render_qweb_pdf(REPORT, self._wizard().ids)
            )
            keep_pdf(content, f"billing_two_currencies_{lang}")
            with self.subTest(lang=lang):
                self.assertEqual(words_outside_margins(content), [])
        text = render_pdf_text(self, REPORT, self._wizard().ids, "billing_two_en", lang="en_US")
        for label in ("Water (ILS)", "Water (USD)", "₪ 432.03", "$ 97.00"):
            self.assertIn(label, text)

    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_pdf_arabic_shows_shekels(self):
        text = render_pdf_text(self, REPORT, self._wizard().ids, "billing_ils_ar", lang="ar_001")
        for label in ("₪", "432.03"):
            self.assertIn(label, text)
        self.assertNotIn("$", text)

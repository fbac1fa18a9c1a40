from dateutil.relativedelta import relativedelta

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dura_municipality.tests.pdf_tools import (
    assert_clean_pdf,
    pdf_words,
    render_pdf,
)

from .common import DuraUtilityCommon

BILL = "dura_utility_billing.action_report_utility_bill"
STOCK_INVOICE = "account.account_invoices_without_payment"
TOPUP = "dura_utility_billing.action_report_topup_receipt"
DATE = "%d/%m/%Y"


class BillData(DuraUtilityCommon):
    """Three bills of the period, each with an earlier bill left unpaid, computed by hand:

    - Arabic water bill, estimated reading 10 -> 65.5 (55.5 m3): 20 x 5.50 + 20 x 7.20
      + 15.5 x 9.50 + 42.00 fixed = 110.00 + 144.00 + 147.25 + 42.00 = 443.25; arrears 97.00
      (the earlier 10 m3: 10 x 5.50 + 42.00); total due 540.25.
    - English water bill, meter replaced: old meter 10 -> 30, new meter 0 -> 12.25 (32.25 m3):
      20 x 5.50 + 12.25 x 7.20 + 42.00 = 110.00 + 88.20 + 42.00 = 240.20; 50.00 paid on it;
      arrears 97.00; total due 190.20 + 97.00 = 287.20.
    - English electricity bill after a card-to-invoice conversion carrying 30.00 of card
      credit: 100 kWh x 0.49 = 49.00 - 30.00 = 19.00.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.water_ar = cls._subscriptions(1, partner=cls.citizen_ar)
        cls.water_en = cls._subscriptions(1, partner=cls.citizen_en)
        water = cls.water_ar | cls.water_en
        cls._read(water, 10, date=cls.previous_period_date)
        cls.previous_run = cls._run(period=cls.previous_period, send_sms=False)
        cls.previous_run.action_run_now()
        cls._read(cls.water_ar, 65.5, estimated=True)
        cls.env["dura.utility.reading"].create(
            {
                "subscription_id": cls.water_en.id,
                "date": cls.period_date,
                "kind": "replacement",
                "meter_number": "W-NEW-77",
                "old_meter_final_value": 30,
                "new_meter_initial_value": 0,
                "value": 12.25,
            }
        )
        cls.billing_run = cls._run(send_sms=False)
        cls.billing_run.action_run_now()
        cls.bill_ar = cls._bill(cls.water_ar)
        cls.bill_en = cls._bill(cls.water_en)
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=cls.bill_en.ids
        ).create(
            {"journal_id": cls.company_data["default_journal_cash"].id, "amount": 50.0}
        )._create_payments()
        cls.card = cls._subscriptions(1, "electricity", "prepaid", partner=cls.citizen_en)
        cls._read(cls.card, 1000, date=cls.previous_period_date)
        cls.card.convert_to_postpaid(
            1180,
            0,
            30.0,
            credit_policy="carry_forward",
            date=cls.previous_period_date + relativedelta(days=1),
            new_meter_number="E-POST-9",
        )
        cls._read(cls.card, 100)
        cls._run("electricity", send_sms=False).action_run_now()
        cls.bill_card = cls._bill(cls.card)
        cls.other_invoice = cls.init_invoice("out_invoice", amounts=[100.0], post=True)

    @classmethod
    def _bill(cls, subscription):
        return subscription.bill_ids.filtered(lambda b: b.period == cls.period).move_id

    def _money(self, amount):
        """An amount as the bill prints it, e.g. '540.25'."""
        return f"{amount:,.2f}"


@tagged("post_install", "-at_install")
class TestBillPrintData(BillData):
    def test_hand_computed_bills(self):
        self.assertAlmostEqual(self.bill_ar.amount_total, 443.25)
        self.assertAlmostEqual(self.bill_en.amount_total, 240.20)
        self.assertAlmostEqual(self.bill_en.amount_residual, 190.20)
        self.assertAlmostEqual(self.bill_card.amount_total, 19.0)

    def test_print_data(self):
        data = (self.bill_ar | self.bill_en | self.bill_card)._dura_bill_print_data()
        ar = data[self.bill_ar.id]
        self.assertEqual(
            [(kind, number) for kind, _line, number in ar["lines"]],
            [("block", 1), ("block", 2), ("block", 3), ("fixed", None)],
        )
        self.assertEqual(
            [line.quantity for _kind, line, _number in ar["lines"]], [20.0, 20.0, 15.5, 1.0]
        )
        self.assertEqual(ar["previous_date"], self.previous_period_date)
        previous_ar = self.water_ar.bill_ids.filtered(lambda b: b.period != self.period)
        self.assertEqual(ar["arrears"], [previous_ar.move_id])
        self.assertAlmostEqual(ar["arrears_total"], 97.0)
        self.assertAlmostEqual(ar["total_due"], 540.25)
        en = data[self.bill_en.id]
        self.assertEqual(en["reading"].kind, "replacement")
        self.assertAlmostEqual(en["total_due"], 287.20)
        card = data[self.bill_card.id]
        self.assertEqual([kind for kind, _line, _number in card["lines"]], ["block", "credit"])
        self.assertFalse(card["arrears"])
        self.assertAlmostEqual(card["total_due"], 19.0)
        # the earlier bill lists no later bill as its arrears
        earlier = previous_ar.move_id._dura_bill_print_data()[previous_ar.move_id.id]
        self.assertFalse(earlier["arrears"])
        # an invoice that is not a utility bill has no bill data
        self.assertFalse(self.other_invoice._dura_bill_print_data())

    def test_print_data_queries_do_not_grow_with_bills(self):
        """A billing run prints thousands of bills: the data of all of them in a fixed number
        of queries."""
        moves = self.bill_ar | self.bill_en | self.bill_card
        moves._dura_bill_print_data()  # the access rules' caches, warm as in production
        for bills in (moves, self.bill_ar):
            self.env.invalidate_all()
            with self.assertQueryCount(13):
                bills._dura_bill_print_data()

    def test_print_actions(self):
        action = self.bill_ar.action_print_dura_bill()
        self.assertEqual(action["report_name"], "dura_utility_billing.report_utility_bill")
        self.assertEqual(action["context"]["active_ids"], self.bill_ar.ids)
        with self.assertRaisesText(UserError, "Only posted utility bills"):
            self.other_invoice.action_print_dura_bill()
        # the subscription prints its latest bill (its arrears are on it)
        action = self.water_ar.action_print_bill()
        self.assertEqual(action["context"]["active_ids"], self.bill_ar.ids)
        never_billed = self._subscriptions(1)
        with self.assertRaisesText(UserError, "has no posted bill yet"):
            never_billed.action_print_bill()
        # the run prints all its bills, in delivery order
        action = self.billing_run.action_print_bills()
        self.assertEqual(
            action["context"]["active_ids"],
            self.billing_run.bill_ids.sorted(
                lambda b: (b.quarter, b.subscription_id.name)
            ).move_id.ids,
        )
        with self.assertRaisesText(UserError, "no posted bill"):
            self._run(period="2020-01").action_print_bills()

    def test_print_menu(self):
        """The Print menu offers the municipal bill on utility bills only."""
        report = self.env.ref(BILL)
        reports = self.env["ir.actions.report"].search(
            [("binding_model_id.model", "=", "account.move")]
        )
        self.assertIn(report, reports)
        self.assertIn(report.id, reports.get_valid_action_reports("account.move", self.bill_ar.ids))
        self.assertNotIn(
            report.id, reports.get_valid_action_reports("account.move", self.other_invoice.ids)
        )

    def test_odoo_invoice_report_prints_the_bill(self):
        """Odoo's own invoice reports (Print menu, Send & Print, the portal) print a utility
        bill as the municipal bill, without the empty room of a header, and any other invoice
        as Odoo does."""
        html = self.env["ir.actions.report"]._render_qweb_html(STOCK_INVOICE, self.bill_ar.ids)[0]
        html = html.decode()
        self.assertIn("o_dura_bill", html)
        self.assertIn(self.water_ar.meter_number, html)
        self.assertRegex(html, r'data-report-margin-top="12(\.0)?"')
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(STOCK_INVOICE, self.other_invoice.ids)[0]
            .decode()
        )
        self.assertNotIn("o_dura_bill", html)
        self.assertNotIn("data-report-margin-top", html)


@tagged("post_install", "-at_install")
class TestBillPdf(BillData, HttpCase):
    """The municipal bill as a real PDF through wkhtmltopdf, read back with its words'
    positions, in Arabic and in English."""

    def _words_of(self, move, *more):
        return (
            move.name,
            move.dura_subscription_id.name,
            move.invoice_date.strftime(DATE),
            move.invoice_date_due.strftime(DATE),
            *more,
        )

    # Without the `rtlcss` tool Odoo serves the left-to-right CSS to Arabic pages and warns.
    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_bill_arabic(self):
        content = render_pdf(self, BILL, self.bill_ar.ids, "bill_ar")
        previous = self.water_ar.bill_ids.filtered(lambda b: b.period != self.period).move_id
        text = assert_clean_pdf(
            self,
            content,
            self._words_of(
                self.bill_ar,
                "محمد أحمد عمرو",
                "فاتورة مياه",
                "القراءة السابقة",
                "القراءة الحالية",
                "تقديرية",
                "الاستهلاك",
                "الشريحة",
                "الرسم الثابت",
                "فواتير سابقة غير مدفوعة",
                "إجمالي المستحق",
                "طريقة الدفع",
                "مرجع الدفع",
                self.water_ar.meter_number,
                self.period,
                self.period_date.strftime(DATE),
                self.previous_period_date.strftime(DATE),
                "10.000",
                "65.500",
                "55.500",
                "15.500",
                "147.25",
                "443.25",
                previous.name,
                "97.00",
                "540.25",
            ),
        )
        self.assertNotIn("Water Bill", text)
        self.assertEqual(len(pdf_words(content)), 1)

    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_bills_english(self):
        """Two bills, two pages: a meter replaced and a partial payment; a card credit."""
        content = render_pdf(self, BILL, (self.bill_en | self.bill_card).ids, "bill_en")
        pages = pdf_words(content)
        self.assertEqual(len(pages), 2)
        assert_clean_pdf(
            self,
            content,
            (
                *self._words_of(self.bill_en),
                *self._words_of(self.bill_card),
                "Sami Dudeen",
                "Water Bill",
                "Electricity Bill",
                "Replaced meter",
                "Meter replaced",
                "Final reading of the replaced meter",
                "Initial index of the new meter",
                "W-NEW-77",
                "30.000",
                "12.250",
                "32.250",
                "88.20",
                "240.20",
                "Already paid on this bill",
                "-50.00",
                "287.20",
                "E-POST-9",
                "Prepaid card credit carried forward",
                "-30.00",
                "19.00",
                "kWh",
                "The municipality's cashier counter",
            ),
        )
        # each bill on its own page
        first = " ".join(word for word, _box in pages[0][2])
        self.assertIn(self.bill_en.name, first)
        self.assertNotIn(self.bill_card.name, first)

    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_billing_run_one_bill_per_page(self):
        action = self.billing_run.action_print_bills()
        moves = self.env["account.move"].browse(action["context"]["active_ids"])
        content = render_pdf(self, BILL, moves.ids, "bill_run")
        pages = pdf_words(content)
        self.assertEqual(len(pages), len(moves))
        for move, (_width, _height, words) in zip(moves, pages, strict=True):
            self.assertIn(move.name, [word for word, _box in words])
        assert_clean_pdf(self, content, ("فاتورة مياه", "Water Bill"))

    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_odoo_invoice_report_pdf(self):
        """The bill through Odoo's own invoice report, on the company's paperformat."""
        content = render_pdf(self, STOCK_INVOICE, self.bill_ar.ids, "bill_ar_stock_report")
        paperformat = self.env.company.paperformat_id
        margins = (paperformat.margin_left, 12, paperformat.margin_right, paperformat.margin_bottom)
        assert_clean_pdf(
            self,
            content,
            (self.bill_ar.name, "فاتورة مياه", "540.25"),
            margins=tuple(margin * 72 / 25.4 for margin in margins),
        )

    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_topup_receipt(self):
        """The top-up receipt, archived too, carries its figures as text in both scripts."""
        topup = self.env["dura.utility.topup"].create(
            {
                "subscription_id": self._subscriptions(
                    1, "electricity", "prepaid", partner=self.citizen_ar
                ).id,
                "amount": 125.5,
                "journal_id": self.company_data["default_journal_cash"].id,
                "token": "12345678901234567890",
            }
        )
        topup.action_confirm()
        # its invoice (the sale of the credit) is no utility bill: it keeps Odoo's print
        sale = topup.move_id
        self.assertEqual(sale.state, "posted")
        self.assertFalse(sale._is_dura_utility_bill())
        self.assertEqual(sale._get_name_invoice_report(), "account.report_invoice_document")
        with self.assertRaises(UserError):
            sale.action_print_dura_bill()
        content = render_pdf(self, TOPUP, topup.ids, "topup_receipt_ar")
        assert_clean_pdf(
            self,
            content,
            (
                "إيصال تعبئة بطاقة مسبقة الدفع",
                "محمد أحمد عمرو",
                topup.name,
                topup.subscription_id.name,
                topup.meter_number,
                "125.50",
                "12345678901234567890",
            ),
        )

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from .common import DuraUtilityCommon


@tagged("post_install", "-at_install")
class TestArrearsReport(DuraUtilityCommon):
    """Aged arrears by utility and quarter, with known figures: partial payments, credit notes
    applied and not yet applied, two utilities, paid and draft documents left out."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.water = cls._subscriptions(1, quarter="Hanina")
        cls.electricity = cls._subscriptions(1, utility="electricity", quarter="Karma")
        cls.today = fields.Date.context_today(cls.env["res.users"])

    def _document(self, subscription, amount, days_late, move_type="out_invoice", post=True):
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": subscription.partner_id.id,
                "dura_subscription_id": subscription.id,
                "invoice_date": self.today - timedelta(days=days_late + 30),
                "invoice_date_due": self.today - timedelta(days=days_late),
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Bill", "quantity": 1, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        if post:
            move.action_post()
        return move

    def _pay(self, move, amount=None):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids
        ).create({"amount": amount} if amount is not None else {})._create_payments()

    @staticmethod
    def _reconcile(*moves):
        lines = moves[0].env["account.move.line"].concat(*(move.line_ids for move in moves))
        lines.filtered(lambda line: line.account_id.account_type == "asset_receivable").reconcile()

    def test_buckets_with_known_figures(self):
        self._document(self.water, 100, -5)  # due in 5 days
        self._document(self.water, 10, 0)  # due today: not late yet
        partly = self._document(self.water, 200, 10)
        self._pay(partly, 80)  # 120 left, 10 days late
        self._document(self.water, 50, 45)
        credited = self._document(self.water, 70, 75)
        note = self._document(self.water, 30, 75, move_type="out_refund")
        self._reconcile(credited, note)  # 40 left on the bill, the note used up
        self._document(self.water, 90, 120)
        self._document(self.electricity, 300, 91)
        # a credit note not applied yet: negative, where its own date falls
        self._document(self.electricity, 20, 40, move_type="out_refund")
        self._pay(self._document(self.electricity, 999, 20))  # paid: left out
        self._document(self.electricity, 555, 20, post=False)  # draft: left out

        Report = self.env["dura.utility.arrears.report"]
        domain = [("subscription_id", "in", (self.water | self.electricity).ids)]
        figures = {
            (utility, quarter, aging): amount
            for utility, quarter, aging, amount in Report._read_group(
                domain, ["utility", "quarter", "aging"], ["amount_residual:sum"]
            )
        }
        self.assertEqual(
            figures,
            {
                ("water", "Hanina", "not_due"): 110.0,
                ("water", "Hanina", "0_30"): 120.0,
                ("water", "Hanina", "31_60"): 50.0,
                ("water", "Hanina", "61_90"): 40.0,
                ("water", "Hanina", "over_90"): 90.0,
                ("electricity", "Karma", "31_60"): -20.0,
                ("electricity", "Karma", "over_90"): 300.0,
            },
        )
        # the list's columns add up per bucket and to the open amount
        [[not_due, late_30, late_60, late_90, over_90, total]] = Report._read_group(
            domain,
            [],
            [
                "amount_not_due:sum",
                "amount_0_30:sum",
                "amount_31_60:sum",
                "amount_61_90:sum",
                "amount_over_90:sum",
                "amount_residual:sum",
            ],
        )
        self.assertEqual(
            (not_due, late_30, late_60, late_90, over_90, total),
            (110.0, 120.0, 30.0, 40.0, 390.0, 690.0),
        )
        partly_row = Report.search([("move_id", "=", partly.id)])
        self.assertEqual((partly_row.days_overdue, partly_row.aging), (10, "0_30"))

    def test_the_same_arrears_as_the_clearance(self):
        """The report and res.partner._dura_utility_arrears read the same ledger."""
        self._document(self.water, 100, 10)
        self._document(self.electricity, 60, -3)
        lines = self.citizen_en._dura_utility_arrears()
        [[total]] = self.env["dura.utility.arrears.report"]._read_group(
            [("partner_id", "=", self.citizen_en.id)], [], ["amount_residual:sum"]
        )
        self.assertEqual(total, sum(line.amount for line in lines))
        self.assertEqual(total, 160.0)

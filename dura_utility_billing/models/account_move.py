from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

BILL_TEMPLATE = "dura_utility_billing.report_utility_bill_document"
BILL_REPORT = "dura_utility_billing.action_report_utility_bill"
# what a bill still owes: Odoo's states of a posted invoice not (fully) paid
OPEN_PAYMENT_STATES = ("not_paid", "partial")


class AccountMove(models.Model):
    _name = "account.move"
    # the bill SMS is sent through the gateway's public entry point
    _inherit = ["account.move", "dura.sms.sender.mixin"]

    dura_subscription_id = fields.Many2one(
        "dura.utility.subscription",
        string="Utility Subscription",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )
    dura_period = fields.Char("Billing Period", readonly=True, copy=False)
    dura_estimated = fields.Boolean(
        "Estimated Reading",
        readonly=True,
        copy=False,
        help="Billed on an estimated reading: the next reading taken on the meter corrects it.",
    )
    # Why collection leaves this bill alone for now (no notice, fee or disconnection): the
    # payment plan that took it over, a dispute the citizen raised, a correction waiting for
    # approval. Empty: the bill is collected by the policy when it is overdue.
    dura_collection_hold = fields.Selection(
        [
            ("plan", "In a Payment Plan"),
            ("dispute", "Disputed"),
            ("correction", "Under Correction"),
        ],
        string="Collection Hold",
        copy=False,
        index="btree_not_null",
        tracking=True,
    )

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_print_dura_bill(self):
        """Print the municipal bill of these utility bills (one page each)."""
        bills = self.filtered(lambda move: move._is_dura_utility_bill())
        if not bills:
            raise UserError(self.env._("Only posted utility bills print as a municipal bill."))
        return self.env.ref(BILL_REPORT).report_action(bills, config=False)

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _is_dura_utility_bill(self):
        """A posted invoice of a billing run: it has a subscription and a billed period. The
        sale of a card top-up has a subscription too, but no period: it keeps Odoo's invoice
        (the citizen's document for it is the top-up receipt)."""
        self.ensure_one()
        return bool(
            self.dura_subscription_id
            and self.dura_period
            and self.move_type == "out_invoice"
            and self.state == "posted"
        )

    def _get_name_invoice_report(self):
        """Odoo's invoice reports (the Print menu, Send & Print, the portal) print a utility
        bill as the municipal bill, like its own print button."""
        if self._is_dura_utility_bill():
            return BILL_TEMPLATE
        return super()._get_name_invoice_report()

    def _dura_bill_print_data(self):
        """What the printed bill shows beyond the invoice, for all bills in ``self`` at once
        (a billing run prints thousands): {move id: {bill, reading, previous_date, lines
        (kind, line, block number), arrears (earlier open bills of the same subscription),
        arrears_total, total_due}}. A fixed number of queries, whatever the number of bills."""
        moves = self.filtered(lambda move: move._is_dura_utility_bill())
        bills = self.env["dura.utility.bill"].search([("move_id", "in", moves.ids)])
        bill_of = {bill.move_id.id: bill for bill in bills}
        previous_dates = self._dura_previous_reading_dates(bills.reading_id)
        earlier = self.search(
            [
                ("dura_subscription_id", "in", moves.dura_subscription_id.ids),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", OPEN_PAYMENT_STATES),
            ],
            order="dura_period, id",
        )
        earlier_of = defaultdict(list)
        for move in earlier:
            earlier_of[move.dura_subscription_id.id].append(move)
        block_numbers = {
            block.id: number
            for tariff in moves.invoice_line_ids.dura_tariff_block_id.tariff_id
            for number, block in enumerate(
                tariff.block_ids.sorted(lambda b: (b.from_units, b.sequence, b.id)), 1
            )
        }
        data = {}
        for move in moves:
            bill = bill_of.get(move.id, self.env["dura.utility.bill"])
            arrears = [
                other
                for other in earlier_of[move.dura_subscription_id.id]
                if (other.dura_period or "", other.id) < (move.dura_period or "", move.id)
                and other.currency_id == move.currency_id
            ]
            arrears_total = sum(other.amount_residual for other in arrears)
            data[move.id] = {
                "bill": bill,
                "reading": bill.reading_id,
                "previous_date": previous_dates.get(bill.reading_id.id)
                or move.dura_subscription_id.start_date,
                "lines": [
                    (
                        line.dura_bill_line_kind or "other",
                        line,
                        block_numbers.get(line.dura_tariff_block_id.id),
                    )
                    for line in move.invoice_line_ids.filtered(
                        lambda line: line.display_type == "product"
                    )
                ],
                "arrears": arrears,
                "arrears_total": arrears_total,
                "total_due": move.currency_id.round(move.amount_residual + arrears_total),
            }
        return data

    def _dura_previous_reading_dates(self, readings):
        """{reading id: date of the subscription's reading before it}, in one query."""
        if not readings:
            return {}
        self.env["dura.utility.reading"].flush_model(["subscription_id", "date"])
        self.env.cr.execute(
            SQL(
                "SELECT reading.id, previous.date FROM dura_utility_reading reading "
                "CROSS JOIN LATERAL (SELECT other.date FROM dura_utility_reading other "
                "WHERE other.subscription_id = reading.subscription_id "
                "AND (other.date, other.id) < (reading.date, reading.id) "
                "ORDER BY other.date DESC, other.id DESC LIMIT 1) previous "
                "WHERE reading.id IN %s",
                tuple(readings.ids),
            )
        )
        return dict(self.env.cr.fetchall())

from odoo import api, fields, models

from ..tools.selections import CREDIT_POLICIES


class DuraUtilityConversionWizard(models.TransientModel):
    _name = "dura.utility.conversion.wizard"
    _description = "Convert a Card Meter to Invoice Billing"

    subscription_id = fields.Many2one(
        "dura.utility.subscription",
        required=True,
        domain="[('billing_mode', '=', 'prepaid'), ('state', '!=', 'closed')]",
    )
    partner_id = fields.Many2one(related="subscription_id.partner_id")
    currency_id = fields.Many2one(related="subscription_id.currency_id")
    meter_number = fields.Char(related="subscription_id.meter_number")
    last_reading_value = fields.Float(related="subscription_id.last_reading_value")
    balance = fields.Monetary(related="subscription_id.balance")
    date = fields.Date(required=True, default=fields.Date.context_today)
    final_reading = fields.Float("Final Card Reading", required=True, digits=(16, 3))
    remaining_credit = fields.Monetary(
        "Remaining Card Credit",
        compute="_compute_remaining_credit",
        store=True,
        readonly=False,
        help="Credit still on the card, read on the meter. Proposed: the card credit sold and "
        "not yet settled; correct it to what the meter shows.",
    )
    credit_difference = fields.Monetary(
        "Credit Not Returned",
        compute="_compute_credit_difference",
        help="Card credit sold minus the remaining credit entered: taken as used on the meter "
        "and neither refunded nor carried forward.",
    )
    credit_warning = fields.Char(compute="_compute_credit_difference")
    credit_policy = fields.Selection(
        CREDIT_POLICIES,
        required=True,
        compute="_compute_credit_policy",
        store=True,
        readonly=False,
    )
    new_meter_number = fields.Char(help="Fill in when a new postpaid meter is installed.")
    opening_reading = fields.Float(required=True, digits=(16, 3))

    @api.depends("subscription_id")
    def _compute_remaining_credit(self):
        for wizard in self:
            wizard.remaining_credit = max(wizard.subscription_id.balance, 0.0)

    @api.depends("balance", "remaining_credit", "currency_id")
    def _compute_credit_difference(self):
        for wizard in self:
            wizard.credit_difference = difference = wizard.balance - wizard.remaining_credit
            currency = wizard.currency_id or self.env.company.currency_id
            if currency.is_zero(difference):
                wizard.credit_warning = False
            elif difference > 0:
                wizard.credit_warning = self.env._(
                    "The card was sold %(sold)s of credit not yet settled; you entered %(left)s "
                    "left on the card. The difference, %(difference)s, is taken as used on the "
                    "meter: it is neither refunded nor carried forward, and the chatter records "
                    "it.",
                    sold=currency.format(wizard.balance),
                    left=currency.format(wizard.remaining_credit),
                    difference=currency.format(difference),
                )
            else:
                wizard.credit_warning = self.env._(
                    "You entered %(left)s left on the card, %(difference)s more than the credit "
                    "sold and not yet settled (%(sold)s): check the meter before converting.",
                    sold=currency.format(wizard.balance),
                    left=currency.format(wizard.remaining_credit),
                    difference=currency.format(-difference),
                )

    @api.depends("subscription_id")
    def _compute_credit_policy(self):
        for wizard in self:
            wizard.credit_policy = (
                wizard.subscription_id.company_id.dura_conversion_credit_policy
                or self.env.company.dura_conversion_credit_policy
                or "credit_note"
            )

    def action_convert(self):
        self.ensure_one()
        self.subscription_id.convert_to_postpaid(
            self.final_reading,
            self.opening_reading,
            self.remaining_credit,
            credit_policy=self.credit_policy,
            date=self.date,
            new_meter_number=self.new_meter_number,
        )
        return {"type": "ir.actions.act_window_close"}

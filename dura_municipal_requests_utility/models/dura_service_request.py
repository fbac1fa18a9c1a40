from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.dura_utility_billing.models.dura_utility_tariff import UTILITIES
from odoo.addons.dura_utility_billing.tools.selections import CREDIT_POLICIES

# the utility of the subscription each effect creates (a conversion keeps its subscription's)
EFFECT_UTILITY = {"electricity_subscription": "electricity", "water_subscription": "water"}


class DuraServiceRequest(models.Model):
    """Utility requests: the subscription a done request creates in dura_utility_billing, or
    the prepaid (card) subscription it converts to invoice billing."""

    _inherit = "dura.service.request"

    utility = fields.Selection(
        UTILITIES,
        compute="_compute_utility",
        help="Utility of the subscription this request creates or converts.",
    )
    meter_number = fields.Char(
        tracking=True,
        copy=False,
        help="Meter installed for the new subscription (filled by the department before done).",
    )
    quarter = fields.Char(help="Quarter or neighbourhood of the meter.")
    tariff_id = fields.Many2one(
        "dura.utility.tariff",
        check_company=True,
        domain="[('utility', '=', utility), ('billing_mode', 'in', ('postpaid', 'both'))]",
        help="Tariff of the new subscription; empty = the first invoice (postpaid) tariff of the "
        "utility, residential tariffs first.",
    )
    subscription_id = fields.Many2one(
        "dura.utility.subscription",
        tracking=True,
        copy=False,
        check_company=True,
        domain="[('partner_id', '=', partner_id), ('billing_mode', '=', 'prepaid'), "
        "('state', '!=', 'closed')]",
        help="The subscription created by this request, or the prepaid subscription to convert.",
    )
    final_reading = fields.Float(
        "Final Card Reading", digits=(16, 3), copy=False, help="Last index of the card meter."
    )
    opening_reading = fields.Float(
        digits=(16, 3), copy=False, help="First index of the invoice-billed meter."
    )
    new_meter_number = fields.Char(
        copy=False, help="Meter of the invoice billing, when the card meter is replaced."
    )
    remaining_credit = fields.Monetary(
        "Remaining Card Credit",
        currency_field="currency_id",
        copy=False,
        help="Credit left on the card, refunded or carried forward.",
    )
    credit_policy = fields.Selection(
        CREDIT_POLICIES,
        string="Remaining Credit",
        help="Empty = the company's setting.",
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("service_type_id.completion_effect", "subscription_id.utility")
    def _compute_utility(self):
        for request in self:
            effect = request.service_type_id.completion_effect
            request.utility = EFFECT_UTILITY.get(effect) or (
                effect == "card_to_invoice" and request.subscription_id.utility
            )

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _dura_apply_completion_effect(self, effect):
        if effect in EFFECT_UTILITY:
            return self._effect_create_subscription()
        if effect == "card_to_invoice":
            return self._effect_convert_to_postpaid()
        return super()._dura_apply_completion_effect(effect)

    def _effect_create_subscription(self):
        """A draft utility subscription for the citizen; the utility office activates it."""
        self.ensure_one()
        if not self.meter_number:
            raise UserError(self.env._("Enter the number of the installed meter."))
        tariff = (
            self.tariff_id
            or self.env["dura.utility.tariff"]
            .search(
                [
                    ("utility", "=", self.utility),
                    ("billing_mode", "in", ("postpaid", "both")),
                    ("company_id", "in", (False, self.company_id.id)),
                ],
                order="id",
            )
            .sorted(lambda tariff: tariff.category != "residential")[:1]
        )
        if not tariff:
            raise UserError(
                self.env._(
                    "No invoice (postpaid) tariff exists for %(utility)s; create one first.",
                    utility=dict(self._fields["utility"]._description_selection(self.env))[
                        self.utility
                    ],
                )
            )
        subscription = self.env["dura.utility.subscription"].create(
            {
                "partner_id": self.partner_id.id,
                "utility": self.utility,
                "meter_number": self.meter_number,
                "billing_mode": "postpaid",
                "tariff_id": tariff.id,
                "quarter": self.quarter,
                "company_id": self.company_id.id,
                "start_date": fields.Date.context_today(self),
            }
        )
        self.subscription_id = subscription
        subscription.message_post(
            body=self.env._(
                "Created by service request %(request)s.", request=self._get_html_link()
            ),
            subtype_xmlid="mail.mt_note",
        )
        self.message_post(
            body=self.env._(
                "Subscription %(subscription)s created (draft).",
                subscription=subscription._get_html_link(),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return subscription

    def _effect_convert_to_postpaid(self):
        """Convert the chosen prepaid (card) subscription to invoice billing."""
        self.ensure_one()
        subscription = self.subscription_id
        if not subscription:
            raise UserError(self.env._("Choose the prepaid subscription to convert."))
        if subscription.partner_id.commercial_partner_id != self.partner_id.commercial_partner_id:
            raise UserError(
                self.env._(
                    "Subscription %(subscription)s does not belong to %(citizen)s.",
                    subscription=subscription.display_name,
                    citizen=self.partner_id.display_name,
                )
            )
        subscription.convert_to_postpaid(
            self.final_reading,
            self.opening_reading,
            self.remaining_credit,
            credit_policy=self.credit_policy or None,
            date=fields.Date.context_today(self),
            new_meter_number=self.new_meter_number or None,
        )
        self.message_post(
            body=self.env._(
                "Subscription %(subscription)s converted to invoice billing.",
                subscription=subscription._get_html_link(),
            ),
            subtype_xmlid="mail.mt_note",
        )

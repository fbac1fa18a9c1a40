from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero


# one file per concern of the subscription, on purpose (see dura_utility_subscription.py)
class DuraUtilitySubscription(models.Model):
    """Conversion of a prepaid (card) meter to invoice billing: the final card reading, the
    credit left on the card, the opening reading of postpaid billing."""

    _inherit = "dura.utility.subscription"  # pylint: disable=consider-merging-classes-inherited

    def convert_to_postpaid(
        self,
        final_reading,
        opening_reading,
        remaining_credit,
        credit_policy=None,
        date=None,
        new_meter_number=None,
    ):
        """Card-to-invoice conversion of a prepaid subscription.

        Records the final card reading (``final_reading``) and the opening reading of the
        postpaid meter (``opening_reading``; on ``new_meter_number`` when the meter is
        replaced), settles ``remaining_credit`` either by a posted credit note or by carrying
        it to the next invoices (``credit_policy`` in 'credit_note', 'carry_forward'; None
        takes the company's setting), switches the subscription to postpaid and logs
        everything in the chatter. Raises UserError when the conversion is refused.
        """
        self.ensure_one()
        if self.state == "closed":
            raise UserError(
                self.env._("Subscription %s is closed: it cannot be converted.", self.name)
            )
        if self.billing_mode == "postpaid":
            raise UserError(
                self.env._("Subscription %s is already billed by invoice (postpaid).", self.name)
            )
        pending = self.topup_ids.filtered(lambda t: t.state == "draft")
        if pending:
            raise UserError(
                self.env._(
                    "Subscription %(name)s has %(count)s top-up(s) not yet paid; confirm or "
                    "cancel them before converting the card meter.",
                    name=self.name,
                    count=len(pending),
                )
            )
        currency = self.currency_id
        if float_compare(remaining_credit, 0.0, precision_rounding=currency.rounding) < 0:
            raise UserError(self.env._("The remaining card credit cannot be negative."))
        policy = credit_policy or self.company_id.dura_conversion_credit_policy or "credit_note"
        if policy not in ("credit_note", "carry_forward"):
            raise UserError(self.env._("Unknown credit policy %s.", policy))
        date = fields.Date.to_date(date) or fields.Date.context_today(self)
        tariff = self.tariff_id
        if tariff.billing_mode == "prepaid":
            tariff = self.env["dura.utility.tariff"].search(
                [
                    ("utility", "=", self.utility),
                    ("category", "=", tariff.category),
                    ("billing_mode", "in", ("postpaid", "both")),
                    ("company_id", "in", (False, self.company_id.id)),
                ],
                limit=1,
            )
            if not tariff:
                raise UserError(
                    self.env._(
                        "No postpaid %(category)s tariff exists for this utility; create one "
                        "before converting.",
                        category=self.tariff_id.category,
                    )
                )
        period = date.strftime("%Y-%m")
        readings = self.env["dura.utility.reading"]
        readings |= readings.create(
            {
                "subscription_id": self.id,
                "date": date,
                "period": period,
                "value": final_reading,
                "kind": "final",
                "meter_number": self.meter_number,
            }
        )
        old_meter = self.meter_number
        sold = self.balance
        vals = {
            "billing_mode": "postpaid",
            "tariff_id": tariff.id,
            "conversion_date": date,
            "conversion_credit": remaining_credit,
            "conversion_credit_policy": policy,
            "settled_credit": self.settled_credit + self.balance,
        }
        if new_meter_number and new_meter_number != old_meter:
            vals["meter_number"] = new_meter_number
        refund = self.env["account.move"]
        if policy == "credit_note" and not float_is_zero(
            remaining_credit, precision_rounding=currency.rounding
        ):
            refund = self._create_credit_refund(remaining_credit, date)
            vals["conversion_refund_id"] = refund.id
        if self.state == "draft":
            vals["state"] = "active"
        self.write(vals)
        readings |= readings.create(
            {
                "subscription_id": self.id,
                "date": date,
                "period": period,
                "value": opening_reading,
                "kind": "opening",
                "meter_number": self.meter_number,
            }
        )
        difference = sold - remaining_credit
        if not float_is_zero(difference, precision_rounding=currency.rounding):
            # what the card was sold and what it still held differ: say so, never silently
            # (posted first: the conversion message stays the latest)
            self.message_post(
                body=self.env._(
                    "Card credit sold and not yet settled: %(sold)s; remaining on the card: "
                    "%(remaining)s. The difference of %(difference)s is taken as used on the "
                    "meter (neither refunded nor carried forward).",
                    sold=currency.format(sold),
                    remaining=currency.format(remaining_credit),
                    difference=currency.format(difference),
                )
                if difference > 0
                else self.env._(
                    "Card credit sold and not yet settled: %(sold)s; remaining on the card: "
                    "%(remaining)s, %(difference)s more than was sold.",
                    sold=currency.format(sold),
                    remaining=currency.format(remaining_credit),
                    difference=currency.format(-difference),
                )
            )
        amount = currency.format(remaining_credit)
        if policy == "credit_note":
            settlement = (
                self.env._("refunded by credit note %s", refund.name)
                if refund
                else self.env._("nothing to refund")
            )
        else:
            settlement = self.env._("carried forward to the next invoices")
        self.message_post(
            body=self.env._(
                "Card meter converted to invoice billing on %(date)s: final card reading "
                "%(final)s on meter %(old_meter)s, opening reading %(opening)s on meter "
                "%(meter)s, remaining card credit %(amount)s %(settlement)s.",
                date=fields.Date.to_string(date),
                final=final_reading,
                old_meter=old_meter,
                opening=opening_reading,
                meter=self.meter_number,
                amount=amount,
                settlement=settlement,
            )
        )
        return True

    def _create_credit_refund(self, amount, date):
        """Post a credit note giving the remaining card credit back to the citizen."""
        self.ensure_one()
        product = self.env.ref("dura_utility_billing.product_card_credit")
        refund = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "invoice_date": date,
                "invoice_origin": self.name,
                "ref": self.env._("Card credit left at conversion of %s", self.name),
                "dura_subscription_id": self.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "name": self.env._(
                                "Remaining prepaid card credit of meter %s", self.meter_number
                            ),
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        refund.action_post()
        return refund

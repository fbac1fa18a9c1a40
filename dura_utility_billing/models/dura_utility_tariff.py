from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.tariff_blocks import TariffError, check_blocks, round_amount, split_consumption

UTILITIES = [("electricity", "Electricity"), ("water", "Water")]
UNITS = {"electricity": "kWh", "water": "m³"}


class DuraUtilityTariff(models.Model):
    _name = "dura.utility.tariff"
    _description = "Utility Tariff"
    _order = "utility, category, date_from desc, id"
    _check_company_auto = True

    def _default_currency_id(self):
        ils = self.env.ref("base.ILS", raise_if_not_found=False)
        return ils if ils and ils.active else self.env.company.currency_id

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    utility = fields.Selection(UTILITIES, required=True)
    category = fields.Selection(
        [
            ("residential", "Residential"),
            ("commercial", "Commercial"),
            ("industrial", "Industrial"),
            ("public", "Public Institution"),
        ],
        required=True,
        default="residential",
    )
    billing_mode = fields.Selection(
        [("prepaid", "Prepaid (card)"), ("postpaid", "Postpaid (invoice)"), ("both", "Both")],
        required=True,
        default="both",
        help="Which subscriptions may use this tariff.",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    currency_id = fields.Many2one("res.currency", required=True, default=_default_currency_id)
    fixed_charge = fields.Monetary(
        help="Charged once per billing period, whatever the consumption.",
    )
    estimate_consumption = fields.Float(
        "Estimate Without History",
        digits=(16, 3),
        help="Consumption billed for one period to a subscription of this tariff left without "
        "a reading and without any reading history to average (a new connection). Zero: such "
        "a subscription is not billed on an estimate.",
    )
    date_from = fields.Date(
        "Valid From",
        required=True,
        default=fields.Date.context_today,
        help="Billing runs dated from this day use this tariff.",
    )
    date_to = fields.Date(
        "Valid To",
        help="Last invoice date of this tariff; a run dated later uses the tariff's new version "
        "(same utility, category and billing mode).",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Invoiced Product",
        required=True,
        check_company=True,
        help="Product put on the invoice lines; its income account is used.",
    )
    tax_ids = fields.Many2many(
        "account.tax",
        string="Taxes",
        domain="[('type_tax_use', '=', 'sale')]",
        check_company=True,
    )
    block_ids = fields.One2many(
        "dura.utility.tariff.block", "tariff_id", string="Blocks", copy=True
    )
    unit_label = fields.Char(compute="_compute_unit_label", string="Unit")
    is_example = fields.Boolean(
        "Example Tariff",
        help="Published historical figures shipped as an example; "
        "replace them by the municipality's own tariff.",
    )
    note = fields.Text()

    # ------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------

    @api.depends("utility")
    def _compute_unit_label(self):
        for tariff in self:
            tariff.unit_label = UNITS.get(tariff.utility, "")

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("block_ids")
    def _check_block_ids(self):
        for tariff in self:
            try:
                check_blocks(tariff._get_blocks())
            except TariffError as error:
                raise ValidationError(tariff._tariff_error_message(error)) from error

    @api.constrains("fixed_charge")
    def _check_fixed_charge(self):
        for tariff in self:
            if tariff.currency_id.compare_amounts(tariff.fixed_charge, 0) < 0:
                raise ValidationError(
                    self.env._(
                        "The fixed charge of tariff %(tariff)s cannot be negative.",
                        tariff=tariff.display_name,
                    )
                )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for tariff in self:
            if tariff.date_to and tariff.date_to < tariff.date_from:
                raise ValidationError(
                    self.env._("Tariff %s ends before it starts.", tariff.display_name)
                )

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _tariff_error_message(self, error):
        """The user's-language wording of a tools.tariff_blocks.TariffError."""
        params = {"tariff": self.display_name, **{k: str(v) for k, v in error.params.items()}}
        code = error.code
        if code == "empty":
            return self.env._("Tariff %(tariff)s needs at least one block.", **params)
        if code == "gap":
            return self.env._(
                "Block %(block)s of tariff %(tariff)s starts at %(start)s but the previous "
                "block ends at %(expected)s: there is a gap.",
                **params,
            )
        if code == "overlap":
            return self.env._(
                "Block %(block)s of tariff %(tariff)s starts at %(start)s but the previous "
                "block ends at %(expected)s: the blocks overlap.",
                **params,
            )
        if code == "negative":
            return self.env._(
                "Block %(block)s of tariff %(tariff)s has a negative price.", **params
            )
        if code == "open":
            return self.env._(
                "Only the last block of tariff %(tariff)s may be open-ended (block %(block)s).",
                **params,
            )
        if code == "range":
            return self.env._(
                "Block %(block)s of tariff %(tariff)s ends at or before its start.", **params
            )
        return self.env._(
            "Tariff %(tariff)s is invalid: %(reason)s", tariff=self.display_name, reason=error
        )

    def _get_blocks(self):
        """Blocks as the (from, to, price) tuples of tools.tariff_blocks; to=0 means open."""
        self.ensure_one()
        blocks = self.block_ids.sorted(lambda b: (b.from_units, b.sequence, b.id))
        return [(b.from_units, b.to_units or None, b.price) for b in blocks]

    def _compute_lines(self, consumption):
        """Invoice line data for a consumption: one dict per block used, then the fixed charge;
        each with its exact quantity (to the meter's thousandth) and its `amount`, rounded
        once to the currency as Odoo rounds the invoice line (see tools/tariff_blocks.py)."""
        self.ensure_one()
        blocks = self.block_ids.sorted(lambda b: (b.from_units, b.sequence, b.id))
        rounding = self.currency_id.rounding
        lines = []
        for index, quantity, price, amount in split_consumption(
            consumption, self._get_blocks(), rounding
        ):
            lines.append(
                {
                    "block": blocks[index],
                    "name": self.env._(
                        "%(tariff)s - block %(number)s (%(range)s %(unit)s)",
                        tariff=self.name,
                        number=index + 1,
                        range=blocks[index].range_label,
                        unit=self.unit_label,
                    ),
                    "quantity": float(quantity),
                    "price_unit": float(price),
                    "amount": float(amount),
                }
            )
        if self.fixed_charge:
            lines.append(
                {
                    "block": False,
                    "name": self.env._("%(tariff)s - fixed charge", tariff=self.name),
                    "quantity": 1.0,
                    "price_unit": self.fixed_charge,
                    "amount": float(round_amount(self.fixed_charge, rounding)),
                }
            )
        return lines

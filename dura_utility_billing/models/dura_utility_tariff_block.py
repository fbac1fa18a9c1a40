from odoo import api, fields, models


class DuraUtilityTariffBlock(models.Model):
    _name = "dura.utility.tariff.block"
    _description = "Utility Tariff Block"
    _order = "tariff_id, from_units, sequence, id"

    tariff_id = fields.Many2one(
        "dura.utility.tariff", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    from_units = fields.Float("From", required=True, default=0.0, digits=(16, 3))
    to_units = fields.Float(
        "To",
        digits=(16, 3),
        help="Upper limit of the block; leave 0 on the last block for no limit.",
    )
    price = fields.Float("Price per Unit", required=True, digits="Product Price")
    currency_id = fields.Many2one(related="tariff_id.currency_id")
    range_label = fields.Char(compute="_compute_range_label", string="Range")

    _sql_constraints = (
        ("price_positive", "CHECK(price >= 0)", "A block price cannot be negative."),
    )

    @api.constrains("from_units", "to_units", "price", "tariff_id")
    def _check_tariff_blocks(self):
        self.tariff_id._check_block_ids()

    @api.depends("from_units", "to_units")
    def _compute_range_label(self):
        for block in self:
            start = f"{block.from_units:g}"
            block.range_label = f"{start}-{block.to_units:g}" if block.to_units else f"{start}+"

from odoo import fields, models


class DuraUtilitySubscription(models.Model):
    """The subscription's place on a reading route: which route, and where on the walk."""

    _inherit = "dura.utility.subscription"  # pylint: disable=consider-merging-classes-inherited

    route_id = fields.Many2one(
        "dura.utility.route",
        string="Reading Route",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        ondelete="set null",
        domain="[('utility', '=', utility)]",
    )
    route_sequence = fields.Integer(
        "Order on the Route", default=10, help="Where the meter comes on the reader's walk."
    )

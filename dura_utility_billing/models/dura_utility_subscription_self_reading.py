from odoo import fields, models


class DuraUtilitySubscription(models.Model):
    """The citizen's own readings by SMS, and the period of the one still standing."""

    _inherit = "dura.utility.subscription"  # pylint: disable=consider-merging-classes-inherited

    self_reading_ids = fields.One2many(
        "dura.utility.self.reading", "subscription_id", "Self-Readings", readonly=True
    )
    # read with the subscription in the reading's create (no query of its own): whether a
    # meter reader's reading must set a citizen's reading of its period aside
    self_reading_period = fields.Char(
        readonly=True,
        copy=False,
        help="Period of the citizen's own reading by SMS, until a meter reader's reading of "
        "that period replaces it or it is billed.",
    )

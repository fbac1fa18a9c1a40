from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    dura_council_member = fields.Boolean(
        "Municipal Council Member",
        help="Invited to the council's sessions: a new session lists the members as attendees.",
    )

from odoo import fields, models


# one file per concern of the request, on purpose (see dura_service_request.py)
class DuraServiceRequest(models.Model):
    """The municipal council: the session a request goes before (or, for a citizen asking to
    attend, the session they are invited to) and the agenda items it had."""

    _inherit = "dura.service.request"  # pylint: disable=consider-merging-classes-inherited

    council_role = fields.Selection(related="service_type_id.council_role")
    council_session_id = fields.Many2one(
        "dura.council.session",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The session that decides the request, or that the citizen is invited to attend.",
    )
    council_item_ids = fields.One2many(
        "dura.council.session.item", "request_id", string="Council Agenda Items", readonly=True
    )

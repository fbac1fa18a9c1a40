from odoo import fields, models


class DuraComplaintCategory(models.Model):
    """What a complaint is about (a water leak, waste collection, street lighting...): it
    routes the complaint to the department that deals with it."""

    _name = "dura.complaint.category"
    _description = "Complaint Category"
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    department_id = fields.Many2one(
        "dura.municipal.department",
        required=True,
        check_company=True,
        help="The department complaints of this category are routed to when filed.",
    )

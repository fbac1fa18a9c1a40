from odoo import fields, models


class DuraServiceTypeStepItem(models.Model):
    """An item of a step's checklist (e.g. a field inspection's points): each is ticked on the
    request before its step can be completed."""

    _name = "dura.service.type.step.item"
    _description = "Service Step Checklist Item"
    _order = "step_id, sequence, id"

    step_id = fields.Many2one(
        "dura.service.type.step", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)

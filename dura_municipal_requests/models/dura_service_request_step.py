from odoo import api, fields, models
from odoo.exceptions import ValidationError

STEP_STATES = [("waiting", "Waiting"), ("current", "Current"), ("done", "Done")]


class DuraServiceRequestStep(models.Model):
    """A step of a request of a multi-step service, and its history: when it started, its
    deadline, who completed it and when. Written by the request's Complete Step button only
    (as superuser, after its checks): officers read it."""

    _name = "dura.service.request.step"
    _description = "Service Request Step"
    _order = "request_id, sequence, id"
    _check_company_auto = True

    request_id = fields.Many2one(
        "dura.service.request", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    step_id = fields.Many2one(
        "dura.service.type.step", string="Service Step", required=True, ondelete="restrict"
    )
    sequence = fields.Integer()
    name = fields.Char(related="step_id.name")
    department_id = fields.Many2one(
        "dura.municipal.department", required=True, check_company=True, index=True
    )
    state = fields.Selection(STEP_STATES, required=True, default="waiting", index=True)
    date_start = fields.Datetime(string="Started on")
    date_deadline = fields.Date(string="Deadline")
    date_done = fields.Datetime(string="Completed on")
    done_by_id = fields.Many2one("res.users", string="Completed by")
    check_ids = fields.One2many("dura.service.request.step.check", "request_step_id", "Checklist")

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("state")
    def _check_checklist_ticked(self):
        """A step with a checklist is done only with every item ticked, whatever the path."""
        for step in self.filtered(lambda s: s.state == "done"):
            unticked = step.check_ids.filtered(lambda c: not c.done)
            if unticked:
                raise ValidationError(
                    self.env._(
                        "Request %(number)s: step %(step)s cannot be completed before its "
                        "checklist is ticked (%(items)s).",
                        number=step.request_id.name,
                        step=step.name,
                        items=", ".join(unticked.mapped("name")),
                    )
                )

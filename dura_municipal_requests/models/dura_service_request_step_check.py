from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class DuraServiceRequestStepCheck(models.Model):
    """A checklist item of a request's step (copied from the service step's checklist when the
    request is filed), ticked by the step's officer."""

    _name = "dura.service.request.step.check"
    _description = "Service Request Step Checklist Item"
    _order = "request_step_id, sequence, id"

    request_step_id = fields.Many2one(
        "dura.service.request.step", required=True, ondelete="cascade", index=True
    )
    request_id = fields.Many2one(related="request_step_id.request_id", store=True, index=True)
    step_state = fields.Selection(related="request_step_id.state", store=True)
    sequence = fields.Integer()
    name = fields.Char(required=True, readonly=True)
    done = fields.Boolean(string="Checked")
    done_by_id = fields.Many2one("res.users", string="Checked by", readonly=True)
    done_date = fields.Datetime(string="Checked on", readonly=True)

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    def write(self, vals):
        """Only the tick, on the current step, by whoever may complete it: the record rules
        open the request to its previous departments too, and they only read it."""
        if not self.env.su:
            if set(vals) - {"done"}:
                raise AccessError(self.env._("Only the tick of a checklist item can be changed."))
            user = self.env.user
            is_director = user.has_group("dura_municipal_requests.group_director")
            for check in self:
                step = check.request_step_id
                if step.state != "current" or check.request_id.state not in (
                    "filed",
                    "in_progress",
                ):
                    raise UserError(
                        self.env._(
                            "Request %(number)s: only the checklist of its current step can be "
                            "ticked.",
                            number=check.request_id.name,
                        )
                    )
                if not is_director and not step.step_id._dura_can_complete(user):
                    raise AccessError(
                        self.env._(
                            "Step %(step)s of request %(number)s belongs to %(department)s: "
                            "only its officers tick its checklist.",
                            step=step.name,
                            number=check.request_id.name,
                            department=step.department_id.display_name,
                        )
                    )
            if "done" in vals:
                vals = dict(
                    vals,
                    done_by_id=self.env.uid if vals["done"] else False,
                    done_date=fields.Datetime.now() if vals["done"] else False,
                )
            return super(DuraServiceRequestStepCheck, self.sudo()).write(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_ticked(self):
        if not self.env.su and any(check.done for check in self):
            raise UserError(self.env._("A ticked checklist item cannot be deleted."))

from odoo import api, fields, models
from odoo.exceptions import UserError


# one file per concern of account.move in this addon, on purpose (see account_move.py)
class AccountMove(models.Model):
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    # the credit note or the corrected bill an approved correction posted
    dura_correction_id = fields.Many2one(
        "dura.utility.bill.correction",
        string="Bill Correction",
        index="btree_not_null",
        readonly=True,
        copy=False,
    )
    # the corrections asked for this bill
    dura_correction_ids = fields.One2many(
        "dura.utility.bill.correction", "move_id", string="Corrections", readonly=True
    )
    dura_correction_count = fields.Integer(
        "Number of Corrections", compute="_compute_dura_correction_count"
    )

    # ------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------

    @api.depends("dura_correction_ids", "dura_correction_id")
    def _compute_dura_correction_count(self):
        for move in self:
            move.dura_correction_count = len(move.dura_correction_ids | move.dura_correction_id)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_dura_correct(self):
        """The bill form's Correct button: a new correction of this bill, or the one already
        in progress."""
        self.ensure_one()
        current = self.dura_correction_ids.filtered(lambda c: c.state in ("draft", "to_approve"))
        if not current:
            self._dura_check_correctable()
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Bill Correction"),
            "res_model": "dura.utility.bill.correction",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
        if current:
            action["res_id"] = current[:1].id
        else:
            action["context"] = {"default_move_id": self.id}
        return action

    def action_dura_open_corrections(self):
        self.ensure_one()
        corrections = self.dura_correction_ids | self.dura_correction_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dura_utility_billing.action_dura_utility_bill_correction"
        )
        action["domain"] = [("id", "in", corrections.ids)]
        action["context"] = {"create": False}
        if len(corrections) == 1:
            action.update({"views": [(False, "form")], "res_id": corrections.id})
        return action

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _dura_check_correctable(self):
        """A bill is corrected while it is a posted utility bill nobody replaced yet and that
        no payment plan took over (the plan's schedule is built on its amount)."""
        for move in self:
            if not move._is_dura_utility_bill():
                raise UserError(
                    self.env._("Only a posted utility bill can be corrected (%s).", move.name)
                )
            # replaced: by a corrected bill, or credited in full by hand (Odoo's credit note);
            # a bill waived in full owes nothing, a further waiver is refused by its cap
            rebilled = move.reversal_move_ids.filtered(
                lambda m: m.dura_correction_id.kind in ("reading", "tariff")
            )
            by_hand = move.payment_state == "reversed" and move.reversal_move_ids.filtered(
                lambda m: not m.dura_correction_id
            )
            if rebilled or by_hand:
                raise UserError(
                    self.env._(
                        "Bill %s was already replaced by a corrected bill: correct that one.",
                        move.name,
                    )
                )
            if move.dura_collection_hold == "plan":
                raise UserError(
                    self.env._(
                        "Bill %s is in a payment plan: cancel the plan before correcting it.",
                        move.name,
                    )
                )

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.dura_sms_gateway.models.dura_sms_message import STATES as SMS_STATES

from .dura_utility_collection_level import COLLECTION_ACTIONS
from .dura_utility_tariff import UTILITIES

SMS_OUTCOMES = [
    ("queued", "Queued"),
    ("to_approve", "Waiting for Approval"),
    ("refused", "Refused"),
    ("no_mobile", "No Mobile"),
    ("skipped", "Not Sent"),
    ("none", "No SMS"),
]
CALL_STATES = [("pending", "Call the Citizen"), ("informed", "Citizen Informed")]


class DuraUtilityCollectionLine(models.Model):
    """One bill reaching one collection level: the file of the notice (its SMS and delivery,
    the printed notice for a citizen without a mobile, the late fee, the disconnection order or
    the call to make first). Written by the collection run only; never deleted."""

    _name = "dura.utility.collection.line"
    _description = "Utility Collection Step"
    _order = "date desc, id desc"
    _rec_name = "move_id"
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    run_id = fields.Many2one("dura.utility.collection.run", index=True, ondelete="restrict")
    move_id = fields.Many2one(
        "account.move", "Bill", required=True, index=True, ondelete="restrict"
    )
    subscription_id = fields.Many2one("dura.utility.subscription", required=True, index=True)
    partner_id = fields.Many2one(related="subscription_id.partner_id", string="Citizen")
    mobile = fields.Char(related="subscription_id.partner_id.mobile")
    utility = fields.Selection(UTILITIES, required=True)
    quarter = fields.Char(related="subscription_id.quarter")
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="move_id.currency_id")
    level_id = fields.Many2one("dura.utility.collection.level", "Policy Level", ondelete="set null")
    # what the level was when the bill reached it: the policy may be edited later
    level_name = fields.Char("Level When Reached", required=True)
    level_label = fields.Char("Level", compute="_compute_level_label")
    sequence = fields.Integer(required=True)
    action = fields.Selection(COLLECTION_ACTIONS, required=True, index=True)
    date = fields.Date(required=True, index=True)
    amount_residual = fields.Monetary("Amount Due")
    date_due = fields.Date(related="move_id.invoice_date_due", string="Due Date")
    fee_move_id = fields.Many2one("account.move", "Late Fee", ondelete="set null")
    fee_amount = fields.Monetary()
    sms_outcome = fields.Selection(SMS_OUTCOMES, "SMS", required=True, default="none")
    sms_uuid = fields.Char("SMS UUID", index="btree_not_null")
    sms_delivery = fields.Selection(
        SMS_STATES,
        string="SMS Delivery",
        compute="_compute_sms_delivery",
        help="Where the SMS is now, from the SMS audit log (its delivery report).",
    )
    print_notice = fields.Boolean(
        "To Print", help="The citizen has no mobile: the notice is printed and handed over."
    )
    printed = fields.Boolean(readonly=True)
    order_id = fields.Many2one("dura.utility.service.order", "Disconnection Order")
    call_state = fields.Selection(CALL_STATES, "Call")
    informed_user_id = fields.Many2one("res.users", "Informed By", readonly=True)
    informed_date = fields.Datetime(readonly=True)

    _sql_constraints = [
        # a bill reaches each level once: the run never writes a level twice, whatever crashes
        ("move_sequence_unique", "unique(move_id, sequence)", "A bill reaches a level once."),
    ]

    # ------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------

    @api.depends("level_id.name", "level_name")
    @api.depends_context("lang")
    def _compute_level_label(self):
        for line in self:
            line.level_label = line.level_id.name or line.level_name

    @api.depends("sms_uuid")
    def _compute_sms_delivery(self):
        states = self._delivery_states()
        for line in self:
            line.sms_delivery = states.get(line.sms_uuid, False)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_mark_informed(self):
        """The counter reached the citizen (call or visit) about their last notice: the
        disconnection the policy called for is ordered now."""
        self.check_access("write")
        lines = self.filtered(lambda line: line.call_state == "pending")
        if not lines:
            raise UserError(self.env._("No call is waiting on these disconnection steps."))
        # sudo: the counter confirms the call; the order is the utility office's document
        lines.sudo().write(
            {
                "call_state": "informed",
                "informed_user_id": self.env.user.id,
                "informed_date": fields.Datetime.now(),
            }
        )
        lines.move_id.activity_feedback(
            ["dura_utility_billing.mail_activity_collection_call"],
            feedback=self.env._("Citizen informed."),
        )
        self.env["dura.utility.service.order"].sudo()._issue_disconnections(lines.sudo())
        return True

    def action_print_notice(self):
        self.sudo().write({"printed": True})
        # config=False: the notice has the municipality's letterhead, not Odoo's layout wizard
        return self.env.ref("dura_utility_billing.action_report_collection_notice").report_action(
            self, config=False
        )

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _delivery_states(self):
        """{sms uuid: audit log state} of self's SMS, in one query (sudo: the state only)."""
        uuids = [uuid for uuid in self.mapped("sms_uuid") if uuid]
        if not uuids:
            return {}
        messages = (
            self.env["dura.sms.message"]
            .sudo()
            .search_fetch([("uuid", "in", uuids)], ["uuid", "state"])
        )
        return {message.uuid: message.state for message in messages}

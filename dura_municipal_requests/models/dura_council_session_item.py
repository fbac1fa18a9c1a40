from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import bidi_runs

DECISION_FIELDS = {"decision", "decision_text"}


class DuraCouncilSessionItem(models.Model):
    """One request on a council session's agenda, and the council's decision on it."""

    _name = "dura.council.session.item"
    _description = "Council Session Agenda Item"
    _order = "session_id, sequence, id"
    _check_company_auto = True
    _sql_constraints = [
        (
            "request_session_unique",
            "unique(session_id, request_id)",
            "A request is on a session's agenda once.",
        ),
    ]

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    session_id = fields.Many2one(
        "dura.council.session", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="session_id.company_id", store=True)
    session_state = fields.Selection(related="session_id.state", string="Session Status")
    sequence = fields.Integer(default=10)
    request_id = fields.Many2one(
        "dura.service.request",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('service_type_id.council_role', '=', 'decision'), "
        "('state', 'in', ('filed', 'in_progress'))]",
    )
    partner_id = fields.Many2one(related="request_id.partner_id", string="Citizen")
    service_type_id = fields.Many2one(related="request_id.service_type_id")
    subject = fields.Text(related="request_id.description", string="Subject")
    decision = fields.Selection(
        [("approved", "Approved"), ("rejected", "Rejected"), ("deferred", "Deferred")],
        help="The council's decision: approved completes the request, rejected rejects it "
        "(the text is the reason the citizen is given), deferred puts it on the next "
        "session's agenda.",
    )
    decision_text = fields.Text("Text of the Decision")

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("decision", "decision_text")
    def _check_decision_text(self):
        for item in self:
            if item.decision == "rejected" and not (item.decision_text or "").strip():
                raise ValidationError(
                    self.env._(
                        "Write the council's reason for rejecting request %s: the citizen "
                        "is told.",
                        item.request_id.name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        Session = self.env["dura.council.session"]
        Session._check_secretary()
        sessions = Session.browse(
            list({vals["session_id"] for vals in vals_list if vals.get("session_id")})
        )
        if sessions.filtered(lambda s: s.state != "draft"):
            raise UserError(self.env._("The agenda of a scheduled session is closed."))
        return super().create(vals_list)

    def write(self, vals):
        self.env["dura.council.session"]._check_secretary()
        states = set(self.session_id.mapped("state"))
        if set(vals) - DECISION_FIELDS and states - {"draft"}:
            raise UserError(self.env._("The agenda of a scheduled session is closed."))
        if DECISION_FIELDS & set(vals) and states - {"scheduled"}:
            raise UserError(
                self.env._("Decisions are recorded on a scheduled session, before it is closed.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_scheduled(self):
        if self.session_id.filtered(lambda s: s.state not in ("draft", "cancelled")):
            raise UserError(self.env._("The agenda of a scheduled session is closed."))

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _text_runs(self, field_name):
        """A free text of the item (its subject, the decision's text) for the PDFs: line by
        line, in runs of one direction."""
        self.ensure_one()
        return bidi_runs.lines(self[field_name])

    def _apply_decisions(self):
        """Apply each item's decision to its request, noted in the request's chatter: the
        approved completed and the rejected rejected (their SMS follow from the state, with
        the council's wording), the deferred texted that they wait for a later session."""
        labels = dict(self._fields["decision"]._description_selection(self.env))
        for item in self:
            item.request_id.message_post(
                body=self.env._(
                    "Municipal council, session %(session)s: %(decision)s. %(text)s",
                    session=item.session_id.name,
                    decision=labels[item.decision],
                    text=item.decision_text or "",
                ),
                subtype_xmlid="mail.mt_note",
            )
        by_decision = {
            decision: self.filtered(lambda i, d=decision: i.decision == d)
            for decision in ("approved", "rejected", "deferred")
        }
        by_decision["approved"].request_id.action_done()
        for item in by_decision["rejected"]:
            item.request_id.write(
                {"rejection_reason": item.decision_text.strip(), "state": "rejected"}
            )
        by_decision["rejected"].request_id.activity_unlink(["mail.mail_activity_data_todo"])
        deferred = by_decision["deferred"].request_id
        template = self.env.ref(
            "dura_municipal_requests.sms_template_council_deferred", raise_if_not_found=False
        )
        if deferred and template:
            deferred._dura_queue_sms(template, post=True, skip_unsendable=True)

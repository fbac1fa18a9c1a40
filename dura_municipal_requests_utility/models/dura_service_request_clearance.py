from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date


# a same-model file by concern: the utility effects are in dura_service_request.py
class DuraServiceRequest(models.Model):
    """The no-arrears clearance: refused at the counter (and at completion) to a citizen who
    owes on a utility subscription; once issued, accepted by the services that require it."""

    _inherit = "dura.service.request"  # pylint: disable=consider-merging-classes-inherited

    dura_clearance = fields.Boolean(related="service_type_id.dura_clearance")
    dura_clearance_valid_until = fields.Date(
        string="Clearance Valid Until",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Last day on which the issued clearance is accepted by the municipality's other "
        "services (set at completion from the service's validity).",
    )

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        requests._dura_attach_clearances()
        return requests

    def write(self, vals):
        res = super().write(vals)
        if {"partner_id", "service_type_id"} & set(vals):
            self.filtered(lambda r: r.state == "draft")._dura_attach_clearances()
        return res

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_submit(self):
        # the ledger at submit: the citizen pays no clearance fee for a refusal
        self.filtered(lambda r: r.dura_clearance and r.state == "draft")._dura_check_no_arrears()
        return super().action_submit()

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _dura_apply_completion_effect(self, effect):
        if effect == "certificate" and self.service_type_id.dura_clearance:
            # again at completion: a bill may have been posted since the submit
            self._dura_check_no_arrears()
            self.dura_clearance_valid_until = self._certificate_local_date() + timedelta(
                days=self.service_type_id.dura_clearance_validity_days
            )
        return super()._dura_apply_completion_effect(effect)

    def _dura_check_no_arrears(self):
        """Refuse (UserError naming each subscription and its amount) when the citizen of one
        of these requests owes on a utility subscription (res.partner._dura_utility_arrears)."""
        if not self:
            return
        arrears = self.partner_id._dura_utility_arrears()
        utilities = dict(
            self.env["dura.utility.subscription"]
            ._fields["utility"]
            ._description_selection(self.env)
        )
        for request in self:
            commercial = request.partner_id.commercial_partner_id
            lines = [
                line
                for line in arrears
                if line.subscription.sudo().partner_id.commercial_partner_id == commercial
            ]
            if not lines:
                continue
            details = []
            for line in lines:
                subscription = line.subscription.sudo()
                text = self.env._(
                    "%(subscription)s (%(utility)s, meter %(meter)s): %(amount)s",
                    subscription=subscription.name,
                    utility=utilities.get(subscription.utility, subscription.utility),
                    meter=subscription.meter_number,
                    amount=format_amount(self.env, line.amount, line.currency),
                )
                if line.plan_amount:
                    text += self.env._(
                        ", of which %(amount)s in a running payment plan",
                        amount=format_amount(self.env, line.plan_amount, line.currency),
                    )
                details.append(f"- {text}")
            raise UserError(
                self.env._(
                    "No clearance can be issued to %(citizen)s: the following utility "
                    "subscriptions still owe (bills due or not yet due, and instalments of a "
                    "payment plan).\n%(lines)s\nThe citizen pays these amounts at the "
                    "cashier first.",
                    citizen=request.partner_id.display_name,
                    lines="\n".join(details),
                )
            )

    def _dura_attach_clearances(self):
        """Give the empty checklist lines that ask for a clearance document the citizen's valid
        issued clearance (its certificate PDF, copied for the line): the citizen brings no
        paper the municipality issued itself."""
        lines = self.sudo().document_ids.filtered(
            lambda line: not line.attachment_ids and line.request_id.state == "draft"
        )
        if not lines:
            return
        today = fields.Date.context_today(self)
        clearances = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("state", "=", "done"),
                    ("service_type_id.dura_clearance", "=", True),
                    (
                        "service_type_id.dura_clearance_document_type_id",
                        "in",
                        lines.document_type_id.ids,
                    ),
                    (
                        "partner_id.commercial_partner_id",
                        "in",
                        lines.request_id.partner_id.commercial_partner_id.ids,
                    ),
                    ("dura_clearance_valid_until", ">=", today),
                    # a real certificate only (never the HTML stand-in of a test database)
                    ("certificate_attachment_id.mimetype", "=", "application/pdf"),
                    ("id", "not in", self.ids),
                ],
                order="date_done desc, id desc",
            )
        )
        for line in lines:
            request = line.request_id
            clearance = next(
                (
                    clearance
                    for clearance in clearances
                    if clearance.company_id == request.company_id
                    and clearance.partner_id.commercial_partner_id
                    == request.partner_id.commercial_partner_id
                    and clearance.service_type_id.dura_clearance_document_type_id
                    == line.document_type_id
                ),
                None,
            )
            if not clearance:
                continue
            valid_until = format_date(self.env, clearance.dura_clearance_valid_until)
            line.write(
                {
                    "attachment_ids": [Command.link(clearance.certificate_attachment_id.id)],
                    "received": True,
                    "note": self.env._(
                        "Clearance %(number)s (code %(code)s), valid until %(date)s",
                        number=clearance.name,
                        code=clearance.certificate_code,
                        date=valid_until,
                    ),
                }
            )
            request.message_post(
                body=self.env._(
                    "The citizen's clearance %(clearance)s, valid until %(date)s, is accepted "
                    "as the document %(document)s.",
                    clearance=clearance._get_html_link(),
                    date=valid_until,
                    document=line.document_type_id.name,
                ),
                subtype_xmlid="mail.mt_note",
            )

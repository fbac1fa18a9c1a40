from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date


# one file per concern of the request, on purpose (see dura_service_request.py)
class DuraServiceRequest(models.Model):
    """Licences: a request of a service with a validity issues a licence that expires; the
    citizen is texted before it expires, and the counter renews it from the previous request,
    pre-filled."""

    _inherit = "dura.service.request"  # pylint: disable=consider-merging-classes-inherited

    licence_expiry_date = fields.Date(
        string="Licence Valid Until",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="Set when a request of a service with a licence validity is done.",
    )
    licence_notice_date = fields.Date(
        string="Renewal Reminder Sent On",
        readonly=True,
        copy=False,
        help="The day the citizen was texted that the licence is about to expire.",
    )
    renewal_of_id = fields.Many2one(
        "dura.service.request",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The licence this request renews.",
    )
    renewal_ids = fields.One2many("dura.service.request", "renewal_of_id", string="Renewals")
    is_licence_expiring = fields.Boolean(
        compute="_compute_is_licence_expiring",
        search="_search_is_licence_expiring",
        string="Licence to Renew",
        help="A licence that expires within its service's reminder period (or has expired) "
        "and has no renewal in progress or done.",
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("licence_expiry_date", "renewal_ids.state")
    def _compute_is_licence_expiring(self):
        expiring = self.filtered_domain(self._licence_expiring_domain())
        for request in self:
            request.is_licence_expiring = request in expiring

    def _search_is_licence_expiring(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        ids = self.search(self._licence_expiring_domain()).ids
        return [("id", "in" if (operator == "=") == value else "not in", ids)]

    def _licence_expiring_domain(self):
        """Licences to renew: done, expiring within the longest reminder period of the
        services, without a renewal that is not cancelled or rejected; the per-service period
        is applied in Python (a handful of rows)."""
        today = fields.Date.context_today(self)
        horizon = today + relativedelta(days=self.env["dura.service.type"]._licence_max_days())
        candidates = (
            self.sudo()
            .search(
                [
                    ("state", "=", "done"),
                    ("licence_expiry_date", "!=", False),
                    ("licence_expiry_date", "<=", horizon),
                ]
            )
            .filtered(
                lambda r: today + relativedelta(days=r.service_type_id.renewal_notice_days)
                >= r.licence_expiry_date
                and not r.renewal_ids.filtered(
                    lambda renewal: renewal.state not in ("rejected", "cancelled")
                )
            )
        )
        return [("id", "in", candidates.ids)]

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    def write(self, vals):
        """A licence request done gets its expiry date; a renewal extends the previous
        licence's term (from its expiry when renewed early, from today when late)."""
        result = super().write(vals)
        if vals.get("state") == "done":
            for request in self.filtered(
                lambda r: r.service_type_id.licence_validity_months and not r.licence_expiry_date
            ):
                today = fields.Date.context_today(request)
                start = max(request.renewal_of_id.licence_expiry_date or today, today)
                months = request.service_type_id.licence_validity_months
                request.licence_expiry_date = start + relativedelta(months=months)
        return result

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_renew_licence(self):
        """A draft renewal at the counter: the citizen, the description and the documents of
        the previous request (their files copied, to be replaced if outdated)."""
        self.ensure_one()
        self._check_service_center()
        if not self.licence_expiry_date or self.state != "done":
            raise UserError(
                self.env._("Request %(number)s issued no licence to renew.", number=self.name)
            )
        open_renewal = self.renewal_ids.filtered(lambda r: r.state not in ("rejected", "cancelled"))
        if open_renewal:
            raise UserError(
                self.env._(
                    "Licence %(number)s is already being renewed by request %(renewal)s.",
                    number=self.name,
                    renewal=open_renewal[0].name,
                )
            )
        service = self.service_type_id.renewal_service_id or self.service_type_id
        previous = {doc.document_type_id: doc for doc in self.document_ids}
        renewal = self.create(
            {
                "partner_id": self.partner_id.id,
                "service_type_id": service.id,
                "renewal_of_id": self.id,
                "description": self.env._(
                    "Renewal of licence %(number)s (valid until %(date)s). %(description)s",
                    number=self.name,
                    date=format_date(self.env, self.licence_expiry_date),
                    description=self.description or "",
                ).strip(),
                "document_ids": [
                    Command.create(
                        {
                            "document_type_id": doc_type.id,
                            "required": True,
                            "sequence": sequence,
                            "attachment_ids": [Command.set(previous[doc_type].attachment_ids.ids)]
                            if doc_type in previous
                            else [],
                        }
                    )
                    for sequence, doc_type in enumerate(service.document_type_ids, 1)
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": renewal.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    @api.model
    def _cron_licence_reminder(self):
        """Text the holders of the licences that enter their renewal period, once each."""
        template = self.env.ref(
            "dura_municipal_requests.sms_template_licence_expiry", raise_if_not_found=False
        )
        if not template:
            return
        expiring = self.search(
            self._licence_expiring_domain() + [("licence_notice_date", "=", False)]
        )
        if not expiring:
            return
        expiring.write({"licence_notice_date": fields.Date.context_today(self)})
        expiring._dura_queue_sms(template, post=True, skip_unsendable=True)

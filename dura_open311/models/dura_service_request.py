import secrets

from odoo import api, fields, models
from odoo.tools.misc import format_date

from ..tools import citizen_check, georeport


class DuraServiceRequest(models.Model):
    _inherit = "dura.service.request"

    open311_client_id = fields.Many2one(
        "dura.open311.client",
        string="Filed by (Open311)",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Client system that filed the request through the Open311 API.",
    )
    open311_token = fields.Char(readonly=True, copy=False, index="btree_not_null")
    address_string = fields.Char(string="Address", help="Where the request is about.")
    latitude = fields.Float(digits=(10, 7))
    longitude = fields.Float(digits=(10, 7))
    open311_media_url = fields.Char(string="Media URL", copy=False)
    open311_attribute_values = fields.Json(string="Extra Field Values", copy=False)
    open311_attribute_text = fields.Text(
        compute="_compute_open311_attribute_text", string="Extra Fields"
    )

    _sql_constraints = (
        ("open311_token_uniq", "unique(open311_token)", "The Open311 token must be unique."),
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("open311_attribute_values", "service_type_id.open311_attribute_ids")
    @api.depends_context("lang")
    def _compute_open311_attribute_text(self):
        for request in self:
            values = request.open311_attribute_values or {}
            lines = []
            for attribute in request.service_type_id.open311_attribute_ids:
                if attribute.code not in values:
                    continue
                value = values[attribute.code]
                keys = value if isinstance(value, list) else [value]
                names = dict(attribute.value_ids.mapped(lambda v: (v.key, v.name)))
                shown = ", ".join(str(names.get(key, key)) for key in keys)
                lines.append(f"{attribute.name}: {shown}")
            request.open311_attribute_text = "\n".join(lines) or False

    # ------------------------------------------------------------
    # OPEN311
    # ------------------------------------------------------------

    @api.model
    def _open311_create(self, client, service, values):
        """A draft request for the service center from a GeoReport POST, with its checklist.

        `values` holds the checked POST arguments: ``attributes`` (dict), ``description``,
        ``address_string``, ``lat``, ``long``, ``media_url``, and the citizen's ``first_name``,
        ``last_name``, ``phone`` and ``email``. The citizen is a new contact (staff merge it at the
        counter when the citizen comes in); without any personal data, the anonymous citizen.
        """
        partner = self._open311_partner(client, values)
        request = (
            self.sudo()
            .with_context(mail_create_nosubscribe=True)
            .create(
                {
                    "company_id": client.company_id.id,
                    "partner_id": partner.id,
                    "service_type_id": service.id,
                    "description": values.get("description") or False,
                    "address_string": values.get("address_string") or False,
                    "latitude": values.get("lat") or 0.0,
                    "longitude": values.get("long") or 0.0,
                    "open311_media_url": values.get("media_url") or False,
                    "open311_attribute_values": values.get("attributes") or {},
                    "open311_client_id": client.id,
                    "open311_token": secrets.token_hex(16),
                }
            )
        )
        request.message_post(
            body=self.env._(
                "Filed through the Open311 API by %(client)s; complete it with the citizen at "
                "the counter, then submit it.",
                client=client.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        client.sudo().last_used_date = fields.Datetime.now()
        return request

    @api.model
    def _open311_partner(self, client, values):
        name = " ".join(
            part.strip() for part in (values.get("first_name"), values.get("last_name")) if part
        )
        if not (name or values.get("phone") or values.get("email")):
            return self.env.ref("dura_open311.partner_open311_anonymous").sudo()
        return (
            self.env["res.partner"]
            .sudo()
            .create(
                {
                    "name": name or self.env._("Citizen (Open311)"),
                    "mobile": values.get("phone") or False,
                    "email": values.get("email") or False,
                    "country_id": client.company_id.country_id.id,
                    "company_id": client.company_id.id,
                    "comment": self.env._(
                        "Created by the Open311 client %(client)s.", client=client.name
                    ),
                }
            )
        )

    @api.model
    def _open311_read_public(self, domain, tz_name, limit=None, offset=0):
        """The public GeoReport records of the requests matching `domain`, newest first.

        Reads as superuser (the caller restricts the domain to published services): only the
        public fields of _open311_dict leave this method.
        """
        requests = (
            self.sudo()
            .with_context(active_test=False)
            .search(domain, order="create_date desc, id desc", limit=limit, offset=offset)
        )
        return [request._open311_dict(tz_name) for request in requests]

    def _open311_status_notes(self):
        """What GeoReport's status_notes say about the request: its step, never who or why."""
        self.ensure_one()
        department = self.department_id.name or ""
        notes = {
            "draft": self.env._(
                "Received; the service center will review it and contact the citizen."
            ),
            "awaiting_payment": self.env._(
                "Waiting for the service fee to be paid at the service center."
            ),
            "filed": self.env._("Filed with the %(department)s department.", department=department),
            "in_progress": self.env._(
                "In progress at the %(department)s department.", department=department
            ),
            "on_hold": self.env._(
                "On hold: the citizen has been asked to bring a document to the service center."
            ),
            "done": self.env._("Done."),
            "rejected": self.env._("Rejected; the citizen has been told why."),
            "cancelled": self.env._("Cancelled."),
        }
        return notes.get(self.state)

    def _open311_dict(self, tz_name):
        """The request as GeoReport's request resources show it: no personal data.

        The description, address and location are published only for requests filed through
        the API (their author wrote them for that); counter requests show neither.
        """
        self.ensure_one()
        from_api = bool(self.open311_client_id)
        return {
            "service_request_id": self.name,
            "status": georeport.status_of(self.state),
            "status_notes": self._open311_status_notes(),
            "service_name": self.service_type_id.name,
            "service_code": self.service_type_id.code,
            "description": (self.description or None) if from_api else None,
            "agency_responsible": self.department_id.name or None,
            "service_notice": None,
            "requested_datetime": georeport.format_datetime(self.create_date),
            "updated_datetime": georeport.format_datetime(self.write_date),
            "expected_datetime": georeport.format_datetime(
                georeport.end_of_day_utc(self.sla_deadline, tz_name)
            ),
            "address": (self.address_string or None) if from_api else None,
            "address_id": None,
            "zipcode": None,
            "lat": (self.latitude or None) if from_api else None,
            "long": (self.longitude or None) if from_api else None,
            "media_url": (self.open311_media_url or None) if from_api else None,
        }

    # ------------------------------------------------------------
    # STATUS PAGE
    # ------------------------------------------------------------

    @api.model
    def _status_page_find(self, number, digits):
        """The request whose tracking number is `number` and whose citizen's mobile ends with
        `digits`; empty on any mismatch (the caller cannot tell which part was wrong)."""
        number = (number or "").strip().upper()
        if not number or len(number) > 64:
            return self.browse()
        request = (
            self.sudo().with_context(active_test=False).search([("name", "=", number)], limit=1)
        )
        if not request or not citizen_check.digits_match(request.partner_id.mobile, digits):
            return self.browse()
        return request

    def _status_page_values(self):
        """What the status page shows the citizen: state, dates and what is expected of them."""
        self.ensure_one()
        env = self.env

        def day(value):
            return format_date(env, value) if value else False

        expected = {
            "draft": env._(
                "Your request is registered but not submitted yet. Please visit the service "
                "center with your ID card to complete it."
            ),
            "awaiting_payment": env._(
                "Please pay the fee of %(amount)s at the service center; your request is filed "
                "as soon as it is paid.",
                amount=self.currency_id.format(self.fee_amount),
            ),
            "filed": env._(
                "Nothing for now: the %(department)s department is handling your request.",
                department=self.department_id.name or "",
            ),
            "in_progress": env._(
                "Nothing for now: the %(department)s department is handling your request.",
                department=self.department_id.name or "",
            ),
            "on_hold": env._(
                "Please visit the service center with: %(documents)s.",
                documents=self.missing_document_names,
            )
            if self.missing_document_names
            else env._("Please visit the service center: your request is on hold."),
            "done": env._("Nothing: your request is done. Thank you."),
            "rejected": env._("Please contact the service center."),
            "cancelled": env._("Nothing: the request was cancelled."),
        }[self.state]
        dates = [
            (env._("Submitted on"), day(self.date_submitted)),
            (env._("Filed on"), day(self.date_filed)),
            (
                env._("Expected by"),
                day(self.sla_deadline)
                if self.state in ("filed", "in_progress", "on_hold")
                else False,
            ),
            (env._("Done on"), day(self.date_done)),
        ]
        return {
            "number": self.name,
            "service": self.service_type_id.name,
            "state": self._get_state_label(),
            "state_code": self.state,
            "status": georeport.status_of(self.state),
            "dates": [(label, value) for label, value in dates if value],
            "expected": expected,
        }

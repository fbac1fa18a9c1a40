from odoo import api, fields, models

from ..tools import api_key


class DuraOpen311Client(models.Model):
    _name = "dura.open311.client"
    _inherit = ("mail.thread",)
    _description = "Open311 Client System"
    _order = "name"
    _check_company_auto = True

    name = fields.Char(
        required=True, tracking=True, help="The system or app that files requests, e.g. an app."
    )
    active = fields.Boolean(
        default=True, tracking=True, help="Archived clients cannot file requests."
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    contact = fields.Char(help="Who to call about this client system.")
    key_prefix = fields.Char(
        string="API Key", readonly=True, copy=False, help="Start of the key, to recognise it."
    )
    key_digest = fields.Char(
        readonly=True, copy=False, index="btree_not_null", groups="base.group_system"
    )
    key_date = fields.Datetime(string="Key Created on", readonly=True, copy=False)
    key_revoked_date = fields.Datetime(string="Key Revoked on", readonly=True, copy=False)
    has_key = fields.Boolean(compute="_compute_has_key", string="Key Active")
    rate_limit = fields.Integer(
        string="Requests per Minute",
        default=30,
        help="POST requests this client may send per minute (0 = no limit).",
    )
    last_used_date = fields.Datetime(string="Last Used on", readonly=True, copy=False)
    service_type_ids = fields.Many2many(
        "dura.service.type",
        string="Allowed Services",
        check_company=True,
        help="Services this client may file; empty = every published service.",
    )
    request_ids = fields.One2many("dura.service.request", "open311_client_id", string="Requests")
    request_count = fields.Integer(compute="_compute_request_count", string="Requests Filed")

    _sql_constraints = (
        ("rate_limit_positive", "CHECK(rate_limit >= 0)", "The rate limit cannot be negative."),
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("key_prefix", "key_revoked_date")
    def _compute_has_key(self):
        for client in self:
            client.has_key = bool(client.key_prefix and not client.key_revoked_date)

    def _compute_request_count(self):
        groups = self.env["dura.service.request"]._read_group(
            [("open311_client_id", "in", self.ids)], ["open311_client_id"], ["__count"]
        )
        counts = {client.id: count for client, count in groups}
        for client in self:
            client.request_count = counts.get(client.id, 0)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_generate_key(self):
        """A new key replaces the previous one; it is shown once, then only its hash is kept."""
        self.ensure_one()
        key = api_key.generate()
        # no sudo: only settings administrators may write keys (access rights and field groups)
        self.write(
            {
                "key_prefix": api_key.shown_part(key),
                "key_digest": api_key.digest(key),
                "key_date": fields.Datetime.now(),
                "key_revoked_date": False,
            }
        )
        self.message_post(body=self.env._("New API key %(key)s…", key=self.key_prefix))
        wizard = self.env["dura.open311.key.wizard"].create({"client_id": self.id, "api_key": key})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("API Key of %(client)s", client=self.name),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def action_revoke_key(self):
        """The key stops working at once; the client needs a new one."""
        self.write({"key_digest": False, "key_revoked_date": fields.Datetime.now()})
        for client in self:
            client.message_post(body=self.env._("API key %(key)s… revoked.", key=client.key_prefix))
        return True

    def action_open_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dura_municipal_requests.action_dura_service_request"
        )
        action["domain"] = [("open311_client_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    @api.model
    def _authenticate(self, key):
        """The active client whose active key is `key`, or an empty recordset."""
        if not key or not key.startswith(api_key.PREFIX):
            return self.browse()
        client = (
            self.sudo()
            .search([("key_digest", "=", api_key.digest(key))], limit=1)
            .filtered(lambda c: api_key.matches(key, c.key_digest))
        )
        return client

    def _allowed_service_types(self):
        self.ensure_one()
        domain = [("open311_published", "=", True), ("company_id", "=", self.company_id.id)]
        if self.service_type_ids:
            domain.append(("id", "in", self.service_type_ids.ids))
        return self.env["dura.service.type"].sudo().search(domain)

import logging
import secrets
import threading
import time

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.phone_numbers import WIRE_FORMATS, to_wire
from ..tools.providers import ADAPTERS, OutboundMessage, SendResult
from ..tools.routing import Route, RoutingTable
from ..tools.sms_segments import count_segments

# One adapter (hence one requests.Session) per provider version and process, reused by every
# dispatch run so connections are kept alive; and the time of each provider's last send, for
# the rate limit.
_logger = logging.getLogger(__name__)

_ADAPTERS = {}
_LAST_SEND = {}
_LOCK = threading.Lock()


class DuraSmsProvider(models.Model):
    _name = "dura.sms.provider"
    _description = "SMS Provider"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(
        "Priority",
        default=10,
        help="Lower first; the next matching provider takes over on failure.",
    )
    kind = fields.Selection(
        [
            ("sandbox", "Sandbox (messages stay in Odoo)"),
            ("http_json", "Generic JSON HTTP API"),
            ("kannel", "Kannel smsbox"),
            ("hotsms", "HotSMS (Palestine) - confirm with your contract"),
        ],
        required=True,
        default="sandbox",
    )
    company_id = fields.Many2one("res.company", help="Empty: serves every company.")
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.ref("base.ILS", raise_if_not_found=False)
    )
    sender = fields.Char("Sender ID", help="Alphanumeric sender name or number approved for you.")
    number_format = fields.Selection(
        [(key, f"{key} ({example})") for key, example in WIRE_FORMATS.items()],
        default="e164",
        required=True,
        help="How destination numbers are written in requests to this provider.",
    )
    prefixes = fields.Char(
        help="Space-separated E.164 prefixes this provider serves, e.g. '+97059 +97056'. "
        "Empty: every number.",
    )
    batch_size = fields.Integer(default=50, help="Messages handed to the provider per call.")
    rate_limit = fields.Float("Rate Limit (msg/s)", default=0, help="0: no limit.")
    timeout = fields.Float("Timeout (s)", default=10)
    max_attempts = fields.Integer("Attempts", default=3, help="Tries per request, backoff between.")
    cost_per_segment = fields.Float("Cost per Segment", digits=(12, 4))
    max_segments = fields.Integer(
        default=4, help="Longer messages are refused before they reach the provider."
    )
    # endpoint and credentials: read by system administrators only
    url = fields.Char("Endpoint URL", groups="base.group_system")
    username = fields.Char(groups="base.group_system")
    password = fields.Char(groups="base.group_system")
    api_token = fields.Char("API Token", groups="base.group_system")
    auth_header = fields.Char(
        groups="base.group_system", help="HTTP header carrying the credential, e.g. Authorization"
    )
    auth_value = fields.Char(groups="base.group_system", help="e.g. 'Bearer <token>'")
    webhook_token = fields.Char(
        groups="base.group_system",
        copy=False,
        default=lambda self: secrets.token_urlsafe(24),
        help="Secret in the delivery-report and inbound URLs; also the HMAC key when signed.",
    )
    dlr_auth = fields.Selection(
        [("token", "Secret token in the URL"), ("hmac", "HMAC-SHA256 signature header")],
        string="Callback Authentication",
        default="token",
        required=True,
    )
    # generic JSON API mapping
    json_to_field = fields.Char("Number Field", default="to", groups="base.group_system")
    json_text_field = fields.Char("Text Field", default="text", groups="base.group_system")
    json_sender_field = fields.Char("Sender Field", default="from", groups="base.group_system")
    json_id_field = fields.Char("Message Id Field", default="id", groups="base.group_system")
    json_batch_field = fields.Char(
        "Batch Field", groups="base.group_system", help="Empty: one request per message."
    )
    json_results_field = fields.Char("Results Field", default="results", groups="base.group_system")
    json_status_field = fields.Char("Status Field", default="status", groups="base.group_system")
    json_success_values = fields.Char(
        "Success Values", default="accepted,queued,sent", groups="base.group_system"
    )
    json_ref_field = fields.Char(
        "Provider Id Field", default="message_id", groups="base.group_system"
    )
    json_error_field = fields.Char("Error Field", default="error", groups="base.group_system")
    json_idempotency_header = fields.Char(
        "Idempotency Header",
        groups="base.group_system",
        help="Header that carries the SMS uuid, e.g. Idempotency-Key, when the provider honours "
        "it: requests are then retried safely after a timeout.",
    )
    dlr_url = fields.Char(
        "Delivery Report URL", compute="_compute_callback_urls", groups="base.group_system"
    )
    inbound_url = fields.Char(
        "Inbound URL", compute="_compute_callback_urls", groups="base.group_system"
    )
    message_count = fields.Integer(compute="_compute_message_count")

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("webhook_token")
    def _compute_callback_urls(self):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        for provider in self:
            if provider.id and provider.webhook_token:
                provider.dlr_url = f"{base}/dura_sms/dlr/{provider.id}/{provider.webhook_token}"
                provider.inbound_url = (
                    f"{base}/dura_sms/inbound/{provider.id}/{provider.webhook_token}"
                )
            else:
                provider.dlr_url = provider.inbound_url = False

    def _compute_message_count(self):
        counts = dict(
            self.env["dura.sms.message"]._read_group(
                [("provider_id", "in", self.ids)], ["provider_id"], ["__count"]
            )
        )
        for provider in self:
            provider.message_count = counts.get(provider, 0)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("kind", "url", "rate_limit", "batch_size", "timeout", "prefixes")
    def _check_settings(self):
        for provider in self.sudo():
            if provider.kind != "sandbox" and provider.active and not provider.url:
                raise ValidationError(
                    self.env._("Provider %(name)s needs an endpoint URL.", name=provider.name)
                )
            if provider.rate_limit < 0 or provider.batch_size < 1 or provider.timeout <= 0:
                raise ValidationError(
                    self.env._(
                        "Provider %(name)s: batch size and timeout must be positive and the "
                        "rate limit zero or positive.",
                        name=provider.name,
                    )
                )
            for prefix in (provider.prefixes or "").split():
                if not prefix.startswith("+") or not prefix[1:].isdigit():
                    raise ValidationError(
                        self.env._(
                            "Prefix %(prefix)s is not an E.164 prefix such as +97059.",
                            prefix=prefix,
                        )
                    )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        providers = super().create(vals_list)
        self.env.registry.clear_cache()  # routing table
        return providers

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_regenerate_token(self):
        for provider in self:
            provider.webhook_token = secrets.token_urlsafe(24)

    def action_simulate_inbound(self):
        """Open the wizard that receives a typed SMS through the sandbox (demo, tests)."""
        self.ensure_one()
        self._check_can_simulate_inbound()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Simulate an Inbound SMS"),
            "res_model": "dura.sms.inbound.simulate",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_provider_id": self.id},
        }

    def _check_can_simulate_inbound(self):
        """Only gateway administrators simulate, and only through a sandbox provider: a
        real provider's messages come from citizens."""
        if not self.env.su and not self.env.user.has_group("dura_sms_gateway.group_sms_admin"):
            raise AccessError(
                self.env._("Only SMS gateway administrators can simulate inbound messages.")
            )
        for provider in self:
            if provider.kind != "sandbox" or not provider.active:
                raise UserError(
                    self.env._(
                        "Inbound messages can only be simulated on an active sandbox provider; "
                        "%(name)s receives real messages through its inbound URL.",
                        name=provider.name,
                    )
                )

    def action_view_messages(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dura_sms_gateway.action_dura_sms_message"
        )
        action["domain"] = [("provider_id", "in", self.ids)]
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    @tools.ormcache("self.env.company.id")
    def _routing_table(self):
        """The :class:`~..tools.routing.RoutingTable` of the active providers of the current
        company, by priority; cached until a provider changes, so routing costs no query on
        the hot path."""
        providers = self.sudo().search(
            [("company_id", "in", [False, self.env.company.id])], order="sequence, id"
        )
        return RoutingTable(
            tuple(Route(p.id, tuple((p.prefixes or "").split())) for p in providers)
        )

    @api.model
    def _dura_gateway_active(self):
        """Whether the municipality's providers carry SMS for the current company (an active
        provider serves it); else Odoo's own SMS path does, and the gateway's rules (approval,
        sender rights, length, number checks) do not apply. No query: the cached table."""
        return bool(self._routing_table())

    @api.model
    def _candidates(self, e164, explicit=False, table=None):
        """Ids of the providers serving `e164`, best first; with `explicit`, only those whose
        prefixes name it (how a foreign destination is allowed). Loops pass the `table`."""
        return (table if table is not None else self._routing_table()).candidates(e164, explicit)

    def _adapter_config(self):
        self.ensure_one()
        provider = self.sudo()
        return {
            "url": provider.url,
            "sender": provider.sender,
            "username": provider.username,
            "password": provider.password,
            "api_token": provider.api_token,
            "auth_header": provider.auth_header,
            "auth_value": provider.auth_value,
            "timeout": provider.timeout,
            "max_attempts": provider.max_attempts,
            "dlr_url": provider.dlr_url,
            "to_field": provider.json_to_field,
            "text_field": provider.json_text_field,
            "sender_field": provider.json_sender_field,
            "id_field": provider.json_id_field,
            "batch_field": provider.json_batch_field,
            "results_field": provider.json_results_field,
            "status_field": provider.json_status_field,
            "success_values": provider.json_success_values,
            "ref_field": provider.json_ref_field,
            "error_field": provider.json_error_field,
            "idempotency_header": provider.json_idempotency_header,
        }

    def _get_adapter(self):
        """The provider's adapter, reused across dispatch runs of this process while the
        provider's settings stay the same (keyed on the settings themselves)."""
        self.ensure_one()
        config = self._adapter_config()
        key = (self.env.cr.dbname, self.id, self.kind, tuple(sorted(config.items())))
        with _LOCK:
            adapter = _ADAPTERS.get(key)
            if adapter is None:
                for stale in [k for k in _ADAPTERS if k[:2] == key[:2]]:
                    old = _ADAPTERS.pop(stale)
                    if old.transport:
                        old.transport.close()
                adapter = _ADAPTERS[key] = ADAPTERS[self.kind](config)
        return adapter

    def _throttle(self, count):
        """Sleep as needed so that this provider receives at most `rate_limit` messages/second
        from this process."""
        self.ensure_one()
        if not self.rate_limit:
            return
        key = (self.env.cr.dbname, self.id)
        with _LOCK:
            now = time.monotonic()
            start = max(now, _LAST_SEND.get(key, 0.0))
            _LAST_SEND[key] = start + count / self.rate_limit
        if start > now:
            time.sleep(start - now)

    def _dura_send_items(self, items):
        """Send ``[(sms, e164, rest)]`` through this provider in chunks; yield
        ``(sms, SendResult, rest)`` for every item, never leaving one without a result."""
        self.ensure_one()
        adapter = self._get_adapter()
        sendable = []
        for sms, e164, rest in items:
            segments = count_segments(sms.body).segments
            if self.max_segments and segments > self.max_segments:
                error = self.env._(
                    "The message needs %(segments)s SMS segments; the limit is %(limit)s.",
                    segments=segments,
                    limit=self.max_segments,
                )
                yield sms, SendResult(sms.uuid, "server_error", error=error), rest
            else:
                sendable.append((sms, e164, rest))
        for chunk in tools.split_every(self.batch_size or 50, sendable, list):
            outbound = [
                OutboundMessage(
                    uuid=sms.uuid,
                    number=to_wire(e164, self.number_format),
                    body=sms.body,
                    unicode=count_segments(sms.body).encoding == "ucs2",
                )
                for sms, e164, _rest in chunk
            ]
            self._throttle(len(outbound))
            try:
                results = {r.uuid: r for r in adapter.send_batch(outbound)}
            except Exception as exc:  # an adapter bug must not leave SMS without a result
                _logger.exception("SMS provider %s failed", self.name)
                results = {}
                error = self.env._("Provider error: %(error)s", error=exc)
            else:
                error = self.env._("The provider gave no result for this message.")
            for sms, _e164, rest in chunk:
                yield (
                    sms,
                    results.get(sms.uuid) or SendResult(sms.uuid, "server_error", error=error),
                    rest,
                )

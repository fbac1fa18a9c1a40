import hashlib
import hmac
import json
import logging
import time

from odoo import http
from odoo.http import request

from odoo.addons.dura_municipality.tools.rate_limit import RateLimiter

_logger = logging.getLogger(__name__)

# Generous limits: a provider reports every message; these only stop a flood.
CALLBACK_LIMITER = RateLimiter("dura_sms.callback", window=60, limit=6000)
SIGNATURE_MAX_AGE = 300  # seconds; older signed callbacks are refused as replays


class DuraSmsController(http.Controller):
    def _provider(self, provider_id, token):
        """The active provider whose secret matches, else None (no hint of which part failed)."""
        provider = request.env["dura.sms.provider"].sudo().browse(provider_id).exists()
        if not provider or not provider.active or not provider.webhook_token:
            return None
        if not hmac.compare_digest(provider.webhook_token.encode(), (token or "").encode()):
            return None
        if provider.dlr_auth == "hmac" and not self._signature_ok(provider):
            return None
        return provider

    def _signature_ok(self, provider):
        stamp = request.httprequest.headers.get("X-Dura-Timestamp", "")
        signature = request.httprequest.headers.get("X-Dura-Signature", "")
        if not stamp.isdigit() or abs(time.time() - int(stamp)) > SIGNATURE_MAX_AGE:
            return False
        body = request.httprequest.get_data()
        expected = hmac.new(
            provider.webhook_token.encode(), stamp.encode() + b"." + body, hashlib.sha256
        ).hexdigest()
        return hmac.compare_digest(expected, signature.removeprefix("sha256="))

    def _payload(self):
        if request.httprequest.mimetype == "application/json":
            try:
                return json.loads(request.httprequest.get_data() or b"null")
            except ValueError:
                return ValueError
        return None

    def _reply(self, text, status=200):
        return request.make_response(text, [("Content-Type", "text/plain")], status=status)

    def _callback_limit(self):
        """Callbacks per address and minute (setting ``dura_sms.callback_rate_limit``)."""
        value = request.env["ir.config_parameter"].sudo().get_param("dura_sms.callback_rate_limit")
        try:
            return int(value) if value else CALLBACK_LIMITER.limit
        except ValueError:
            return CALLBACK_LIMITER.limit

    def _guard(self, provider_id, token):
        if not CALLBACK_LIMITER.allow(
            request.env, request.httprequest.remote_addr, self._callback_limit()
        ):
            return None, self._reply("too many requests", 429)
        provider = self._provider(provider_id, token)
        if not provider:
            return None, self._reply("forbidden", 403)
        payload = self._payload()
        if payload is ValueError:
            return None, self._reply("malformed JSON", 400)
        return (provider, payload), None

    @http.route(
        "/dura_sms/dlr/<int:provider_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        csrf=False,
        save_session=False,
    )
    def delivery_report(self, provider_id, token, **params):
        found, error = self._guard(provider_id, token)
        if error:
            return error
        provider, payload = found
        try:
            reports = provider._get_adapter().parse_delivery_report(params, payload)
        except ValueError as exc:
            return self._reply(f"bad report: {exc}", 400)
        messages = request.env["dura.sms.message"].sudo()
        applied, parked, unknown = messages._apply_delivery_reports(provider, reports)
        if unknown and not applied and not parked:
            return self._reply("unknown message", 404)
        return self._reply("OK")

    @http.route(
        "/dura_sms/inbound/<int:provider_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        csrf=False,
        save_session=False,
    )
    def inbound(self, provider_id, token, **params):
        found, error = self._guard(provider_id, token)
        if error:
            return error
        provider, payload = found
        try:
            message = provider._get_adapter().parse_inbound(params, payload)
        except ValueError as exc:
            return self._reply(f"bad message: {exc}", 400)
        if message is None:
            return self._reply("this provider does not deliver inbound messages", 400)
        request.env["dura.sms.inbound"].sudo()._receive(provider, message)
        return self._reply("OK")

"""The public status page: a citizen follows a request with its tracking number and the last four
digits of their mobile. Arabic by default; rate limited per address and per tracking number; any
mismatch answers "not found" without saying which part was wrong."""

from odoo import http
from odoo.http import request

from odoo.addons.dura_municipality.controllers.public_page import (
    page_values,
    public_env,
    render_page,
)
from odoo.addons.dura_municipality.tools.rate_limit import RateLimiter

DEFAULT_IP_LIMIT = 10  # look-ups per IP address in WINDOW seconds
NUMBER_FAILURE_LIMIT = 5  # failed look-ups of one tracking number in WINDOW seconds
WINDOW = 600.0
IP_LIMITER = RateLimiter("dura_open311.status_ip", window=WINDOW)
NUMBER_LIMITER = RateLimiter("dura_open311.status_number", window=WINDOW)


class StatusPageController(http.Controller):
    @http.route("/status", type="http", auth="public", methods=["GET", "POST"], sitemap=False)
    def status_page(self, number="", digits="", lang=None, **kwargs):
        # Arabic by default whatever the browser's language: only the page's language links
        # change it
        env = public_env(lang)
        values = page_values(env, number=number.strip())
        status = 200
        if request.httprequest.method == "POST":
            values["searched"] = True
            values.update(self._look_up(env, values["number"], digits))
            if found := values.pop("found", None):
                # the request's municipality, not the public user's company
                values["company_name"] = found.company_id.name
            status = values.pop("status", 200)
        return render_page("dura_open311.status_page", values, status=status)

    # ------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------

    def _look_up(self, env, number, digits):
        limit = self._ip_limit(env)
        allowed, retry_after = IP_LIMITER.hit(env, request.httprequest.remote_addr, limit)
        key = number.upper()
        if not allowed or NUMBER_LIMITER.is_blocked(env, key, NUMBER_FAILURE_LIMIT):
            minutes = max(1, -(-retry_after // 60)) if retry_after else int(WINDOW // 60)
            return {
                "error": env._(
                    "Too many attempts. Please try again in %(minutes)s minutes.",
                    minutes=minutes,
                ),
                "status": 429,
            }
        found = env["dura.service.request"]._status_page_find(number, digits)
        if not found:
            if key:
                NUMBER_LIMITER.hit(env, key, NUMBER_FAILURE_LIMIT)
            return {"error": env._("Not found."), "status": 404}
        found = found.with_env(env(su=True))
        return {"result": found._status_page_values(), "found": found}

    def _ip_limit(self, env):
        value = env["ir.config_parameter"].sudo().get_param("dura_open311.rate_limit_status")
        try:
            return int(value) if value else DEFAULT_IP_LIMIT
        except ValueError:
            return DEFAULT_IP_LIMIT

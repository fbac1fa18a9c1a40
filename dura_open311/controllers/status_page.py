"""The public status page: a citizen follows a request with its tracking number and the last four
digits of their mobile. Arabic by default; rate limited per address and per tracking number; any
mismatch answers "not found" without saying which part was wrong."""

from odoo import http
from odoo.http import request

from odoo.addons.dura_sms_gateway.tools.rate_limit import RateLimiter

DEFAULT_LANG = "ar_001"
DEFAULT_IP_LIMIT = 10  # look-ups per IP address in WINDOW seconds
NUMBER_FAILURE_LIMIT = 5  # failed look-ups of one tracking number in WINDOW seconds
WINDOW = 600.0
IP_LIMITER = RateLimiter("dura_open311.status_ip", window=WINDOW)
NUMBER_LIMITER = RateLimiter("dura_open311.status_number", window=WINDOW)


class StatusPageController(http.Controller):
    @http.route("/status", type="http", auth="public", methods=["GET", "POST"], sitemap=False)
    def status_page(self, number="", digits="", lang=None, **kwargs):
        env = self._env(lang)
        values = {
            "number": number.strip(),
            "langs": self._langs(env),
            "lang": env.lang,
            "company_name": env.company.sudo().name,
            "direction": env["res.lang"]._get_data(code=env.lang).direction or "ltr",
        }
        status = 200
        if request.httprequest.method == "POST":
            values["searched"] = True
            values.update(self._look_up(env, values["number"], digits))
            if found := values.pop("found", None):
                # the request's municipality, not the public user's company
                values["company_name"] = found.company_id.name
            status = values.pop("status", 200)
        response = request.render("dura_open311.status_page", values, status=status)
        response.headers["Cache-Control"] = "no-store"
        return response

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

    def _env(self, lang):
        """The public environment in `lang` if it is installed, else Arabic, else English."""
        installed = dict(request.env["res.lang"].sudo().get_installed())
        code = next((code for code in (lang, DEFAULT_LANG) if code and code in installed), "en_US")
        request.update_context(lang=code)
        return request.env

    def _langs(self, env):
        """The languages the page can be shown in: (code, name)."""
        return env["res.lang"].sudo().get_installed()

    def _ip_limit(self, env):
        value = env["ir.config_parameter"].sudo().get_param("dura_open311.rate_limit_status")
        try:
            return int(value) if value else DEFAULT_IP_LIMIT
        except ValueError:
            return DEFAULT_IP_LIMIT

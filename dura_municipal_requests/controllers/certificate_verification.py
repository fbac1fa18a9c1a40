"""The public certificate verification page: whoever is shown a certificate (an employer, a
court, a bank) checks its code here, by scanning its QR code or typing the code. In the language
the visitor asks for or their browser's (verifiers are not always Arabic readers), else Arabic;
rate limited per address; an unknown, malformed or mistyped code gets the same neutral "not
found"."""

from odoo import http
from odoo.http import request

from odoo.addons.dura_municipality.controllers.public_page import (
    page_values,
    public_env,
    render_page,
)
from odoo.addons.dura_municipality.tools.rate_limit import RateLimiter

LOOKUP_LIMIT = 20  # look-ups per address in WINDOW seconds
WINDOW = 600.0
LIMITER = RateLimiter("dura.certificate.verify", window=WINDOW, limit=LOOKUP_LIMIT)


class CertificateVerificationController(http.Controller):
    @http.route(
        ["/dura/certificate/verify", "/dura/certificate/verify/<string:code>"],
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def certificate_verify(self, code=None, lang=None, **kwargs):
        env = public_env(lang, browser=True)
        code = (code or "").strip()[:64]
        values = page_values(env, code=code)
        status = 200
        if code:
            values["searched"] = True
            if not LIMITER.allow(env, request.httprequest.remote_addr):
                values["error"] = env._(
                    "Too many attempts. Please try again in %(minutes)s minutes.",
                    minutes=int(WINDOW // 60),
                )
                status = 429
            else:
                found = env["dura.service.request"]._certificate_find(code)
                if found:
                    values["result"] = found._certificate_verification_values()
                    # the issuer is the certificate's municipality, not the public user's
                    values["company_name"] = found.sudo().company_id.name
                else:
                    values["error"] = env._("No valid certificate has this code.")
                    status = 404
        return render_page(
            "dura_municipal_requests.certificate_verification_page", values, status=status
        )

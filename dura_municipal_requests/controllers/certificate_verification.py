"""The public certificate verification page: whoever is shown a certificate (an employer, a
court, a bank) checks its code here, by scanning its QR code or typing the code. Arabic unless
the visitor asks for another installed language; rate limited per address; an unknown, malformed
or mistyped code gets the same neutral "not found"."""

from odoo import http
from odoo.http import request

from odoo.addons.dura_sms_gateway.tools.rate_limit import RateLimiter

DEFAULT_LANG = "ar_001"
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
        env = self._env(lang)
        code = (code or "").strip()[:64]
        values = {
            "code": code,
            "langs": env["res.lang"].sudo().get_installed(),
            "lang": env.lang,
            "company_name": env.company.sudo().name,
            "direction": env["res.lang"]._get_data(code=env.lang).direction or "ltr",
        }
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
        response = request.render(
            "dura_municipal_requests.certificate_verification_page", values, status=status
        )
        response.headers["Cache-Control"] = "no-store"
        return response

    def _env(self, lang):
        """The public environment in `lang` or the browser's language if installed, else
        Arabic, else English."""
        installed = [code for code, _name in request.env["res.lang"].sudo().get_installed()]
        chosen = next(
            (
                match
                for wanted in (lang, request.best_lang)
                if wanted
                for match in [wanted, DEFAULT_LANG, *installed]
                if match in installed and match.split("_")[0] == wanted.split("_")[0]
            ),
            DEFAULT_LANG if DEFAULT_LANG in installed else "en_US",
        )
        request.update_context(lang=chosen)
        return request.env

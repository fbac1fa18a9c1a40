import re

import psycopg2

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dura_municipality.tests.pdf_tools import render_pdf_text
from odoo.addons.dura_municipality.tools.rate_limit import RateLimiter

from ..controllers import certificate_verification
from ..tools import certificate_code as cc
from .common import DuraRequestCommon

CERTIFICATE = "dura_municipal_requests.action_report_request_certificate"
VERIFY = "/dura/certificate/verify"


@tagged("post_install", "-at_install")
class TestCertificateVerification(HttpCase, DuraRequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service_certificate = cls.service_complaint.copy(
            {
                "code": "T-CERT-RES",
                "completion_effect": "certificate",
                "name": "Residence certificate",
            }
        )
        cls.service_certificate.update_field_translations("name", {"ar_001": "شهادة سكن"})
        cls.other_citizen = cls.env["res.partner"].create(
            {
                "name": "فاطمة علي العمايرة",
                "dura_national_id": "314159260",
                "mobile": "0598111222",
                "lang": "ar_001",
            }
        )

    def setUp(self):
        super().setUp()
        # fresh counters for each test, as one address (127.0.0.1) runs them all
        certificate_verification.LIMITER.reset(self.env)

    def _complete(self, citizen, service=None):
        request = self._new_request(citizen, service or self.service_certificate)
        request.with_user(self.user_center).action_submit()
        request.with_user(self.user_water).action_start()
        self.assertFalse(request.certificate_code, "no code before completion")
        request.with_user(self.user_water).action_done()
        self.assertEqual(request.state, "done")
        return request

    def _verify(self, code, **params):
        headers = params.pop("headers", None)
        query = "&".join(f"{key}={value}" for key, value in params.items())
        return self.url_open(f"{VERIFY}/{code}" + (f"?{query}" if query else ""), headers=headers)

    # ------------------------------------------------------------
    # the code on the request
    # ------------------------------------------------------------

    def test_code_on_completion_of_certificates_only(self):
        complaint = self._complete(self.citizen_ar, self.service_complaint)
        self.assertFalse(complaint.certificate_code)
        request = self._complete(self.citizen_ar)
        code = request.certificate_code
        self.assertEqual(cc.normalize(code), code)
        # stable: printing again, or changing the completion date, keeps it
        request.sudo().date_done = fields.Datetime.now()
        self.env["ir.actions.report"]._render_qweb_html(CERTIFICATE, request.ids)
        self.assertEqual(request.certificate_code, code)
        # the issued certificate (HTML in test mode) carries it and its QR code
        issued = request.certificate_attachment_id.raw.decode()
        self.assertIn(code, issued)
        url = re.escape(f"{request.get_base_url()}{VERIFY}/{code}")
        self.assertRegex(issued, f'<img [^>]*alt="[^"]*{url}[^"]*" src="data:image/png;base64,')
        self.assertFalse(request.copy().certificate_code)
        for request_as in (request.with_user(self.user_water), request.sudo()):
            with self.assertRaises(UserError):
                request_as.write({"certificate_code": cc.generate()})
        with self.assertRaises(UserError):
            self.env["dura.service.request"].create(
                {
                    "partner_id": self.citizen_ar.id,
                    "service_type_id": self.service_certificate.id,
                    "certificate_code": cc.generate(),
                }
            )
        self.assertEqual(request.certificate_code, code)

    def test_codes_batched_and_unique(self):
        """As many queries for 20 codes as for 2, all different; the database refuses a copy."""

        def new_requests(count):
            return self.env["dura.service.request"].create(
                [
                    {
                        "partner_id": self.citizen_ar.id,
                        "service_type_id": self.service_certificate.id,
                    }
                    for _ in range(count)
                ]
            )

        counts = []
        for requests in (new_requests(2), new_requests(20)):
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            requests.write({"date_done": fields.Datetime.now()})
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
            self.assertTrue(all(requests.mapped("certificate_code")))
        self.assertEqual(counts[0], counts[1])
        codes = self.env["dura.service.request"].search([("certificate_code", "!=", False)])
        self.assertEqual(len(set(codes.mapped("certificate_code"))), len(codes))
        first, second = codes[:2]
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "UPDATE dura_service_request SET certificate_code = %s WHERE id = %s",
                    (first.certificate_code, second.id),
                )

    def test_typo_refused_before_any_lookup(self):
        request = self._complete(self.citizen_ar)
        compact = request.certificate_code.replace("-", "")
        typo = compact[:3] + next(c for c in cc.ALPHABET if c != compact[3]) + compact[4:]
        Request = self.env["dura.service.request"]
        with self.assertQueryCount(0):
            self.assertFalse(Request._certificate_find(typo))
        self.assertEqual(Request._certificate_find(compact.lower()), request)

    # ------------------------------------------------------------
    # the public page
    # ------------------------------------------------------------

    def test_valid_code_in_arabic(self):
        request = self._complete(self.citizen_ar)
        other = self._complete(self.other_citizen)
        response = self._verify(request.certificate_code.lower().replace("-", ""))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Cache-Control"], "no-store")
        html = response.text
        self.assertIn('dir="rtl"', html)
        for shown in (
            "هذه الشهادة صحيحة",
            "أحمد محمود الشريف",
            "شهادة سكن",
            request.name,
            request.certificate_code,
        ):
            self.assertIn(shown, html)
        self.assertIn(
            request.with_context(lang="ar_001")._certificate_verification_values()["date"], html
        )
        # nothing else about the holder, and nothing about anyone else
        for private in (
            "401234562",
            "0599123456",
            "599123456",
            "Parcel 12",
            self.department_water.name,
            other.name,
            other.certificate_code,
            "فاطمة",
            "314159260",
        ):
            self.assertNotIn(private, html)

    def test_issuer_is_the_certificates_municipality(self):
        """In a database of several municipalities, the page names the one that issued the
        certificate, not the public user's company."""
        request = self._complete(self.citizen_ar).sudo()
        code = request.certificate_code
        other = self.env["res.company"].create({"name": "بلدية يطا"})
        self.env.cr.execute(
            "UPDATE dura_service_request SET company_id = %s WHERE id = %s", [other.id, request.id]
        )
        request.invalidate_recordset(["company_id"])
        html = self._verify(code).text
        self.assertIn("بلدية يطا", html)
        self.assertNotIn(self.env.company.name, html)

    def test_valid_code_in_english(self):
        request = self._complete(self.citizen_ar)
        for params in (
            {"lang": "en_US"},
            {"headers": {"Accept-Language": "en-GB,en;q=0.8"}},
        ):
            html = self._verify(request.certificate_code, **params).text
            self.assertIn('dir="ltr"', html)
            self.assertIn("This certificate is valid.", html)
            self.assertIn("Residence certificate", html)
            self.assertIn("أحمد محمود الشريف", html)
        html = self._verify(request.certificate_code, headers={"Accept-Language": "ar"}).text
        self.assertIn('dir="rtl"', html)

    def test_form_and_query_string(self):
        request = self._complete(self.citizen_en)
        form = self.url_open(VERIFY)
        self.assertEqual(form.status_code, 200)
        self.assertIn('name="code"', form.text)
        self.assertNotIn('role="alert"', form.text)
        found = self.url_open(f"{VERIFY}?code={request.certificate_code.replace('-', '+')}")
        self.assertEqual(found.status_code, 200)
        self.assertIn("Omar Khalil", found.text)

    def test_not_found_is_neutral(self):
        request = self._complete(self.citizen_ar)
        compact = request.certificate_code.replace("-", "")
        typo = compact[:-2] + compact[-1] + compact[-2]
        if typo == compact:
            typo = compact[1:] + compact[0]
        unknown = cc.generate()  # well formed, check character right, issued to nobody
        bodies = set()
        for code in (unknown, typo, "abc", "0000-0000-0000", "%27%20OR%201%3D1"):
            response = self._verify(code, lang="en_US")
            self.assertEqual(response.status_code, 404, code)
            self.assertIn("No valid certificate has this code.", response.text)
            self.assertNotIn('o_dura_verify_valid"', response.text)
            self.assertNotIn("أحمد", response.text)
            self.assertNotIn(request.name, response.text)
            page = re.sub(r'(name="code"[^>]*value=")[^"]*"', r"\1", response.text)
            bodies.add(re.sub(r'csrf_token: "[^"]*"', "", page))
        self.assertEqual(len(bodies), 1, "the same page whatever was wrong with the code")

    def test_rate_limited(self):
        request = self._complete(self.citizen_ar)
        lowered = RateLimiter(certificate_verification.LIMITER.scope, window=600, limit=3)
        self.patch(certificate_verification, "LIMITER", lowered)
        for _attempt in range(3):
            self.assertEqual(self._verify(cc.generate()).status_code, 404)
        blocked = self._verify(request.certificate_code, lang="en_US")
        self.assertEqual(blocked.status_code, 429, "even the right code, once guessed at")
        self.assertIn("Too many attempts", blocked.text)
        self.assertNotIn("أحمد", blocked.text)
        self.assertEqual(self.url_open(VERIFY).status_code, 200, "the form itself stays open")

    # ------------------------------------------------------------
    # the certificate as a real PDF
    # ------------------------------------------------------------

    # Without the `rtlcss` tool Odoo serves the left-to-right CSS to Arabic pages and warns.
    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_certificate_pdf_carries_the_code(self):
        request = self._complete(self.citizen_ar)
        text = render_pdf_text(self, CERTIFICATE, request.ids, "certificate_code_ar")
        self.assertIn(request.certificate_code, text)
        self.assertIn(request.name, text)
        for arabic in ("رمز التحقق", "تحقق من هذه الشهادة", "شهادة سكن", "أحمد محمود الشريف"):
            self.assertIn(arabic, text)
        english = self._complete(self.citizen_en)
        text = render_pdf_text(self, CERTIFICATE, english.ids, "certificate_code_en")
        for label in ("Verify this certificate", "Verification code", english.certificate_code):
            self.assertIn(label, text)
        self.assertIn(f"{VERIFY}/{english.certificate_code}", text.replace("\n", ""))

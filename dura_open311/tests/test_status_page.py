import re

from odoo.tests import tagged

from .common import DuraOpen311Common


@tagged("post_install", "-at_install")
class TestStatusPage(DuraOpen311Common):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a request on hold for a missing site plan, as the tour expects it
        cls.service_light.document_type_ids |= cls.doc_site_plan
        request = cls.env["dura.service.request"].create(
            {
                "partner_id": cls.citizen.id,
                "service_type_id": cls.service_light.id,
                "description": "Street light",
            }
        )
        photo = request.document_ids.filtered(lambda d: d.document_type_id == cls.doc_photo)
        photo.attachment_ids = cls.env["ir.attachment"].create(
            {"name": "photo.jpg", "raw": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"}
        )
        request.with_user(cls.user_center).write({"hold_reason": "Plan missing, Huda brings it"})
        request.with_user(cls.user_center).action_submit()
        request.name = "DR-TOUR-00042"
        cls.request = request

    def _look_up(self, number, digits, lang=None):
        page = self.url_open("/status" + (f"?lang={lang}" if lang else ""))
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        data = {"csrf_token": token, "number": number, "digits": digits}
        if lang:
            data["lang"] = lang
        return self.url_open("/status", data=data)

    def test_status_page_tour(self):
        self.assertEqual(self.request.state, "on_hold")
        self.start_tour("/status", "dura_status_page_tour")

    def test_found_in_arabic_by_default(self):
        response = self._look_up("dr-tour-00042", "0111")
        self.assertEqual(response.status_code, 200)
        html = response.text
        self.assertIn('dir="rtl"', html)
        self.assertIn("تابع طلبك", html)
        self.assertIn("متوقف", html)
        self.assertIn("مخطط الموقع", html)
        for private in ("Huda", "401234562", "0599000111", "Plan missing"):
            self.assertNotIn(private, html)

    def test_english_on_request(self):
        html = self._look_up("DR-TOUR-00042", "0111", lang="en_US").text
        self.assertIn('dir="ltr"', html)
        self.assertIn("On Hold", html)
        self.assertIn("Please visit the service center with: Site plan.", html)

    def test_mismatch_says_only_not_found(self):
        bodies = []
        for number, digits in (
            ("DR-TOUR-00042", "0112"),
            ("DR-TOUR-00043", "0111"),
            ("DR-TOUR-00042", ""),
        ):
            response = self._look_up(number, digits, lang="en_US")
            self.assertEqual(response.status_code, 404)
            self.assertNotIn('o_dura_status_result"', response.text)
            bodies.append(re.search(r'o_dura_status_error"[^>]*>([^<]*)<', response.text).group(1))
        self.assertEqual(set(bodies), {"Not found."})

    def test_rate_limited_per_tracking_number_and_address(self):
        for _attempt in range(5):
            self.assertEqual(self._look_up("DR-TOUR-00042", "1234").status_code, 404)
        blocked = self._look_up("DR-TOUR-00042", "0111", lang="en_US")
        self.assertEqual(blocked.status_code, 429, "even the right digits, once guessed at")
        self.assertIn("Too many attempts", blocked.text)
        self.assertNotIn('o_dura_status_result"', blocked.text)
        self.env["ir.config_parameter"].set_param("dura_open311.rate_limit_status", "6")
        self.assertEqual(self._look_up("DR-OTHER-1", "1234").status_code, 429, "6 per address")

    def test_names_the_requests_municipality(self):
        """In a database of several municipalities, the answer names the request's one."""
        other = self.env["res.company"].create({"name": "بلدية يطا"})
        self.env.cr.execute(
            "UPDATE dura_service_request SET company_id = %s WHERE id = %s",
            [other.id, self.request.id],
        )
        self.request.invalidate_recordset(["company_id"])
        page = self._look_up(self.request.name, self.citizen.mobile[-4:])
        self.assertEqual(page.status_code, 200)
        self.assertIn("بلدية يطا", page.text)

import re
import subprocess
import tempfile
import unicodedata

from lxml import etree

from odoo.tests import HttpCase, tagged
from odoo.tools import format_date, mute_logger

from odoo.addons.dura_municipality.tests.pdf_tools import render_pdf_text

from .common import DuraRequestCommon


def word_boxes(content):
    """The words of the PDF's first page with their boxes, and the page's width and height
    (pdftotext -bbox); marks drawn apart from their letter (Arabic shadda, ...) left out."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        xhtml = subprocess.run(
            ["pdftotext", "-bbox", "-f", "1", "-l", "1", pdf.name, "-"],
            capture_output=True,
            check=True,
        ).stdout
    root = etree.fromstring(xhtml, etree.XMLParser(recover=True))
    page = root.find(".//{*}page")
    words = [
        (
            unicodedata.normalize("NFKC", word.text or ""),
            *(float(word.get(key)) for key in ("xMin", "yMin", "xMax", "yMax")),
        )
        for word in page.iter("{*}word")
    ]
    words = [w for w in words if any(unicodedata.category(c)[0] != "M" for c in w[0])]
    return words, float(page.get("width")), float(page.get("height"))


def layout_problems(content):
    """Words off the page, and pairs of words drawn over each other."""
    words, width, height = word_boxes(content)
    problems = [
        f"{text!r} leaves the page"
        for text, x0, y0, x1, y1 in words
        if x0 < 0 or y0 < 0 or x1 > width or y1 > height
    ]
    for index, (text, x0, y0, x1, y1) in enumerate(words):
        for other, u0, v0, u1, v1 in words[index + 1 :]:
            # same line (vertical overlap of most of their height) and horizontal overlap
            same_line = min(y1, v1) - max(y0, v0) > 0.5 * min(y1 - y0, v1 - v0)
            if same_line and min(x1, u1) - max(x0, u0) > 1.0:
                problems.append(f"{text!r} and {other!r} overlap")
    return problems


@tagged("post_install", "-at_install")
class TestCertificatePdf(HttpCase, DuraRequestCommon):
    maxDiff = None
    """The certificate as a real PDF through wkhtmltopdf, with the server serving the assets."""

    # Without the `rtlcss` tool (npm) Odoo serves the left-to-right CSS to Arabic pages and warns
    # about it; a machine setup matter (reported), not this report's.
    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_certificate_pdf_arabic(self):
        service = self.service_complaint.copy(
            {"code": "T-CERT-PDF", "completion_effect": "certificate", "name": "Certificate"}
        )
        request = self._new_request(self.citizen_ar, service)
        request.with_user(self.user_center).action_submit()
        request.with_user(self.user_water).action_start()
        request.with_user(self.user_water).action_done()
        text = render_pdf_text(
            self,
            "dura_municipal_requests.action_report_request_certificate",
            request.ids,
            "certificate_ar",
        )
        for arabic in ("شهادة", "المواطن", "أحمد محمود الشريف", "تشهد البلدية"):
            self.assertIn(arabic, text)
        # the completion date is printed, also on the copy issued at completion
        done_on = format_date(request.with_context(lang="ar_001").env, request.date_done)
        self.assertIn(done_on, request.certificate_attachment_id.raw.decode())
        # pdftotext moves the digits around the Arabic month's name: compare the name only
        self.assertIn(re.sub(r"[\d\s,]", "", done_on), text)
        self.assertIn(request.name, text)
        self.assertIn("401234562", text)

    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_service_wording_pdf_arabic_and_english(self):
        """Two demo certificate services print what they certify, in the citizen's language,
        instead of the general wording."""
        residence = self.env.ref("dura_municipal_requests.service_residence_certificate")
        building = self.env.ref("dura_municipal_requests.service_building_completion")
        self.citizen_ar.street = "حي الكرمة، شارع المدارس"
        self.citizen_en.street = "Al-Karma quarter, Schools street"
        expected = {
            (residence, "ar"): ("شهادة سكن", "تشهد بلدية دورا", "حي الكرمة"),
            (residence, "en"): (
                "Residence certificate",
                "resides within the municipal boundaries of Dura",
                "Al-Karma quarter, Schools street",
            ),
            (building, "ar"): ("شهادة إتمام بناء", "قسم الهندسة", "قطعة 12 حوض 5"),
            (building, "en"): (
                "Building completion certificate",
                "building works completed in accordance with the building licence",
                "parcel 12, basin 5",
            ),
        }
        for (service, lang), phrases in expected.items():
            citizen = self.citizen_ar if lang == "ar" else self.citizen_en
            with self.subTest(service=service.code, lang=lang):
                request = self._new_request(citizen, service)
                request.description = "قطعة 12 حوض 5" if lang == "ar" else "parcel 12, basin 5"
                request.with_user(self.user_center).action_submit()
                self._pay(request.invoice_id)
                # the demo's departments: their officers are the demo's users
                request.sudo().action_start()
                request.sudo().action_done()
                text = render_pdf_text(
                    self,
                    "dura_municipal_requests.action_report_request_certificate",
                    request.ids,
                    f"certificate_{service.code}_{lang}",
                )
                content, _type = (
                    self.env["ir.actions.report"]
                    .with_context(force_report_rendering=True)
                    ._render_qweb_pdf(
                        "dura_municipal_requests.action_report_request_certificate", request.ids
                    )
                )
                self.assertEqual(layout_problems(content), [])
                flat = " ".join(text.split())
                # the words of a line are cells: pdftotext may drop the space between them
                for phrase in phrases:
                    self.assertIn("".join(phrase.split()), "".join(flat.split()))
                self.assertIn(citizen.name, flat)
                self.assertIn(citizen.dura_national_id, flat)
                self.assertIn(request.name, flat)
                self.assertNotIn("t-out", flat)
                general = "تشهد البلدية" if lang == "ar" else "was examined and completed"
                self.assertNotIn(general, flat)

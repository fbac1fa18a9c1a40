import base64

from odoo.tests import TransactionCase, tagged

REFERENCE = "الفات/2026/00022"


@tagged("post_install", "-at_install")
class TestQrCode(TransactionCase):
    """The QR code of a bill's or fee invoice's payment reference, Arabic journal code and all."""

    def test_arabic_reference_gets_a_qr_image(self):
        out = self.env["ir.qweb.field.barcode"].value_to_html(
            REFERENCE, {"symbology": "QR", "width": 130, "height": 130, "img_width": "130"}
        )
        self.assertIn('<img width="130"', out)
        data = out.split("data:image/png;base64,")[1].split('"')[0]
        self.assertTrue(base64.b64decode(data).startswith(b"\x89PNG"))
        self.assertIn(f'alt="{REFERENCE}"', out)

    def test_other_symbologies_and_ascii_keep_odoo_rendering(self):
        Barcode = self.env["ir.qweb.field.barcode"]
        # Code128 cannot carry Arabic: Odoo prints the text
        self.assertNotIn("<img", Barcode.value_to_html(REFERENCE, {"symbology": "Code128"}))
        self.assertIn("<img", Barcode.value_to_html("INV/2026/00022", {"symbology": "QR"}))

    def test_bill_template_prints_the_qr_code(self):
        """Rendered through QWeb as the bill and the fee invoice write it."""
        html = self.env["ir.qweb"]._render(
            self.env["ir.ui.view"]
            .create(
                {
                    "name": "qr test",
                    "type": "qweb",
                    "arch": '<t t-name="qr_test"><div t-out="reference" t-options="{'
                    "'widget': 'barcode', 'symbology': 'QR', 'width': 130, 'height': 130}\"/></t>",
                }
            )
            .id,
            {"reference": REFERENCE},
        )
        self.assertIn("data:image/png;base64,", html)

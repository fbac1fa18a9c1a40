import base64

from lxml import html
from markupsafe import Markup

from odoo import api, models
from odoo.tools.mail import safe_attrs

BARCODE_OPTIONS = ("width", "height", "humanreadable", "quiet", "mask")


class IrQwebFieldBarcode(models.AbstractModel):
    _inherit = "ir.qweb.field.barcode"

    @api.model
    def value_to_html(self, value, options=None):
        """A QR code of any text, Arabic included.

        Odoo's widget prints a value that is not ASCII as plain text instead of a barcode,
        which is right for Code128 or EAN but not for QR, which carries UTF-8: with Arabic
        journal codes (Odoo's Arabic chart names the sales journal "الفات"), the bill's and
        the fee invoice's payment reference "الفات/2026/00022" got no QR code at all. Other
        symbologies, and ASCII values, keep Odoo's own rendering."""
        options = options or {}
        if not value or value.isascii() or options.get("symbology") != "QR":
            return super().value_to_html(value, options)
        barcode = self.env["ir.actions.report"].barcode(
            "QR", value, **{key: options[key] for key in BARCODE_OPTIONS if key in options}
        )
        img = html.Element("img")
        for key, attr in options.items():
            if key.startswith("img_") and key[4:] in safe_attrs:
                img.set(key[4:], attr)
        img.set("alt", options.get("img_alt") or value)
        img.set("src", f"data:image/png;base64,{base64.b64encode(barcode).decode()}")
        return Markup(html.tostring(img, encoding="unicode"))

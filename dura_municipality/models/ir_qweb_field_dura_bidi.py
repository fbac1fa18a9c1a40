from markupsafe import Markup

from odoo import api, models

from ..tools.bidi_text import text_pieces


class IrQwebFieldDuraBidi(models.AbstractModel):
    """``t-options="{'widget': 'dura_bidi'}"``: a text (a name, an address, a product) printed
    so that Debian's wkhtmltopdf places it right in an Arabic document, each run of one
    script in a span of its own (see tools/bidi_text.py)."""

    _name = "ir.qweb.field.dura_bidi"
    _description = "Qweb Field Dura Right-to-left Safe Text"
    _inherit = "ir.qweb.field"

    @api.model
    def value_to_html(self, value, options=None):
        # a template's own text (a t-set body) comes as markup: its words, not its entities
        text = value.unescape() if isinstance(value, Markup) else str(value or "")
        return Markup(" ").join(
            Markup().join(Markup("<span>%s</span>") % piece for piece in word)
            for word in text_pieces(text)
        )

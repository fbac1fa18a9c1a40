from odoo import api, fields, models


class AccountPaymentMethodLine(models.Model):
    """A journal's payment method lines copy their method's name ("Manual Payment") once, in
    the language of whoever created the journal (the installer: English), and Odoo shows that
    copy on every payment and in the payment wizard. Translatable here, and filled from the
    method's own translations (Odoo's ar.po says "الدفع اليدوي") whenever terms are loaded."""

    _inherit = "account.payment.method.line"

    name = fields.Char(translate=True)

    @api.model
    def _dura_translate_from_methods(self, langs):
        """Give each line still named as its method (in English) the method's translation in
        `langs`; lines renamed by the user are left alone."""
        codes = [
            code for code in langs or [] if code != "en_US" and self.env["res.lang"]._lang_get(code)
        ]
        if not codes:
            return
        # every company's journals, whoever loads the terms (tests load them as any user)
        lines = (
            self.sudo()
            .with_context(lang="en_US", active_test=False)
            .search([("payment_method_id", "!=", False)])
        )
        for line in lines:
            method = line.payment_method_id
            if line.name != method.name:
                continue
            for code in codes:
                translated = (method.with_context(lang=code).name or "").strip()
                current = line.with_context(lang=code).name
                if translated and translated != method.name and current != translated:
                    line.with_context(lang=code).name = translated

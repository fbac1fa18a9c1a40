from odoo import api, models

from ..tools.phone_numbers import check_number, equivalent_forms


class PhoneBlacklist(models.Model):
    _inherit = "phone.blacklist"

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _dura_blacklisted(self, numbers):
        """The canonical forms of those `numbers` that are blacklisted, matched under +970
        and +972 alike (a citizen who sent STOP from one form is not texted on the other);
        one search whatever the count."""
        forms = set()
        for number in numbers:
            forms.update(equivalent_forms(check_number(number).e164) if number else ())
        if not forms:
            return set()
        found = self.sudo().search([("number", "in", sorted(forms))])
        return {check_number(number).e164 for number in found.mapped("number")}

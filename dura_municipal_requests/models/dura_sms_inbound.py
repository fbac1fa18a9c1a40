import re

import phonenumbers

from odoo import api, models

# Citizens may type the tracking number with Arabic-Indic or Persian digits.
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
TRACKING_NUMBER = re.compile(r"\b([A-Za-z]{1,5}-[0-9]{4}-[0-9]{3,})\b")


def _national_number(number, region):
    try:
        parsed = phonenumbers.parse(number or "", region)
    except phonenumbers.NumberParseException:
        return False
    return str(parsed.national_number) if parsed.national_number else False


class DuraSmsInbound(models.Model):
    _inherit = "dura.sms.inbound"

    @api.model
    def _answer(self, number, text):
        """Answer "<tracking number>" with the request's state, to the citizen's own number
        only, in the citizen's language; +970 and +972 forms of a number match on their
        national significant number."""
        answer = super()._answer(number, text)
        if answer:
            return answer
        numbers = TRACKING_NUMBER.findall((text or "").translate(DIGITS))
        if not numbers:
            return False
        region = (self.env.company.country_id.code or "PS").upper()
        sender = _national_number(number, region)
        if not sender:
            return False
        Request = self.env["dura.service.request"].sudo()
        for request in Request._find_by_tracking_number(numbers):
            if _national_number(request.partner_id.mobile, region) != sender:
                continue
            request = request.with_context(lang=self._reply_lang(request.partner_id))
            return request.env._(
                "Dura Municipality: request %(number)s is %(state)s.",
                number=request.name,
                state=request._get_state_label(),
            )
        return False

    @api.model
    def _help_text(self):
        return self.env._(
            "Dura Municipality: send your request's tracking number (e.g. DR-2026-00042) "
            "to know its state, STOP to stop our general messages."
        )

import re

import phonenumbers

from odoo import api, models

TRACKING_NUMBER = re.compile(r"\b([A-Za-z]{1,5}-\d{4}-\d{3,})\b")


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
        only; +970 and +972 forms of a number match on their national significant number."""
        answer = super()._answer(number, text)
        if answer:
            return answer
        numbers = TRACKING_NUMBER.findall(text or "")
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
            request = request.with_context(lang=request.partner_id.lang or "en_US")
            return request.env._(
                "Dura Municipality: request %(number)s is %(state)s.",
                number=request.name,
                state=request._get_state_label(),
            )
        return False

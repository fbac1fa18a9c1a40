import re

import phonenumbers

from odoo import api, models

# Citizens may type the tracking number with Arabic-Indic or Persian digits.
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
TRACKING_NUMBER = re.compile(r"\b([A-Za-z]{1,5}-[0-9]{4}-[0-9]{3,})\b")
# the answer to the rating question: one digit 0-5, then (optionally) the citizen's words
FEEDBACK_ANSWER = re.compile(r"^\s*([0-5])(?:[\s\-.,:،]+(.*))?$", re.DOTALL)


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
        answer = self._answer_feedback(number, text)
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
    def _answer_feedback(self, number, text):
        """A digit 0-5 from a citizen asked to rate a completed request: the rating (1-5), or
        0, not solved. Matched to the latest request of that number still waiting for an
        answer; a digit from anyone else is not an answer (the help reply follows)."""
        match = FEEDBACK_ANSWER.match((text or "").translate(DIGITS))
        if not match:
            return False
        region = (self.env.company.country_id.code or "PS").upper()
        sender = _national_number(number, region)
        if not sender:
            return False
        request = self.env["dura.service.request"]._feedback_awaiting(sender, region)
        if not request:
            return False
        lang = self._reply_lang(request.partner_id)
        note = (match.group(2) or "").strip()
        return request.with_context(lang=lang)._feedback_receive(int(match.group(1)), note)

    @api.model
    def _help_text(self):
        return self.env._(
            "Dura Municipality: send your request's tracking number (e.g. DR-2026-00042) "
            "to know its state, STOP to stop our general messages."
        )

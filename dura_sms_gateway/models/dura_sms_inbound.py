import logging
import re
from datetime import timedelta

import psycopg2
import pytz

from odoo import api, fields, models
from odoo.tools import mute_logger

from odoo.addons.base.models.res_partner import _lang_get
from odoo.addons.dura_municipality.tools.timezone import DEFAULT_TZ

from ..tools.phone_numbers import check_number, equivalent_forms, subscriber_key

_logger = logging.getLogger(__name__)

# Keywords, written as the citizen would; compared after _normalize_keyword (case, spaces,
# punctuation, Arabic diacritics and tatweel, hamza forms of alef, ى/ي and ة/ه folded), so
# "Stop", " وَقْف ", "إيقاف" and "ايقاف" are one word each.
STOP_WORDS = {
    "STOP",
    "STOP ALL",
    "UNSUBSCRIBE",
    "وقف",
    "أوقف",
    "إيقاف",
    "توقف",
    "إلغاء",
    "الغاء الاشتراك",
}
START_WORDS = {"START", "SUBSCRIBE", "اشتراك", "ابدأ", "تفعيل"}
HELP_WORDS = {"HELP", "INFO", "مساعدة", "مساعده", "معلومات"}

# Citizens of the municipality write Arabic: a number we do not know is answered in Arabic.
DEFAULT_REPLY_LANG = "ar_001"
# At most one help reply per number and calendar day of the municipality, so two robots
# cannot loop; the day is read in the company contact's time zone, else the suite's DEFAULT_TZ.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_PUNCTUATION = re.compile(r"[\s.,;:!?\"'()\[\]«»،؛؟\-_*]+")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})


def _normalize_keyword(text):
    """The keyword form of a message: upper case, no diacritics or punctuation, one space."""
    text = _DIACRITICS.sub("", text or "").translate(_FOLD)
    return " ".join(_PUNCTUATION.sub(" ", text).split()).upper()


_STOP = {_normalize_keyword(word) for word in STOP_WORDS}
_START = {_normalize_keyword(word) for word in START_WORDS}
_HELP = {_normalize_keyword(word) for word in HELP_WORDS}


class DuraSmsInbound(models.Model):
    _name = "dura.sms.inbound"
    _description = "Inbound SMS"
    _order = "id desc"
    _rec_name = "number"
    _sql_constraints = [
        ("help_day_key_unique", "unique(help_day_key)", "One help reply per number and day."),
    ]

    number = fields.Char(required=True, readonly=True, index=True, help="Sender number, E.164")
    body = fields.Text(readonly=True)
    provider_id = fields.Many2one("dura.sms.provider", readonly=True)
    partner_id = fields.Many2one(
        "res.partner", "Citizen", readonly=True, help="The contact found by the sender's number."
    )
    lang = fields.Selection(_lang_get, "Reply Language", readonly=True)
    simulated = fields.Boolean(
        readonly=True, help="Typed in the provider's simulation wizard, not received."
    )
    action = fields.Selection(
        [
            ("stop", "Opt-out"),
            ("start", "Opt-in"),
            ("answered", "Answered"),
            ("help", "Help Sent"),
            ("none", "No Answer"),
        ],
        readonly=True,
        index=True,
    )
    reply = fields.Text(readonly=True)
    help_day_key = fields.Char(
        readonly=True,
        copy=False,
        help="Subscriber and day of a help reply: unique, so one help reply a day per number, "
        "whichever worker receives the message.",
    )
    reply_message_id = fields.Many2one(
        "dura.sms.message",
        "Reply in Audit Log",
        compute="_compute_reply_message_id",
        help="The audit log entry of the reply, once the queue has handed it to a provider.",
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    def _compute_reply_message_id(self):
        # under the user's own rights: an SMS user sees only the audit entries they may read
        entries = self.env["dura.sms.message"].search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)], order="id"
        )
        by_inbound = {entry.res_id: entry for entry in entries}
        for inbound in self:
            inbound.reply_message_id = by_inbound.get(inbound.id, False)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _receive(self, provider, message, simulated=False):
        """Record an inbound SMS, handle STOP/START/help, queue the reply; return the record.

        The one path of every inbound message: the provider's MO route and the sandbox
        simulation both end here. The reply is in the citizen's language (the contact found
        by the number, else Arabic) and leaves through the normal SMS queue.
        """
        e164 = check_number(message.number).e164 or message.number
        text = (message.text or "").strip()
        word = _normalize_keyword(text)
        partner = self._find_partner(e164)
        lang = self._reply_lang(partner)
        Inbound = self.with_context(lang=lang)
        Blacklist = self.env["phone.blacklist"].sudo()
        if word in _STOP:
            Blacklist._add([e164])
            action, reply = (
                "stop",
                Inbound.env._(
                    "Dura Municipality: you will no longer receive general messages. "
                    "Notices about your own requests still arrive. Send START to subscribe again."
                ),
            )
        elif word in _START:
            Blacklist._remove(equivalent_forms(e164))
            action, reply = (
                "start",
                Inbound.env._("Dura Municipality: you will receive our messages again."),
            )
        else:
            reply = False if word in _HELP else Inbound._answer(e164, text)
            action = "answered" if reply else "none"
        if action in ("stop", "start") and self._confirmed_recently(e164, action):
            reply = False  # a robot repeating STOP gets one confirmation, not a loop
        values = {
            "number": e164,
            "body": text,
            "provider_id": provider.id,
            "partner_id": partner.id,
            "lang": lang,
            "simulated": simulated,
            "action": action,
            "reply": reply or False,
        }
        if action == "none":
            # nothing else to say: a short help reply, once a day per number
            inbound = self._create_with_help(values, Inbound._help_text())
            reply = inbound.reply
        else:
            inbound = self.create(values)
        if reply:
            self.env["sms.sms"].sudo().create(
                {
                    "number": e164,
                    "body": reply,
                    "partner_id": partner.id,
                    "dura_kind": "transactional",
                    "dura_res_model": self._name,
                    "dura_res_id": inbound.id,
                }
            )
        return inbound

    @api.model
    def _find_partner(self, e164):
        """The contact whose mobile (or phone) is `e164` under +970 or +972, or nothing."""
        forms = equivalent_forms(e164)
        if not forms:
            return self.env["res.partner"]
        return (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [("phone_sanitized", "in", forms)], order="active desc, write_date desc", limit=1
            )
        )

    @api.model
    def _reply_lang(self, partner):
        """The citizen's language when known and installed, else Arabic (else English)."""
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        for code in (partner.lang, DEFAULT_REPLY_LANG):
            if code and code in installed:
                return code
        return "en_US"

    @api.model
    def _confirmed_recently(self, e164, action):
        """Whether this STOP or START was already confirmed to this number in the last 24h."""
        return bool(
            self.sudo().search_count(
                [
                    ("number", "in", equivalent_forms(e164) or [e164]),
                    ("action", "=", action),
                    ("reply", "!=", False),
                    ("create_date", ">", self.env.cr.now() - timedelta(hours=24)),
                ],
                limit=1,
            )
        )

    @api.model
    def _help_day_key(self, e164):
        """The subscriber (+970 and +972 alike) and today's date in the municipality."""
        tz = pytz.timezone(self.env.company.partner_id.tz or DEFAULT_TZ)
        today = pytz.utc.localize(fields.Datetime.now()).astimezone(tz).date()
        return f"{subscriber_key(e164) or e164}|{today.isoformat()}"

    @api.model
    def _create_with_help(self, values, help_text):
        """Create the inbound record answered with `help_text` unless this number already had
        its help reply today; then it is recorded without an answer.

        The unique day key decides in the database: of two workers receiving messages from
        one number at the same time, the second waits for the first and finds the key taken.
        """
        key = self._help_day_key(values["number"])
        if not self.sudo().search_count([("help_day_key", "=", key)], limit=1):
            try:
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    return self.create(
                        dict(values, action="help", reply=help_text, help_day_key=key)
                    )
            except psycopg2.errors.UniqueViolation:
                _logger.info("help reply to %s already sent today by another worker", key)
        return self.create(values)

    @api.model
    def _help_text(self):
        """The short help reply, in the context language. Other modules extend it."""
        return self.env._(
            "Dura Municipality: send STOP to stop our general messages, START to receive "
            "them again."
        )

    @api.model
    def _answer(self, number, text):
        """Return the reply to an inbound SMS, or False. Other modules extend this hook
        (``super()`` first, answer only when it returned False)."""
        return False

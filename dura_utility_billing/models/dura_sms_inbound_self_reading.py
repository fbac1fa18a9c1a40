import logging
from datetime import timedelta

import psycopg2
import pytz

from odoo import api, fields, models
from odoo.tools import format_date, mute_logger

from odoo.addons.dura_municipality.tools.timezone import DEFAULT_TZ
from odoo.addons.dura_sms_gateway.tools.phone_numbers import check_number, equivalent_forms

from ..tools import balance_sms, reading_sheet, self_reading_sms
from .dura_utility_reading import BILLABLE_KINDS, SUPERSEDED_STATES

_logger = logging.getLogger(__name__)

# self-reading replies to one number in 24 hours: a citizen correcting a typo twice is served,
# a robot answering our replies is not answered for ever
MAX_SELF_READING_REPLIES = 6
SELF_READING_ACTIONS = ("self_reading", "self_reading_confirmed")


class DuraSmsInbound(models.Model):
    """The citizen's own meter reading by SMS: ``قراءة <meter> <index>`` / ``READ`` proposes
    it (checked at once: the meter is the sender's, postpaid and active; not below the last
    reading; the period not read yet; what the validation rules make of it), ``نعم`` /
    ``YES`` within a day records it as a reading."""

    _inherit = "dura.sms.inbound"  # pylint: disable=consider-merging-classes-inherited

    action = fields.Selection(
        selection_add=[
            ("self_reading", "Self-Reading Answered"),
            ("self_reading_confirmed", "Self-Reading Confirmed"),
        ],
        ondelete={"self_reading": "set null", "self_reading_confirmed": "set null"},
    )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _receive(self, provider, message, simulated=False):
        sent = self_reading_sms.parse(message.text)
        if sent is not None:
            return self._receive_self_reading(provider, message, sent, simulated)
        if self_reading_sms.is_confirmation(message.text):
            forms = equivalent_forms(check_number(message.number).e164 or message.number)
            pending = self.env["dura.utility.self.reading"]._pending(forms or [message.number])
            if pending:
                return self._receive_self_reading_confirmation(
                    provider, message, pending, simulated
                )
        return super()._receive(provider, message, simulated=simulated)

    @api.model
    def _receive_self_reading(self, provider, message, sent, simulated):
        """Record the message, and the proposal it makes when the meter is the sender's;
        queue the answer (at most MAX_SELF_READING_REPLIES a day per number)."""
        e164 = check_number(message.number).e164 or message.number
        partner = self._find_partner(e164)
        lang = self._reply_lang(partner)
        Inbound = self.with_context(lang=lang)
        inbound = self.create(
            {
                "number": e164,
                "body": (message.text or "").strip(),
                "provider_id": provider.id,
                "partner_id": partner.id,
                "lang": lang,
                "simulated": simulated,
                "action": "none",
                "reply": False,
            }
        )
        if self._self_reading_replies_today(e164) >= MAX_SELF_READING_REPLIES:
            _logger.info("self-reading from %s not answered: daily replies used", e164)
            return inbound
        reply = Inbound._self_reading_propose(inbound, e164, sent)
        if reply:
            inbound.write({"action": "self_reading", "reply": reply})
            inbound._queue_self_reading_reply(reply)
        return inbound

    @api.model
    def _self_reading_propose(self, inbound, e164, sent):
        """The answer to a self-reading (in the context's language), the proposal recorded
        when there is one to make."""
        candidates = self._balance_subscriptions(e164).filtered(
            lambda s: s.state == "active" and s.billing_mode == "postpaid"
        )
        if sent.meter:
            candidates = candidates.filtered(
                lambda s: balance_sms.meter_matches(sent.meter, s.meter_number)
            )
        if not candidates:
            return self.env._(
                "Dura Municipality: we could not find this meter for your number. Please visit "
                "the Public Service Center with your ID card."
            )
        if sent.value is None or len(candidates) > 1:
            return self.env._(
                "Dura Municipality: to send your meter reading, write READ, the meter number "
                "and the index on the meter, for example: READ %(meter)s 2760",
                meter=candidates[:1].meter_number,
            )
        subscription = candidates
        today = self._municipality_today()
        period = today.strftime("%Y-%m")
        Reading = self.env["dura.utility.reading"].sudo()
        read = Reading.search(
            [
                ("subscription_id", "=", subscription.id),
                ("period", "=", period),
                ("kind", "in", BILLABLE_KINDS),
                ("validation_state", "not in", SUPERSEDED_STATES),
            ],
            limit=1,
        )
        values = {
            "subscription_id": subscription.id,
            "meter_number": subscription.meter_number,
            "number": e164,
            "date": today,
            "period": period,
            "value": sent.value,
            "inbound_id": inbound.id,
        }
        SelfReading = self.env["dura.utility.self.reading"].sudo()
        index = reading_sheet.format_index(sent.value)
        if read:
            SelfReading.create(dict(values, state="refused", refusal_reason="already_read"))
            return self.env._(
                "Dura Municipality: meter %(meter)s is already read this month (%(value)s on "
                "%(date)s). Thank you.",
                meter=subscription.meter_number,
                value=reading_sheet.format_index(read.value),
                date=format_date(self.env, read.date),
            )
        last = Reading._get_last_readings(subscription).get(subscription.id)
        previous = last["value"] if last else subscription.initial_reading
        since = last["date"] if last else subscription.start_date
        if sent.value < previous and not (last and last["estimated"]):
            SelfReading.create(
                dict(values, previous_value=previous, state="refused", refusal_reason="below")
            )
            return self.env._(
                "Dura Municipality: the index %(value)s of meter %(meter)s is below its last "
                "reading %(previous)s. Please check the meter and send it again.",
                value=index,
                meter=subscription.meter_number,
                previous=reading_sheet.format_index(previous),
            )
        # the rules a meter reader's reading meets, run on the values alone (nothing created)
        check = {
            "subscription_id": subscription.id,
            "value": sent.value,
            "kind": "regular",
            "previous_value": previous,
            "previous_estimated": bool(last and last["estimated"]),
        }
        Reading._dura_validate_vals([check], subscription)
        values.update(
            previous_value=previous,
            consumption=sent.value - previous,
            usual_consumption=check["usual_consumption"],
            check_state=check["validation_state"],
            expires_at=SelfReading._expires_at(),
        )
        SelfReading.search(
            [
                ("subscription_id", "=", subscription.id),
                ("period", "=", period),
                ("state", "=", "proposed"),
            ]
        ).write({"state": "superseded"})
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                SelfReading.create(values)
        except psycopg2.errors.UniqueViolation:
            # confirmed meanwhile from another message of the same citizen
            _logger.info("self-reading of %s already recorded", subscription.meter_number)
            return False
        params = {
            "meter": subscription.meter_number,
            "value": index,
            "consumption": reading_sheet.format_index(sent.value - previous),
            "unit": self._self_reading_unit(subscription.utility),
            "date": format_date(self.env, since) if since else "-",
            "usual": reading_sheet.format_index(check["usual_consumption"]),
        }
        if check["validation_state"] == "exception" and check["usual_consumption"]:
            return self.env._(
                "Dura Municipality: meter %(meter)s, index %(value)s: %(consumption)s "
                "%(unit)s since %(date)s, against %(usual)s %(unit)s usually. Please check the "
                "index; reply YES within 24 hours to record it.",
                **params,
            )
        return self.env._(
            "Dura Municipality: meter %(meter)s, index %(value)s: %(consumption)s %(unit)s "
            "since %(date)s. Reply YES within 24 hours to record it.",
            **params,
        )

    @api.model
    def _receive_self_reading_confirmation(self, provider, message, pending, simulated):
        """The citizen's YES: the readings proposed to the number are recorded."""
        e164 = check_number(message.number).e164 or message.number
        partner = self._find_partner(e164)
        lang = self._reply_lang(partner)
        inbound = self.create(
            {
                "number": e164,
                "body": (message.text or "").strip(),
                "provider_id": provider.id,
                "partner_id": partner.id,
                "lang": lang,
                "simulated": simulated,
                "action": "self_reading_confirmed",
                "reply": False,
            }
        )
        tz = self.env.company.partner_id.tz or DEFAULT_TZ
        outcome = pending.with_context(tz=tz)._confirm(inbound)
        Inbound = self.with_context(lang=lang)
        lines = []
        for proposal, reading in outcome.items():
            params = {
                "meter": proposal.meter_number,
                "value": reading_sheet.format_index(proposal.value),
            }
            if not reading:
                lines.append(
                    Inbound.env._(
                        "Dura Municipality: meter %(meter)s was read by the municipality "
                        "meanwhile; your reading %(value)s was not needed. Thank you.",
                        **params,
                    )
                )
            elif reading.validation_state == "exception":
                lines.append(
                    Inbound.env._(
                        "Dura Municipality: your reading %(value)s of meter %(meter)s is "
                        "recorded; a supervisor checks it before the bill. Thank you.",
                        **params,
                    )
                )
            else:
                lines.append(
                    Inbound.env._(
                        "Dura Municipality: your reading %(value)s of meter %(meter)s is "
                        "recorded. Thank you.",
                        **params,
                    )
                )
        reply = "\n".join(lines)
        if self._self_reading_replies_today(e164) < MAX_SELF_READING_REPLIES:
            inbound.reply = reply
            inbound._queue_self_reading_reply(reply)
        return inbound

    @api.model
    def _self_reading_replies_today(self, e164):
        """Self-reading replies queued to this number (+970 and +972) in the last 24 hours."""
        return self.sudo().search_count(
            [
                ("number", "in", equivalent_forms(e164) or [e164]),
                ("action", "in", SELF_READING_ACTIONS),
                ("reply", "!=", False),
                ("create_date", ">", self.env.cr.now() - timedelta(hours=24)),
            ]
        )

    @api.model
    def _self_reading_unit(self, utility):
        return self.env._("kWh") if utility == "electricity" else self.env._("m3")

    @api.model
    def _municipality_today(self):
        tz = pytz.timezone(self.env.company.partner_id.tz or DEFAULT_TZ)
        return pytz.utc.localize(fields.Datetime.now()).astimezone(tz).date()

    def _queue_self_reading_reply(self, reply):
        self.ensure_one()
        self.env["sms.sms"].sudo().create(
            {
                "number": self.number,
                "body": reply,
                "partner_id": self.partner_id.id,
                "dura_kind": "transactional",
                "dura_res_model": self._name,
                "dura_res_id": self.id,
            }
        )

    @api.model
    def _help_text(self):
        # the daily help reply teaches the self-reading too
        return self.env._(
            "%(help)s Send READ, your meter number and its index to give us your reading.",
            help=super()._help_text(),
        )

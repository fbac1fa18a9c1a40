import logging

import psycopg2

from odoo import api, fields, models
from odoo.tools import format_date, mute_logger

from odoo.addons.dura_sms_gateway.tools.phone_numbers import check_number, equivalent_forms

from ..tools import balance_sms

_logger = logging.getLogger(__name__)

# subscriptions a balance question answers about: those billed or sold on, not a draft
# waiting for activation nor a closed one
ANSWERED_STATES_EXCLUDED = ("draft", "closed")


class DuraSmsInbound(models.Model):
    """The balance question by SMS (``رصيد`` / ``BAL`` [meter]): what each subscription of the
    sender's number owes, by when, and its last reading, in the citizen's language."""

    _inherit = "dura.sms.inbound"

    action = fields.Selection(
        selection_add=[("balance", "Balance Sent")], ondelete={"balance": "set null"}
    )
    balance_day_key = fields.Char(
        readonly=True,
        copy=False,
        help="Subscriber, day and meter of a balance reply: unique, so one reply a day per "
        "number and question, whichever worker receives the message.",
    )

    _sql_constraints = [
        (
            "balance_day_key_unique",
            "unique(balance_day_key)",
            "One balance reply per number, meter and day.",
        ),
    ]

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _receive(self, provider, message, simulated=False):
        asked = balance_sms.parse(message.text)
        if asked is None:
            return super()._receive(provider, message, simulated=simulated)
        return self._receive_balance_question(provider, message, asked, simulated)

    @api.model
    def _receive_balance_question(self, provider, message, asked, simulated):
        """Record the question and queue its answer, once a day per number and meter.

        An unknown number, or a meter that is not the sender's, gets the same polite reply as
        a number without subscription: it tells nothing about anyone's meters. A second
        question of the same day (a robot answering our reply, a citizen sending twice) is
        recorded without an answer.
        """
        e164 = check_number(message.number).e164 or message.number
        partner = self._find_partner(e164)
        lang = self._reply_lang(partner)
        reply = self.with_context(lang=lang)._balance_reply(e164, asked)
        values = {
            "number": e164,
            "body": (message.text or "").strip(),
            "provider_id": provider.id,
            "partner_id": partner.id,
            "lang": lang,
            "simulated": simulated,
            "action": "none",
            "reply": False,
        }
        key = f"{self._help_day_key(e164)}|BAL|{asked or '*'}"
        inbound = None
        if not self.sudo().search_count([("balance_day_key", "=", key)], limit=1):
            try:
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    inbound = self.create(
                        dict(values, action="balance", reply=reply, balance_day_key=key)
                    )
            except psycopg2.errors.UniqueViolation:
                _logger.info("balance reply to %s already sent today by another worker", key)
        if inbound is None:
            return self.create(values)
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
    def _balance_subscriptions(self, e164):
        """The live subscriptions of the contacts whose number on file is `e164` (+970 and
        +972 alike), and of the other contacts of their family (commercial entity)."""
        forms = equivalent_forms(e164)
        if not forms:
            return self.env["dura.utility.subscription"]
        partners = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search([("phone_sanitized", "in", forms)])
        )
        if not partners:
            return self.env["dura.utility.subscription"]
        return (
            self.env["dura.utility.subscription"]
            .sudo()
            .search(
                [
                    ("partner_id.commercial_partner_id", "in", partners.commercial_partner_id.ids),
                    ("state", "not in", ANSWERED_STATES_EXCLUDED),
                ],
                order="utility, meter_number, id",
            )
        )

    @api.model
    def _balance_reply(self, e164, asked):
        """The answer, in the context's language: one line per subscription (or the one meter
        asked about), else the polite reply that reveals nothing."""
        subscriptions = self._balance_subscriptions(e164)
        if asked:
            subscriptions = subscriptions.filtered(
                lambda subscription: balance_sms.meter_matches(asked, subscription.meter_number)
            )
        if not subscriptions:
            return self.env._(
                "Dura Municipality: we could not find this meter for your number. Please visit "
                "the Public Service Center with your ID card."
            )
        arrears = {
            line.subscription: line for line in subscriptions.partner_id._dura_utility_arrears()
        }
        utilities = dict(subscriptions._fields["utility"]._description_selection(self.env))
        separator = "، " if (self.env.lang or "").startswith("ar") else ", "
        lines = []
        for subscription in subscriptions:
            line = arrears.get(subscription)
            utility = utilities.get(subscription.utility, subscription.utility)
            # the values formatted before the translated calls: the term extractor loses the
            # calls that follow an f-string with a format spec inside a call
            if line:
                amount = format(line.amount, ".2f")
                date_due = format_date(self.env, line.date_due) if line.date_due else "-"
                owed = self.env._(
                    "%(utility)s meter %(meter)s: %(amount)s %(currency)s due by %(date)s",
                    utility=utility,
                    meter=subscription.meter_number,
                    amount=amount,
                    currency=self._balance_currency(line.currency),
                    date=date_due,
                )
            else:
                owed = self.env._(
                    "%(utility)s meter %(meter)s: nothing due",
                    utility=utility,
                    meter=subscription.meter_number,
                )
            if subscription.last_reading_date:
                value = format(subscription.last_reading_value, "g")
                reading = self.env._(
                    "last reading %(value)s on %(date)s",
                    value=value,
                    date=format_date(self.env, subscription.last_reading_date),
                )
            else:
                reading = self.env._("no reading yet")
            lines.append(separator.join((owed, reading)) + ".")
        return self.env._("Dura Municipality:") + "\n" + "\n".join(lines)

    @api.model
    def _balance_currency(self, currency):
        """The currency as a citizen reads it in an SMS: the shekel by its name in the reply's
        language (its symbol would force UCS-2 on an English text), others by their code."""
        return self.env._("ILS") if currency.name == "ILS" else currency.name

    @api.model
    def _help_text(self):
        # the daily help reply teaches the balance question too
        return self.env._(
            "%(help)s Send BAL and your meter number for your balance.",
            help=super()._help_text(),
        )

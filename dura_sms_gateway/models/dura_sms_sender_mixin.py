from collections import defaultdict
from dataclasses import replace

from odoo import models

from ..tools.sms_send import (
    SKIPPED,
    Recipient,
    SmsSendReport,
    apply_bodies,
    plan_recipients,
)


class DuraSmsSenderMixin(models.AbstractModel):
    """The gateway's one public way to text citizens about records.

    A model inherits it and calls ``records._dura_queue_sms(template)``: the template's
    approval, the citizen's language, the number checks, the link to the record and the queue
    are the gateway's business, and the caller gets back, per record, what was queued and
    what was not, and why (a :class:`~..tools.sms_send.SmsSendReport`). Nothing is ever sent
    inside the caller's transaction.
    """

    _name = "dura.sms.sender.mixin"
    _description = "SMS Sender"

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _dura_queue_sms(self, template, post=False, skip_unsendable=False):
        """Queue the SMS of `template` to the citizen of each record of self.

        - approval: with the gateway on, an unapproved template sends nothing (every record
          ``skipped``, reason ``not_approved``); an approved transactional template is
          queued at once; a bulk one waits in a batch for an SMS approver (``to_approve``);
        - language: the template's ``lang`` rule when it has one, else each citizen's own;
        - numbers: the record's own number fields (``_phone_get_number_fields``) when it has
          some, else its partner's mobile, else phone; none: ``skipped``/``missing``. A number
          the gateway refuses (invalid, landline, foreign no provider serves, blacklisted for
          a bulk send) or an empty text is handed to the dispatcher, which records the
          refusal in the audit log (``refused``) -- or, with `skip_unsendable`, gets no SMS
          (``skipped``);
        - link: every SMS names its record (``dura_res_model``/``dura_res_id``, then the
          audit log's ``res_model``/``res_id``);
        - `post`: post the SMS on each record's chatter (mail.thread models), as Odoo's
          ``_message_sms`` does, rather than only queue it; one message per record.

        :param template: an ``sms.template`` of this model
        :return: :class:`SmsSendReport`
        """
        report = SmsSendReport(self._name)
        if not self:
            return report
        template.ensure_one()
        if template.model != self._name:
            raise ValueError(f"SMS template {template.name!r} is not for {self._name}")
        Provider = self.env["dura.sms.provider"]
        gateway_on = Provider._dura_gateway_active()
        table = Provider._routing_table()
        bulk = template.dura_kind == "bulk"
        recipients = self._dura_sms_recipients()
        outcomes = plan_recipients(
            recipients,
            gateway_on=gateway_on,
            approved=template.dura_approval_state == "approved",
            bulk=bulk,
            skip_unsendable=skip_unsendable,
            serves_foreign=lambda e164: bool(Provider._candidates(e164, True, table)),
            blacklisted=(
                self.env["phone.blacklist"]._dura_blacklisted([r.number for r in recipients])
                if gateway_on and bulk
                else frozenset()
            ),
        )
        bodies = self._dura_sms_render(
            template, [o for o in outcomes.values() if o.status != SKIPPED]
        )
        outcomes = apply_bodies(
            outcomes, bodies, gateway_on=gateway_on, skip_unsendable=skip_unsendable
        )
        to_send = [o for o in outcomes.values() if o.status != SKIPPED]
        if to_send:
            kind = "bulk" if bulk else "transactional"
            sender = self._dura_sms_post if post else self._dura_sms_create
            outcomes.update(sender(to_send, bodies, kind))
        report.outcomes = {res_id: outcomes[res_id] for res_id in self.ids}
        return report

    def _dura_sms_reason_text(self, reason, template=None):
        """The reason of an outcome in plain words, in the context language."""
        if reason == "not_approved":
            return template.with_env(self.env)._dura_unapproved_text()
        if reason == "blacklisted":
            return self.env._("Blacklisted")
        if reason == "empty":
            return self.env._("Empty message.")
        return self.env["sms.sms"]._dura_number_reason(reason)

    def _dura_sms_recipients(self):
        """The citizen of each record, as :class:`Recipient` (in the order of self).

        The record's own number fields when it has some (a request keeps the number the
        citizen gave at the counter), else its partner's mobile, else phone; the number is
        formatted as Odoo formats it for ``sms.sms`` (E.164 when it can)."""
        number_fields = [name for name in self._phone_get_number_fields() if name in self._fields]
        partner_field = next(iter(self._mail_get_partner_fields()), None)
        recipients = []
        for record in self:
            partner = record[partner_field][:1] if partner_field else self.env["res.partner"]
            if number_fields:
                raw = next((record[name] for name in number_fields if record[name]), False)
            else:
                raw = partner.mobile or partner.phone
            number = raw and ((partner or record)._phone_format(number=raw) or raw)
            recipients.append(Recipient(record.id, partner.id or None, number or None))
        return recipients

    def _dura_sms_render(self, template, outcomes):
        """``{res_id: body}``: in the template's language rule when it has one, else in each
        citizen's language; one rendering per language."""
        if not outcomes:
            return {}
        if template.lang:
            return template._render_field("body", [o.res_id for o in outcomes], compute_lang=True)
        partners = self.env["res.partner"].browse([o.partner_id for o in outcomes if o.partner_id])
        lang_of = {partner.id: partner.lang for partner in partners}
        by_lang = defaultdict(list)
        for outcome in outcomes:
            by_lang[lang_of.get(outcome.partner_id) or False].append(outcome.res_id)
        bodies = {}
        for lang, res_ids in by_lang.items():
            bodies.update(template._render_field("body", res_ids, set_lang=lang))
        return bodies

    def _dura_sms_create(self, outcomes, bodies, kind):
        """Queue one ``sms.sms`` per outcome, in one create; the gateway wakes its queue once
        this transaction is committed."""
        vals_list = [
            {
                "number": outcome.number,
                "partner_id": outcome.partner_id or False,
                "body": bodies[outcome.res_id],
                "state": "outgoing",
                "dura_kind": kind,
                "dura_res_model": self._name,
                "dura_res_id": outcome.res_id,
            }
            for outcome in outcomes
        ]
        # sudo: the user queues the text, the gateway sends it
        sms = self.env["sms.sms"].sudo().create(vals_list)
        return {
            outcome.res_id: replace(outcome, sms_id=row.id)
            for outcome, row in zip(outcomes, sms, strict=True)
        }

    def _dura_sms_post(self, outcomes, bodies, kind):
        """Post each SMS on its record's chatter and queue it (Odoo's ``_message_sms``),
        linked to the record as the queue mode links it."""
        result = {}
        for outcome in outcomes:
            record = self.browse(outcome.res_id).with_context(
                default_dura_kind=kind,
                default_dura_res_model=self._name,
                default_dura_res_id=outcome.res_id,
            )
            if outcome.partner_id:
                recipients = {
                    "partner_ids": [outcome.partner_id],
                    "sms_pid_to_number": {outcome.partner_id: outcome.number},
                }
            else:
                recipients = {"partner_ids": [], "sms_numbers": [outcome.number]}
            message = record._message_sms(bodies[outcome.res_id], put_in_queue=True, **recipients)
            if not self.env.su:
                # posted without superuser rights, mail drops the context's defaults on the
                # way to sms.sms: link the message's SMS to its record here
                self.env["sms.sms"].sudo().search(
                    [("mail_message_id", "=", message.id), ("dura_res_model", "=", False)]
                ).write(
                    {"dura_kind": kind, "dura_res_model": self._name, "dura_res_id": outcome.res_id}
                )
            result[outcome.res_id] = replace(outcome, message_id=message.id)
        return result

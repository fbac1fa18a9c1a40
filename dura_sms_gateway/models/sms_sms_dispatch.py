import logging
import threading
from collections import defaultdict

import psycopg2

from odoo import SUPERUSER_ID, api, fields, models, tools
from odoo.modules.registry import Registry
from odoo.tools import SQL

from ..tools.phone_numbers import check_number
from ..tools.providers import SendResult
from ..tools.sms_segments import count_segments
from ..tools.sms_send import number_refusal
from ..tools.sms_states import SMS_STATE, state_of_send

_logger = logging.getLogger(__name__)

DISPATCH_CRONS = ("sms.ir_cron_sms_scheduler_action", "dura_sms_gateway.ir_cron_dura_sms_lane")
# First key of the advisory locks a dispatcher holds while a batch is with the provider; the
# second key is the batch's lock number (dura_sending_lock).
SENDING_LOCK_SPACE = 0x534D53  # "SMS"


# one file per concern of the SMS, on purpose (see sms_sms.py)
class SmsSms(models.Model):
    """The gateway's dispatcher: claim the queued SMS, route each to a provider, send, record
    the outcome in the audit log, and recover what a crash interrupted."""

    _inherit = "sms.sms"  # pylint: disable=consider-merging-classes-inherited

    def _dura_trigger_dispatch(self):
        """Wake the queue cron once the current transaction is committed (no query now)."""
        data = self.env.cr.postcommit.data
        if data.get("dura_sms.trigger"):
            return
        data["dura_sms.trigger"] = True
        dbname = self.env.cr.dbname

        @self.env.cr.postcommit.add
        def _trigger_queue():
            with Registry(dbname).cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                # an inactive lane ignores the trigger (ir.cron._trigger_list)
                for xmlid in DISPATCH_CRONS:
                    if cron := env.ref(xmlid, raise_if_not_found=False):
                        cron._trigger()

    def _dura_dispatch(self, unlink_sent=True, auto_commit=False):
        """Send in batches: claim rows (two workers never take the same SMS), call the
        providers, record the results, commit per batch."""
        size = int(
            self.env["ir.config_parameter"].sudo().get_param("dura_sms.dispatch_batch_size", 200)
        )
        testing = getattr(threading.current_thread(), "testing", False)
        commit = auto_commit and not testing
        Cron = self.env["ir.cron"]
        for step, batch_ids in enumerate(tools.split_every(size, self.ids), 1):
            if commit:
                # the claim opens a fresh transaction: its snapshot then sees what other
                # dispatchers committed, and rows they changed cannot fail the claim
                self.env.cr.commit()  # pylint: disable=invalid-commit
            claimed = self._dura_claim(batch_ids, fresh_transaction=commit)
            if not claimed:
                continue
            # Mark before sending, and commit the mark: if this process dies while the
            # provider has the messages, the next run knows they may have left.
            lock = claimed[:1].id
            claimed.write({"dura_sending_since": fields.Datetime.now(), "dura_sending_lock": lock})
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            # Held until the results are committed, and released by PostgreSQL if this
            # process dies: the recovery of another lane tells a slow batch from a dead one.
            self.env.cr.execute("SELECT pg_advisory_xact_lock(%s, %s)", [SENDING_LOCK_SPACE, lock])
            claimed._dura_send_claimed(unlink_sent=unlink_sent)
            claimed.write({"dura_sending_since": False, "dura_sending_lock": False})
            # committed with the results: a queue cron killed later (crash, time limit) made
            # progress, so Odoo runs it again at once rather than shelve it as hung
            through = min(step * size, len(self))
            Cron._notify_progress(done=through, remaining=len(self) - through)
            if commit:
                # per batch, as Odoo's own queue does: what was sent stays recorded as sent
                self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _dura_recover_interrupted(self):
        """SMS a dead dispatcher was sending. Through a provider that honours idempotency keys
        they are queued again (the provider drops a second copy); otherwise they may have
        reached the citizen, so they are failed with that reason rather than sent twice."""
        minutes = int(
            self.env["ir.config_parameter"].sudo().get_param("dura_sms.interrupted_minutes", 15)
        )
        limit = fields.Datetime.subtract(fields.Datetime.now(), minutes=minutes)
        stale = self.sudo().search(
            [
                ("state", "=", "outgoing"),
                ("dura_sending_since", "<", limit),
            ]
        )
        stale = stale._dura_abandoned()
        if not stale:
            return
        Provider = self.env["dura.sms.provider"].sudo()
        table = Provider._routing_table()
        resend = stale.filtered(
            lambda sms: (
                candidates := Provider._candidates(check_number(sms.number).e164 or "", table=table)
            )
            and Provider.browse(candidates[0])._get_adapter().supports_idempotency
        )
        resend.write({"dura_sending_since": False, "dura_sending_lock": False})
        unknown = stale - resend
        if unknown:
            unknown.write({"dura_sending_since": False, "dura_sending_lock": False})
            outcome = {
                sms: (
                    SendResult(
                        sms.uuid,
                        "server_error",
                        attempts=0,
                        error=self.env._(
                            "The dispatcher stopped while sending; the message may have been sent. "
                            "Check with the citizen before sending it again."
                        ),
                    ),
                    None,
                )
                for sms in unknown
            }
            audit = {
                entry.uuid: entry
                for entry in self.env["dura.sms.message"]
                .sudo()
                .search([("uuid", "in", unknown.mapped("uuid"))])
            }
            unknown._dura_apply_outcome(outcome, audit, defaultdict(int), unlink_sent=False)
        _logger.warning(
            "SMS dispatch was interrupted: %s requeued (idempotent provider), %s failed as "
            "possibly sent",
            len(resend),
            len(unknown),
        )

    def _dura_abandoned(self):
        """Those SMS whose dispatcher is gone: their batch's advisory lock is free (taken here
        until this transaction ends). A batch still with a slow provider keeps its lock."""
        locks = set(self.mapped("dura_sending_lock")) - {0}
        if not locks:
            return self
        self.env.cr.execute(
            "SELECT batch_lock FROM unnest(%s) AS batch_lock"
            " WHERE pg_try_advisory_xact_lock(%s, batch_lock)",
            [sorted(locks), SENDING_LOCK_SPACE],
        )
        free = {row[0] for row in self.env.cr.fetchall()}
        return self.filtered(lambda sms: not sms.dura_sending_lock or sms.dura_sending_lock in free)

    def _dura_claim(self, ids, fresh_transaction=False):
        """Lock the still-queued SMS among `ids`, skipping those another dispatcher holds.

        Under REPEATABLE READ a row another dispatcher committed after our snapshot fails the
        lock with a serialization error; when the caller commits per batch we start a new
        transaction and try again (nothing of ours is pending at this point)."""
        self.flush_model(["state", "to_delete", "dura_sending_since"])
        query = SQL(
            "SELECT id FROM sms_sms WHERE id IN %s AND state = 'outgoing' "
            "AND to_delete IS NOT TRUE AND dura_sending_since IS NULL "
            "ORDER BY id FOR UPDATE SKIP LOCKED",
            tuple(ids),
        )
        for attempt in range(5):
            try:
                self.env.cr.execute(query, log_exceptions=False)
                break
            except psycopg2.errors.SerializationFailure:
                if not fresh_transaction or attempt == 4:
                    raise
                self.env.cr.rollback()
        claimed = self.browse([row[0] for row in self.env.cr.fetchall()])
        claimed.invalidate_recordset(["state", "to_delete", "dura_sending_since"])
        return claimed

    def _dura_send_claimed(self, unlink_sent=True):
        Provider = self.env["dura.sms.provider"].sudo()
        Message = self.env["dura.sms.message"].sudo()
        # entries exist already for SMS sent before (e.g. retried after a failure)
        audit = {m.uuid: m for m in Message.search([("uuid", "in", self.mapped("uuid"))])}
        blacklisted = self._dura_blacklisted()
        table = Provider._routing_table()
        outcome = {}  # sms -> (SendResult, provider or None)
        attempts = defaultdict(int)  # requests made for each SMS, failovers included
        queue = defaultdict(list)  # provider id -> [(sms, e164, remaining candidates)]

        def serves_foreign(e164):
            return bool(Provider._candidates(e164, True, table))

        for sms in self:
            check = check_number(sms.number)
            explicit = check.code == "foreign"
            if refusal := number_refusal(check, serves_foreign):
                reason = self._dura_number_reason(refusal)
                outcome[sms] = (SendResult(sms.uuid, "wrong_number_format", error=reason), None)
            elif not (sms.body or "").strip():
                outcome[sms] = (
                    SendResult(sms.uuid, "server_error", error=self.env._("Empty message.")),
                    None,
                )
            elif sms.dura_kind == "bulk" and check.e164 in blacklisted:
                outcome[sms] = (
                    SendResult(sms.uuid, "canceled", error=self.env._("Blacklisted")),
                    None,
                )
            else:
                first, *rest = Provider._candidates(check.e164, explicit, table)
                queue[first].append((sms, check.e164, rest))
        while queue:
            provider_id, items = queue.popitem()
            provider = Provider.browse(provider_id)
            for sms, result, rest in provider._dura_send_items(items):
                attempts[sms] += result.attempts
                if not result.ok and result.failover and rest:
                    # nothing reached the citizen: let the next provider try
                    queue[rest[0]].append((sms, check_number(sms.number).e164, rest[1:]))
                else:
                    outcome[sms] = (result, provider)
        self._dura_apply_outcome(outcome, audit, attempts, unlink_sent)

    def _dura_audit_values(self, sms):
        """Values of a new audit entry for `sms` (its state is set by the caller)."""
        info = count_segments(sms.body or "")
        return {
            "uuid": sms.uuid,
            "number": check_number(sms.number).e164 or sms.number,
            "body": sms.body,
            "encoding": info.encoding,
            "segments": info.segments,
            "kind": sms.dura_kind or "transactional",
            "partner_id": sms.partner_id.id,
            "res_model": sms.dura_res_model or sms.mail_message_id.model or False,
            "res_id": sms.dura_res_id or sms.mail_message_id.res_id or False,
            "requested_by_id": sms.create_uid.id,
            "batch_id": sms.dura_batch_id.id,
        }

    def _dura_blacklisted(self):
        """Blacklisted numbers among the bulk SMS, matched under +970 and +972 alike."""
        bulk = self.filtered(lambda s: s.dura_kind == "bulk")
        return self.env["phone.blacklist"]._dura_blacklisted(bulk.mapped("number"))

    def _dura_apply_outcome(self, outcome, audit, attempts, unlink_sent):
        """Write states on sms.sms, trackers, notifications and the audit log, in batches:
        new audit entries are created in their final state with their history."""
        groups = defaultdict(lambda: self.browse())  # (audit state, result word) -> sms
        audit_updates, audit_new = {}, []
        now = fields.Datetime.now()
        for sms, (result, provider) in outcome.items():
            state = state_of_send(result.state)
            groups[state, result.state] |= sms
            entry = audit.get(sms.uuid)
            segments = count_segments(sms.body or "").segments
            values = {
                "attempts": (entry.attempts if entry else 0) + attempts[sms],
                "last_error": result.error,
            }
            if provider:
                values["provider_id"] = provider.id
            if result.ok:
                values.update(
                    provider_ref=result.provider_ref,
                    cost=segments * (provider.cost_per_segment if provider else 0),
                    last_error=False,
                    sent_date=now,
                )
                if state == "delivered":
                    values["delivered_date"] = now
            detail = result.error or result.state
            if entry:
                audit_updates[entry] = (state, values, detail)
            else:
                audit_new.append(
                    dict(
                        self._dura_audit_values(sms),
                        **values,
                        state=state,
                        history=[("queued", sms.create_date, None), (state, now, detail)],
                    )
                )
        for (state, word), sms_group in groups.items():
            sms_sudo = sms_group.sudo().with_context(sms_skip_msg_notification=True)
            if state in ("accepted", "delivered"):
                sms_state = SMS_STATE[state]
                sms_sudo.sms_tracker_id._action_update_from_sms_state(sms_state)
                extra = {"to_delete": True} if unlink_sent else {}
                sms_sudo.write({"state": sms_state, "failure_type": False, **extra})
            elif state == "canceled":
                sms_sudo.sms_tracker_id._action_update_from_sms_state(
                    "canceled", failure_type="sms_blacklist"
                )
                sms_sudo.write({"state": "canceled", "failure_type": "sms_blacklist"})
            else:
                # the result's word says why, in Odoo's failure vocabulary
                failure_type = self.IAP_TO_SMS_FAILURE_TYPE.get(word, "unknown")
                if failure_type != "unknown":
                    sms_sudo.sms_tracker_id._action_update_from_sms_state(
                        "error", failure_type=failure_type
                    )
                else:
                    sms_sudo.sms_tracker_id._action_update_from_provider_error(word)
                sms_sudo.write({"state": "error", "failure_type": failure_type})
        Message = self.env["dura.sms.message"].sudo()
        if audit_new:
            Message._insert_entries(audit_new)
        if audit_updates:
            Message._apply_states(audit_updates)
        # delivery reports that arrived while we were sending
        Message._apply_parked_reports(self.mapped("uuid"))
        self.mail_message_id._notify_message_notification_update()
        _logger.info(
            "SMS dispatch: %s",
            ", ".join(f"{len(group)} {word}" for (_state, word), group in groups.items()),
        )

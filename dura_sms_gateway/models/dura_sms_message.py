from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..tools.phone_numbers import check_number
from ..tools.providers import DeliveryReport
from ..tools.selections import SMS_KINDS
from ..tools.sms_states import SMS_STATE, changes_state, state_of_report

# columns written by _insert_entries (every stored field but the log-access ones)
INSERT_COLUMNS = [
    "uuid",
    "provider_id",
    "provider_ref",
    "number",
    "body",
    "encoding",
    "segments",
    "cost",
    "kind",
    "state",
    "attempts",
    "last_error",
    "partner_id",
    "res_model",
    "res_id",
    "requested_by_id",
    "batch_id",
    "company_id",
    "sent_date",
    "delivered_date",
]
STATES = [
    ("to_approve", "To Approve"),
    ("queued", "Queued"),
    ("accepted", "Sent"),
    ("delivered", "Delivered"),
    ("failed", "Failed"),
    ("canceled", "Cancelled"),
]


class DuraSmsMessage(models.Model):
    _name = "dura.sms.message"
    _description = "SMS Audit Log"
    _order = "id desc"
    _rec_name = "uuid"

    uuid = fields.Char("UUID", required=True, readonly=True, index=True)
    provider_id = fields.Many2one("dura.sms.provider", readonly=True, index=True)
    provider_ref = fields.Char("Provider Message Id", readonly=True, index="btree_not_null")
    number = fields.Char(readonly=True, index=True)
    body = fields.Text(readonly=True)
    encoding = fields.Selection([("gsm7", "GSM-7"), ("ucs2", "UCS-2")], readonly=True)
    segments = fields.Integer(readonly=True, aggregator="sum")
    cost = fields.Float(readonly=True, digits=(12, 4), aggregator="sum")
    kind = fields.Selection(SMS_KINDS, readonly=True, index=True)
    state = fields.Selection(
        STATES,
        default="queued",
        required=True,
        readonly=True,
        index=True,
    )
    attempts = fields.Integer(readonly=True, aggregator="sum")
    last_error = fields.Char(readonly=True)
    partner_id = fields.Many2one("res.partner", readonly=True, index="btree_not_null")
    res_model = fields.Char("Related Model", readonly=True, index=True)
    res_id = fields.Many2oneReference("Related Record", model_field="res_model", readonly=True)
    requested_by_id = fields.Many2one("res.users", readonly=True, index=True)
    batch_id = fields.Many2one("dura.sms.batch", readonly=True, index="btree_not_null")
    company_id = fields.Many2one(
        "res.company", readonly=True, default=lambda self: self.env.company, index=True
    )
    sent_date = fields.Datetime("Sent On", readonly=True)
    delivered_date = fields.Datetime("Delivered On", readonly=True)
    event_ids = fields.One2many("dura.sms.message.event", "message_id", "History", readonly=True)

    _sql_constraints = [("uuid_unique", "unique(uuid)", "One audit entry per SMS.")]

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_resend_failed(self):
        """Queue the selected failed messages again (approvers). Each resend is a new attempt
        in the same entry's history, never a second entry: the SMS keeps its uuid, so a
        provider that honours idempotency keys also drops a copy it did receive. Messages to a
        number that cannot receive SMS, and those Odoo has already purged, are skipped."""
        if not self.env.user.has_group("dura_sms_gateway.group_sms_approver"):
            raise AccessError(self.env._("Only SMS approvers may send failed messages again."))
        failed = self.filtered(lambda message: message.state == "failed")
        sms_rows = (
            self.env["sms.sms"]
            .sudo()
            .search([("uuid", "in", failed.mapped("uuid")), ("state", "=", "error")])
        )
        by_uuid = {sms.uuid: sms for sms in sms_rows}
        resend = failed.filtered(
            lambda message: message.uuid in by_uuid and check_number(message.number).e164
        )
        if resend:
            sms = sms_rows.browse([by_uuid[message.uuid].id for message in resend])
            sms._update_sms_state_and_trackers("outgoing", failure_type=False)
            sms.write({"dura_sending_since": False, "dura_sending_lock": False})
            resend.sudo().write({"state": "queued", "last_error": False})
            detail = self.env._("Sent again by %(user)s", user=self.env.user.name)
            now = fields.Datetime.now()
            self.env["dura.sms.message.event"].sudo().create(
                [
                    {"message_id": message.id, "state": "queued", "date": now, "detail": detail}
                    for message in resend
                ]
            )
            sms._dura_trigger_dispatch()
        skipped = len(self) - len(resend)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if resend else "warning",
                "message": self.env._(
                    "%(resent)s message(s) queued again; %(skipped)s skipped (not failed, "
                    "no valid mobile number, or no longer kept by Odoo).",
                    resent=len(resend),
                    skipped=skipped,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _apply_states(self, updates):
        """Apply ``{message: (state, values, detail)}`` in batch, keeping states monotonic.

        Every report is recorded in the history; only forward moves change the state.
        Return the messages whose state changed.
        """
        now = fields.Datetime.now()
        events, by_values = [], {}
        for message, (state, values, detail) in updates.items():
            events.append(
                {
                    "message_id": message.id,
                    "state": state,
                    "date": now,
                    "detail": detail,
                }
            )
            if not changes_state(message.state, state):
                continue
            vals = dict(values, state=state)
            if state == "accepted":
                vals.setdefault("sent_date", now)
            elif state == "delivered":
                vals["delivered_date"] = now
                if not message.sent_date:
                    vals["sent_date"] = now
            key = tuple(sorted(vals.items()))
            by_values.setdefault(key, []).append(message.id)
        changed = self.browse()
        for key, ids in by_values.items():
            self.browse(ids).write(dict(key))
            changed |= self.browse(ids)
        self.env["dura.sms.message.event"].create(events)
        return changed

    @api.model
    def _insert_entries(self, entries):
        """Insert new audit entries, each with its ``history`` [(state, date, detail)], in two
        statements. The dispatcher writes one entry per SMS sent; the ORM's per-record create
        machinery (defaults, x2many commands) cost more than the HTTP call itself, and these
        rows have plain columns only: no computed stored field, no constraint but the uuid."""
        uid, now = self.env.uid, fields.Datetime.now()
        company = self.env.company.id
        rows = []
        for entry in entries:
            values = dict(entry, company_id=entry.get("company_id") or company)
            rows.append(
                SQL(
                    ", ".join(["%s"] * (len(INSERT_COLUMNS) + 4)),
                    *(None if values.get(c) is False else values.get(c) for c in INSERT_COLUMNS),
                    uid,
                    now,
                    uid,
                    now,
                )
            )
        columns = SQL(", ").join(SQL.identifier(c) for c in INSERT_COLUMNS)
        self.env.cr.execute(
            SQL(
                "INSERT INTO dura_sms_message (%s, create_uid, create_date, write_uid, write_date) "
                "VALUES %s RETURNING uuid, id",
                columns,
                SQL(", ").join(SQL("(%s)", row) for row in rows),
            )
        )
        ids = dict(self.env.cr.fetchall())
        events = [
            SQL("(%s, %s, %s, %s)", ids[entry["uuid"]], state, date, detail)
            for entry in entries
            for state, date, detail in entry["history"]
        ]
        self.env.cr.execute(
            SQL(
                "INSERT INTO dura_sms_message_event (message_id, state, date, detail) VALUES %s",
                SQL(", ").join(events),
            )
        )
        return self.browse(ids.values())

    def _apply_delivery_reports(self, provider, reports):
        """Apply a provider's delivery reports; return (applied, parked, unknown keys).

        Reports never move a message backwards; the SMS row (if Odoo has not purged it yet),
        its tracker and the chatter notification follow the audit entry. A report that
        outruns the dispatcher (it arrives before the send is recorded) is parked and applied
        when the dispatcher records the send."""
        uuids = [r.key for r in reports if not r.by_ref]
        refs = [r.key for r in reports if r.by_ref]
        messages = self.search(
            [
                ("provider_id", "=", provider.id),
                "|",
                ("uuid", "in", uuids),
                ("provider_ref", "in", refs or [""]),
            ]
        )
        by_uuid = {m.uuid: m for m in messages}
        by_ref = {m.provider_ref: m for m in messages if m.provider_ref}
        updates, words, unknown = {}, {}, []
        for report in reports:
            message = (by_ref if report.by_ref else by_uuid).get(report.key)
            if not message:
                unknown.append(report.key)
                continue
            state = state_of_report(report.status)
            detail = f"DLR {report.status}" + (f": {report.error}" if report.error else "")
            updates[message] = (state, {} if state != "failed" else {"last_error": detail}, detail)
            words[message] = report.status
        parked = self._park_early_reports(provider, [r for r in reports if r.key in unknown])
        unknown = [key for key in unknown if key not in parked]
        if updates:
            changed = self._apply_states(updates)
            self._propagate_delivery(changed, words)
        return self.browse([m.id for m in updates]), parked, unknown

    def _park_early_reports(self, provider, reports):
        """Park reports about SMS that exist but whose send is not recorded yet."""
        keys = [r.key for r in reports if not r.by_ref]
        if not keys:
            return []
        # the SMS row exists until its send is recorded (audit entries are created then)
        in_flight = set(self.env["sms.sms"].sudo().search([("uuid", "in", keys)]).mapped("uuid"))
        parked = [r for r in reports if r.key in in_flight]
        self.env["dura.sms.early.report"].sudo().create(
            [
                {"provider_id": provider.id, "key": r.key, "status": r.status, "error": r.error}
                for r in parked
            ]
        )
        return [r.key for r in parked]

    def _apply_parked_reports(self, uuids=None):
        """Apply the parked reports whose message is now recorded as sent."""
        domain = [("key", "in", uuids)] if uuids is not None else []
        early = self.env["dura.sms.early.report"].sudo().search(domain, order="id")
        if not early:
            return
        known = self.search([("uuid", "in", early.mapped("key")), ("provider_id", "!=", False)])
        known_uuids = set(known.mapped("uuid"))
        ready = early.filtered(lambda r: r.key in known_uuids)
        for provider, reports in ready.grouped("provider_id").items():
            self._apply_delivery_reports(
                provider,
                [DeliveryReport(key=r.key, status=r.status, error=r.error) for r in reports],
            )
        ready.unlink()

    def _propagate_delivery(self, changed, words):
        """Move the SMS rows (if not purged yet) and their trackers along, one write per
        outcome rather than per message."""
        sms_model = self.env["sms.sms"].sudo().with_context(sms_skip_msg_notification=True)
        uuids = changed.mapped("uuid")
        trackers = self.env["sms.tracker"].sudo().search([("sms_uuid", "in", uuids)])
        sms_rows = sms_model.search([("uuid", "in", uuids)])
        groups = defaultdict(set)
        for message in changed:
            groups[message.state, words[message] if message.state == "failed" else None].add(
                message.uuid
            )
        known = dict(sms_model._fields["failure_type"].selection)
        for (state, word), group in groups.items():
            tracker = trackers.filtered(lambda t, g=group: t.sms_uuid in g)
            sms = sms_rows.filtered(lambda s, g=group: s.uuid in g)
            if state in ("delivered", "accepted"):
                sms_state = SMS_STATE[state]
                tracker._action_update_from_sms_state(sms_state)
                sms.write({"state": sms_state, "failure_type": False})
            elif state == "failed":
                _status, failure_type, _reason = tracker._action_update_from_provider_error(word)
                # sms.sms knows fewer failure types than notifications do
                sms.write(
                    {
                        "state": "error",
                        "failure_type": failure_type if failure_type in known else "unknown",
                    }
                )
        (
            sms_rows.mail_message_id | trackers.mail_notification_id.mail_message_id
        )._notify_message_notification_update()

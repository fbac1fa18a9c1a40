from collections import defaultdict

import psycopg2

from odoo import models
from odoo.tools import SQL

from odoo.addons.dura_sms_gateway.tools.sms_send import SKIPPED

from ..tools.collection import Level, late_fee, next_level

LATE_FEE_PRODUCT = "dura_utility_billing.product_late_fee"
CALL_ACTIVITY = "dura_utility_billing.mail_activity_collection_call"
NOTICE_ACTIONS = ("notice", "final")


# one file per concern of the collection run, as the billing run's
class DuraUtilityCollectionRun(models.Model):
    """One batch of a collection run: the overdue bills it checks, locked and checked again,
    their next levels, the late fees, the notices' SMS, and the disconnection orders (or the
    call to make first when the last notice did not reach the citizen)."""

    _inherit = "dura.utility.collection.run"  # pylint: disable=consider-merging-classes-inherited

    def _collect_next_batch(self):
        """Check the next batch of collectable bills; return how many were checked.

        Queries per batch, whatever its size: one search, one lock, one check, one policy
        search, one fee create and post, one SMS render and create per level, one line create,
        one write per level."""
        self.ensure_one()
        Move = self.env["account.move"]
        candidates = Move.search(
            [
                *Move._dura_collectable_domain(),
                ("company_id", "=", self.company_id.id),
                ("invoice_date_due", "!=", False),
                ("id", ">", self.last_move_id),
            ],
            order="id",
            limit=self.batch_size,
        )
        if not candidates:
            return 0
        moves = self._lock_bills(candidates)
        plan, held = self._plan_levels(moves)
        if plan:
            self._apply_levels(plan)
        self.write(
            {
                "last_move_id": candidates[-1].id,
                "checked_count": self.checked_count + len(candidates),
                "skipped_count": self.skipped_count + len(candidates) - len(moves),
                "held_level_count": self.held_level_count + held,
                "batch_count": self.batch_count + 1,
            }
        )
        return len(candidates)

    def _lock_bills(self, moves):
        """Lock the bills' rows (a payment being recorded on one waits for this batch, or this
        batch skips the one it is recording), then check again, from the database, that each is
        still unpaid and without a hold: a payment committed after the search is never missed."""
        locked = self._lock_rows(moves.ids)
        if not locked:
            return moves.browse()
        self.env["account.move"].flush_model(
            ["state", "payment_state", "amount_residual", "dura_collection_hold"]
        )
        self.env.cr.execute(
            SQL(
                "SELECT id FROM account_move WHERE id IN %s AND state = 'posted' "
                "AND payment_state IN ('not_paid', 'partial') AND amount_residual > 0 "
                "AND dura_collection_hold IS NULL ORDER BY id",
                tuple(locked),
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        result = moves.browse(ids)
        result.invalidate_recordset(["payment_state", "amount_residual", "dura_collection_hold"])
        return result

    def _lock_rows(self, ids):
        """Ids of `ids` locked for this transaction. Rows another transaction holds are
        skipped; a row another transaction changed since this one started (REPEATABLE READ
        refuses to lock it) is skipped too, found by locking the batch's rows one at a time."""
        query = "SELECT id FROM account_move WHERE id IN %s FOR NO KEY UPDATE SKIP LOCKED"
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(SQL(query, tuple(ids)))
                return [row[0] for row in self.env.cr.fetchall()]
        except psycopg2.errors.SerializationFailure:
            locked = []
            for move_id in ids:
                try:
                    with self.env.cr.savepoint(flush=False):
                        self.env.cr.execute(SQL(query, (move_id,)))
                        locked += [row[0] for row in self.env.cr.fetchall()]
                except psycopg2.errors.SerializationFailure:
                    continue
            return locked

    def _plan_levels(self, moves):
        """{level: bills reaching it today} and how many bills wait on an unapproved SMS."""
        Policy = self.env["dura.utility.collection.policy"]
        policy_map = Policy._policy_map(self.company_id)
        plan = defaultdict(lambda: moves.browse())
        held = 0
        for move in moves:
            subscription = move.dura_subscription_id
            policy = Policy._policy_for(
                policy_map, move.company_id, subscription.utility, subscription.tariff_id.category
            )
            if not policy:
                continue
            levels = [
                Level(level.sequence, level.delay, level.action, level.id)
                for level in policy.level_ids
            ]
            reached = bool(move.dura_collection_date)
            found = next_level(
                levels,
                move.dura_collection_sequence if reached else None,
                move.dura_collection_delay if reached else None,
                move.dura_collection_date or None,
                move.invoice_date_due,
                self.date,
            )
            if not found:
                continue
            level = policy.level_ids.browse(found.key)
            template = level.sms_template_id
            if template and template.dura_approval_state != "approved":
                held += 1  # the notice waits for its text to be approved, the bill too
                continue
            plan[level] |= move
        return plan, held

    def _apply_levels(self, plan):
        fee_of = self._invoice_late_fees(plan)
        sms_of = {}
        for level, level_moves in plan.items():
            if level.sms_template_id:
                sms_of.update(self._queue_notices(level, level_moves))
        last_notice = self._last_notice_delivery(plan)
        counter_user = {}
        vals_list = []
        for level, level_moves in plan.items():
            for move in level_moves:
                outcome, uuid = sms_of.get(move.id, ("none", False))
                fee = fee_of.get(move.id)
                vals = {
                    "run_id": self.id,
                    "move_id": move.id,
                    "subscription_id": move.dura_subscription_id.id,
                    "utility": move.dura_subscription_id.utility,
                    "company_id": move.company_id.id,
                    "level_id": level.id,
                    "level_name": level.name,
                    "sequence": level.sequence,
                    "action": level.action,
                    "date": self.date,
                    "amount_residual": move.amount_residual,
                    "fee_move_id": fee.id if fee else False,
                    "fee_amount": fee.amount_total if fee else 0.0,
                    "sms_outcome": outcome,
                    "sms_uuid": uuid,
                    "print_notice": outcome in ("no_mobile", "skipped"),
                }
                if level.action == "disconnect" and last_notice.get(move.id) != "delivered":
                    vals["call_state"] = "pending"
                    counter_user[move.id] = level.policy_id._counter_user()
                vals_list.append(vals)
        lines = self.env["dura.utility.collection.line"].create(vals_list)
        for level, level_moves in plan.items():
            level_moves.write(
                {
                    "dura_collection_level_id": level.id,
                    "dura_collection_sequence": level.sequence,
                    "dura_collection_delay": level.delay,
                    "dura_collection_date": self.date,
                }
            )
        to_call = lines.filtered(lambda line: line.call_state == "pending")
        for line in to_call:
            line.move_id.activity_schedule(
                CALL_ACTIVITY,
                summary=self.env._("Call the citizen before disconnection"),
                note=self.env._(
                    "The last notice of this bill did not reach %(citizen)s (%(reason)s). Tell "
                    "them of the disconnection, then mark them informed on the collection step.",
                    citizen=line.partner_id.name,
                    reason=line.move_id._dura_last_notice_reason(last_notice.get(line.move_id.id)),
                ),
                user_id=counter_user[line.move_id.id].id,
            )
        to_order = lines.filtered(lambda line: line.action == "disconnect" and not line.call_state)
        if to_order:
            self.env["dura.utility.service.order"]._issue_disconnections(to_order)
        return lines

    def _invoice_late_fees(self, plan):
        """{bill id: its late fee invoice} for the levels with a fee, in one create."""
        product = self.env.ref(LATE_FEE_PRODUCT)
        fees, owners = [], []
        for level, level_moves in plan.items():
            if level.fee_kind == "none":
                continue
            for move in level_moves:
                amount = late_fee(
                    level.fee_kind,
                    level.fee_amount,
                    level.fee_percent,
                    move.amount_residual,
                    move.currency_id.rounding,
                )
                if amount <= 0:
                    continue
                fees.append(
                    {
                        "subscription": move.dura_subscription_id,
                        "origin": move,
                        "kind": "late",
                        "product": product,
                        "label": self.env._(
                            "Late payment fee on %(bill)s (%(level)s)",
                            bill=move.name,
                            level=level.name,
                        ),
                        "amount": amount,
                    }
                )
                owners.append(move.id)
        fee_moves = self.env["account.move"]._dura_create_fees(fees)
        return dict(zip(owners, fee_moves, strict=True))

    def _queue_notices(self, level, moves):
        """Queue (and post on each bill) the level's SMS: {bill id: (outcome, sms uuid)}."""
        report = moves._dura_queue_sms(level.sms_template_id, post=True, skip_unsendable=True)
        message_ids = [o.message_id for o in report.outcomes.values() if o.message_id]
        uuid_of = {}
        if message_ids:
            for sms in (
                self.env["sms.sms"]
                .sudo()
                .search_fetch([("mail_message_id", "in", message_ids)], ["mail_message_id", "uuid"])
            ):
                uuid_of[sms.mail_message_id.id] = sms.uuid
        result = {}
        for res_id, outcome in report.outcomes.items():
            if outcome.status == SKIPPED:
                status = "no_mobile" if outcome.reason == "missing" else "skipped"
            else:
                status = outcome.status
            result[res_id] = (status, uuid_of.get(outcome.message_id, False))
        return result

    def _last_notice_delivery(self, plan):
        """{bill id: delivery state of its last notice's SMS} for the bills reaching a
        disconnection level ("no_sms" when the notice had none)."""
        moves = self.env["account.move"].union(
            *(moves for level, moves in plan.items() if level.action == "disconnect")
        )
        if not moves:
            return {}
        notices = self.env["dura.utility.collection.line"].search(
            [("move_id", "in", moves.ids), ("action", "in", NOTICE_ACTIONS)],
            order="sequence",
        )
        last = {line.move_id.id: line for line in notices}
        states = notices._delivery_states()
        return {
            move_id: (states.get(line.sms_uuid) if line.sms_uuid else "no_sms") or "no_sms"
            for move_id, line in last.items()
        }

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools.payment_schedule import (
    MAX_INSTALMENTS,
    ScheduleError,
    instalment_dates,
    schedule_status,
    split_arrears,
)
from .dura_utility_payment_plan import FINANCE_MANAGER


# one file per concern of the payment plan, on purpose (see dura_utility_payment_plan.py)
class DuraUtilityPaymentPlan(models.Model):
    """The plan's terms and state: the schedule and its checks, the start of a plan (holds,
    SMS, reconnection), what is paid on it and where it stands."""

    _inherit = "dura.utility.payment.plan"  # pylint: disable=consider-merging-classes-inherited

    def _build_schedule(self):
        """Replace the instalment lines by the even split of the arrears (the last takes the
        remainder), monthly from the first date."""
        for plan in self:
            if plan.state == "draft":
                # the bills as they are now (a payment may have come in since the selection)
                plan.amount_arrears = sum(plan.move_ids.mapped("amount_residual"))
            try:
                amounts = split_arrears(
                    plan.amount_arrears,
                    plan.down_payment,
                    plan.instalment_count,
                    plan.currency_id.rounding,
                )
            except ScheduleError as error:
                raise UserError(plan._schedule_error_message(error)) from None
            dates = instalment_dates(plan.first_date, plan.instalment_count)
            plan.line_ids = [Command.clear()] + [
                Command.create({"sequence": index, "date": date, "amount": amount})
                for index, (date, amount) in enumerate(zip(dates, amounts, strict=True), 1)
            ]

    def _check_draft_terms(self):
        """The instalments are the terms too: they change only while the plan is a draft."""
        if self.filtered(lambda p: p.state != "draft"):
            raise UserError(
                self.env._(
                    "The instalments of an agreed payment plan cannot be changed: cancel the "
                    "plan and agree a new one."
                )
            )

    def _check_terms(self, frozen=False):
        """What an agreement must satisfy: bills still unpaid and in no other plan, arrears
        unchanged since the schedule was made, and the down payment plus the instalments equal
        to them to the agora."""
        self.ensure_one()
        if not self.move_ids:
            raise UserError(self.env._("Select the unpaid bills the plan settles."))
        if not self.line_ids:
            raise UserError(self.env._("The plan has no instalment: compute its schedule."))
        # lock the bills: two counters agreeing plans on the same bill wait for each other
        self.env.cr.execute(
            SQL(
                "SELECT id FROM account_move WHERE id IN %s FOR UPDATE",
                tuple(self.move_ids.ids),
            )
        )
        self.move_ids.invalidate_recordset(["amount_residual", "payment_state"])
        arrears = sum(self.move_ids.mapped("amount_residual"))
        currency = self.currency_id
        if not frozen and currency.compare_amounts(arrears, self.amount_arrears):
            raise UserError(
                self.env._(
                    "The unpaid amount of the bills changed since the schedule was made "
                    "(%(then)s, now %(now)s): compute the schedule again.",
                    then=currency.format(self.amount_arrears),
                    now=currency.format(arrears),
                )
            )
        total = self.down_payment + sum(self.line_ids.mapped("amount"))
        if currency.compare_amounts(total, self.amount_arrears):
            raise UserError(
                self.env._(
                    "The down payment and the instalments add up to %(total)s, not to the "
                    "arrears of %(arrears)s.",
                    total=currency.format(total),
                    arrears=currency.format(self.amount_arrears),
                )
            )
        if self.line_ids[:1].date < fields.Date.context_today(self):
            raise UserError(self.env._("The first instalment cannot be in the past."))

    def _start(self, approved=False):
        """The plan runs: its bills are held from collection, the citizen gets the terms by
        SMS, a disconnected subscription is settled."""
        if not self:
            return
        today = fields.Date.context_today(self)
        vals = {"state": "running", "date_agreed": today}
        if approved:
            vals["approved_by_id"] = self.env.uid
        self.write(vals)
        self._check_bills_free()
        # sudo: the hold is collection's field; the officer's right is the plan
        self.move_ids.sudo().write({"dura_collection_hold": "plan"})
        for plan in self:
            subscription = plan.subscription_id
            plan.message_post(
                body=self.env._(
                    "Payment plan agreed: %(arrears)s in a down payment of %(down)s and "
                    "%(count)s instalments from %(first)s.",
                    arrears=plan.currency_id.format(plan.amount_arrears),
                    down=plan.currency_id.format(plan.down_payment),
                    count=plan.instalment_count,
                    first=plan.line_ids[:1].date,
                )
            )
            # a plan settles the arrears for collection: a disconnection order not carried
            # out yet is cancelled, a disconnected meter gets its reconnection order
            subscription._dura_collection_settled()
        self._dura_send_sms("dura_utility_billing.sms_template_payment_plan_agreed")

    def _get_approver(self):
        """The finance manager who is asked to approve: a real one rather than the
        administrator that the group also holds."""
        managers = (
            self.env.ref(FINANCE_MANAGER)
            .sudo()
            .users.filtered(lambda user: user.active and not user.share)
        )
        admin = self.env.ref("base.user_admin", raise_if_not_found=False)
        return (managers - admin).sorted("id")[:1] or managers.sorted("id")[:1]

    def _release_bills(self):
        """Collection resumes on the plan's bills (only the hold this plan set)."""
        self.move_ids.filtered(lambda m: m.dura_collection_hold == "plan").sudo().write(
            {"dura_collection_hold": False}
        )

    def _get_paid_amount(self):
        """What the bills' residual fell since the agreement: the plan's payments."""
        self.ensure_one()
        if self.state in ("draft", "to_approve", "cancel"):
            return 0.0
        residual = sum(self.move_ids.mapped("amount_residual"))
        return max(0.0, self.currency_id.round(self.amount_arrears - residual))

    def _get_schedule(self):
        self.ensure_one()
        return [(self.date_agreed or fields.Date.context_today(self), self.down_payment)] + [
            (line.date, line.amount) for line in self.line_ids
        ]

    def _get_status(self, today=None):
        self.ensure_one()
        return schedule_status(
            self._get_schedule(),
            self._get_paid_amount(),
            today or fields.Date.context_today(self),
            self.company_id.dura_plan_grace_days,
            self.currency_id.rounding,
        )

    def _get_amount_due_now(self, today=None):
        """Down payment and instalments dated up to today, less what is paid."""
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        due = sum(amount for date, amount in self._get_schedule() if date <= today)
        return max(0.0, self.currency_id.round(due - self._get_paid_amount()))

    def _dura_send_sms(self, xmlid):
        template = self.env.ref(xmlid, raise_if_not_found=False)
        plans = self.filtered("partner_id")
        if not template or not plans:
            return 0
        report = plans._dura_queue_sms(template, post=True, skip_unsendable=True)
        return len(report.created_ids)

    def _schedule_error_message(self, error):
        """The user's-language wording of a tools.payment_schedule.ScheduleError."""
        params = {k: str(v) for k, v in error.params.items()}
        if error.code == "count":
            return self.env._(
                "A payment plan has between 1 and %(max)s instalments (not %(count)s).",
                max=params.get("max", MAX_INSTALMENTS),
                count=params.get("count"),
            )
        if error.code == "total":
            return self.env._("The selected bills have nothing left to pay.")
        if error.code == "down_payment":
            return self.env._(
                "The down payment (%(down_payment)s) must be at least zero and less than the "
                "arrears (%(arrears)s).",
                down_payment=params.get("down_payment"),
                arrears=self.currency_id.format(self.amount_arrears),
            )
        return self.env._("The plan's terms are invalid: %s", error)

import logging
import threading
from datetime import timedelta

from odoo import fields, models

_logger = logging.getLogger(__name__)

# plans followed per committed batch of the daily cron
BATCH_SIZE = 200


# one file per concern of the payment plan, on purpose (see dura_utility_payment_plan.py)
class DuraUtilityPaymentPlan(models.Model):
    """The daily follow-up of running plans: instalment reminders, completion when everything
    is paid, a broken plan when an instalment stays unpaid past the grace days."""

    _inherit = "dura.utility.payment.plan"  # pylint: disable=consider-merging-classes-inherited

    def _cron_follow_up(self):
        """Follow every running plan, batch after committed batch (a plan done or broken
        leaves the running ones, so a crash resumes with what is left; a reminder is marked
        sent with its SMS, so none goes twice)."""
        testing = getattr(threading.current_thread(), "testing", False)
        last_id = 0
        while True:
            plans = self.search(
                [("state", "=", "running"), ("id", ">", last_id)], order="id", limit=BATCH_SIZE
            )
            if not plans:
                return True
            with self.env.cr.savepoint():
                plans._follow_up()
            last_id = plans[-1].id
            self.env["ir.cron"]._notify_progress(
                done=len(plans),
                remaining=self.search_count([("state", "=", "running"), ("id", ">", last_id)]),
            )
            if not testing:
                self.env.cr.commit()  # pylint: disable=invalid-commit

    def _follow_up(self, today=None):
        """Complete, break or remind each running plan of self, as its payments stand."""
        today = today or fields.Date.context_today(self)
        done, broken, remind = (
            self.browse(),
            self.browse(),
            self.env["dura.utility.payment.plan.line"],
        )
        for plan in self.filtered(lambda p: p.state == "running"):
            status = plan._get_status(today)
            if status.done:
                done |= plan
            elif status.missed is not None:
                broken |= plan
            else:
                horizon = today + timedelta(days=plan.company_id.dura_plan_reminder_days)
                remind |= next(
                    (
                        line
                        for line, is_paid in zip(plan.line_ids, status.paid[1:], strict=True)
                        if not is_paid and line.date <= horizon
                    ),
                    remind.browse(),
                ).filtered(lambda line: not line.reminder_sent and line.date >= today)
        done._complete()
        broken._break(today)
        if remind:
            remind.write({"reminder_sent": True})
            remind.plan_id._dura_send_sms("dura_utility_billing.sms_template_payment_plan_reminder")
        return done, broken, remind

    def _complete(self):
        if not self:
            return
        self._release_bills()
        self.write({"state": "done", "date_closed": fields.Date.context_today(self)})
        for plan in self:
            plan.message_post(body=self.env._("All instalments are paid: the plan is completed."))

    def _break(self, today=None):
        """An instalment was missed: collection resumes on the bills, the citizen is told."""
        if not self:
            return
        today = today or fields.Date.context_today(self)
        self._release_bills()
        self.write({"state": "broken", "date_closed": today})
        for plan in self:
            missed = plan._get_schedule()[plan._get_status(today).missed]
            plan.message_post(
                body=self.env._(
                    "Plan broken: the payment of %(amount)s due on %(date)s was not made "
                    "within %(days)s days. Collection of the bills resumes; %(remaining)s "
                    "remain due.",
                    amount=plan.currency_id.format(missed[1]),
                    date=missed[0],
                    days=plan.company_id.dura_plan_grace_days,
                    remaining=plan.currency_id.format(plan.amount_remaining),
                )
            )
        self._dura_send_sms("dura_utility_billing.sms_template_payment_plan_broken")
        _logger.info("Payment plans broken: %s", ", ".join(self.mapped("name")))

    def _on_bills_paid(self):
        """A bill of these plans got paid: a plan whose instalments are all covered is done
        at once, not at the next cron."""
        running = self.filtered(lambda p: p.state == "running")
        running.filtered(lambda p: p._get_status().done)._complete()

import logging
import threading
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .dura_utility_reading import BILLABLE_KINDS, BILLABLE_STATES, PERIOD_RE
from .dura_utility_tariff import UTILITIES

_logger = logging.getLogger(__name__)

# audit log state -> run counter; "queued"/"to_approve" entries are SMS sent again after a
# failure: they wait in the queue, where they are counted
SMS_COUNTER_OF = {
    "accepted": "sent",
    "delivered": "delivered",
    "failed": "failed",
    "canceled": "failed",
}


class DuraUtilityBillingRun(models.Model):
    _name = "dura.utility.billing.run"
    _description = "Utility Billing Run"
    _inherit = ("mail.thread",)
    _order = "period desc, id desc"
    _check_company_auto = True

    def _default_period(self):
        return (fields.Date.context_today(self) - relativedelta(months=1)).strftime("%Y-%m")

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char("Reference", required=True, readonly=True, copy=False, default="/")
    utility = fields.Selection(UTILITIES, required=True, tracking=True)
    period = fields.Char(
        required=True, default=_default_period, tracking=True, help="Billed period, YYYY-MM."
    )
    date = fields.Date(
        "Invoice Date", required=True, default=fields.Date.context_today, tracking=True
    )
    date_due = fields.Date(
        "Due Date",
        compute="_compute_date_due",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        help="The currency the run bills in: that of its tariffs (one per run).",
    )
    batch_size = fields.Integer(default=500, required=True)
    send_sms = fields.Boolean("Send Bill SMS", default=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("running", "Running"),
            ("failed", "Interrupted"),
            ("done", "Done"),
        ],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
    )
    bill_ids = fields.One2many("dura.utility.bill", "run_id", string="Bills", readonly=True)
    bill_count = fields.Integer(compute="_compute_summary")
    amount_billed = fields.Monetary(compute="_compute_summary")
    remaining_count = fields.Integer("To Bill", compute="_compute_summary")
    progress = fields.Float(compute="_compute_summary")
    sms_count = fields.Integer("Bill SMS Queued", readonly=True, copy=False)
    # where the queued bill SMS are now, from the gateway's queue and its audit log
    sms_waiting_count = fields.Integer(
        "SMS Waiting",
        compute="_compute_sms_counts",
        help="Bill SMS queued and not yet handed to an SMS provider.",
    )
    sms_sent_count = fields.Integer(
        "SMS Sent",
        compute="_compute_sms_counts",
        help="Bill SMS taken by the SMS provider, not yet reported delivered.",
    )
    sms_delivered_count = fields.Integer("SMS Delivered", compute="_compute_sms_counts")
    sms_failed_count = fields.Integer(
        "SMS Failed",
        compute="_compute_sms_counts",
        help="Bill SMS refused or failed (the SMS audit log says why), or cancelled.",
    )
    no_mobile_count = fields.Integer("Without Mobile", readonly=True, copy=False)
    batch_count = fields.Integer("Batches Done", readonly=True, copy=False)
    missing_subscription_ids = fields.Many2many(
        "dura.utility.subscription",
        string="Without Reading",
        readonly=True,
        copy=False,
        help="Active postpaid subscriptions without a reading for the period: not billed.",
    )
    missing_count = fields.Integer(compute="_compute_missing_count")
    exception_count = fields.Integer(
        "Waiting for a Decision",
        compute="_compute_exception_count",
        help="Readings of the period that failed validation and wait for a supervisor's "
        "decision: their subscriptions are not billed until then.",
    )
    date_started = fields.Datetime(readonly=True, copy=False)
    date_finished = fields.Datetime(readonly=True, copy=False)
    error_message = fields.Text(readonly=True, copy=False)

    # ------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------

    @api.depends("date", "company_id")
    def _compute_date_due(self):
        for run in self:
            run.date_due = run.date and run.date + relativedelta(
                days=run.company_id.dura_bill_due_days
            )

    @api.depends("bill_ids.currency_id", "company_id")
    def _compute_currency_id(self):
        Tariff = self.env["dura.utility.tariff"]
        for run in self:
            # a run not billed yet shows the currency new tariffs get
            # sudo: the reading supervisor starting the run does not read bills
            run.currency_id = (
                run.sudo().bill_ids[:1].currency_id
                or Tariff.with_company(run.company_id)._default_currency_id()
            )

    @api.depends("bill_ids", "state")
    def _compute_summary(self):
        # sudo: totals of the run's own bills, shown to the reading supervisor who starts it
        groups = {
            run: (count, amount)
            for run, count, amount in self.env["dura.utility.billing.report"]
            .sudo()
            ._read_group([("run_id", "in", self.ids)], ["run_id"], ["__count", "amount_billed:sum"])
        }
        # sudo: the domain looks through the subscriptions' bills, which the reading
        # supervisor starting the run does not read (the run's company is in the domain)
        subscription = self.env["dura.utility.subscription"].sudo()
        for run in self:
            run.bill_count, run.amount_billed = groups.get(run, (0, 0.0))
            run.remaining_count = (
                subscription.search_count(run._billable_domain())
                if run.utility and run.period and PERIOD_RE.match(run.period)
                else 0
            )
            total = run.bill_count + run.remaining_count
            run.progress = 100.0 * run.bill_count / total if total else 0.0

    @api.depends("bill_ids", "sms_count")
    def _compute_sms_counts(self):
        """Each bill SMS counted once, where it is: waiting in the queue (an ``sms.sms`` still
        outgoing, including one sent again after a failure), else by its audit log state
        (``dura.sms.message``, which keeps every message Odoo has sent and purged).
        Three queries for all the runs of self, whatever their size."""
        moves_of = dict(
            # sudo: the run's own bills, counted for the reading supervisor too
            self.env["dura.utility.bill"]
            .sudo()
            ._read_group([("run_id", "in", self.ids)], ["run_id"], ["move_id:array_agg"])
        )
        run_of = {move_id: run for run, move_ids in moves_of.items() for move_id in move_ids}
        counts = defaultdict(lambda: defaultdict(int))
        if run_of:
            # sudo: counts only, of the run's own bills; officers do not read the SMS log
            for res_id, count in (
                self.env["sms.sms"]
                .sudo()
                ._read_group(
                    [
                        ("dura_res_model", "=", "account.move"),
                        ("dura_res_id", "in", list(run_of)),
                        ("state", "in", ("outgoing", "to_approve")),
                    ],
                    ["dura_res_id"],
                    ["__count"],
                )
            ):
                counts[run_of[res_id]]["waiting"] += count
            for res_id, state, count in (
                self.env["dura.sms.message"]
                .sudo()
                ._read_group(
                    [
                        ("res_model", "=", "account.move"),
                        ("res_id", "in", list(run_of)),
                        ("state", "in", tuple(SMS_COUNTER_OF)),
                    ],
                    ["res_id", "state"],
                    ["__count"],
                )
            ):
                counts[run_of[res_id]][SMS_COUNTER_OF[state]] += count
        for run in self:
            run_counts = counts.get(run, {})
            run.sms_waiting_count = run_counts.get("waiting", 0)
            run.sms_sent_count = run_counts.get("sent", 0)
            run.sms_delivered_count = run_counts.get("delivered", 0)
            run.sms_failed_count = run_counts.get("failed", 0)

    @api.depends("missing_subscription_ids")
    def _compute_missing_count(self):
        for run in self:
            run.missing_count = len(run.missing_subscription_ids)

    @api.depends("utility", "period", "company_id", "state")
    def _compute_exception_count(self):
        groups = {
            (utility, period, company.id): count
            for utility, period, company, count in self.env["dura.utility.reading"]._read_group(
                [
                    ("validation_state", "=", "exception"),
                    ("period", "in", [period for period in self.mapped("period") if period]),
                    ("utility", "in", [utility for utility in self.mapped("utility") if utility]),
                ],
                ["utility", "period", "company_id"],
                ["__count"],
            )
        }
        for run in self:
            run.exception_count = groups.get((run.utility, run.period, run.company_id.id), 0)

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("period", "batch_size")
    def _check_period(self):
        for run in self:
            if not PERIOD_RE.match(run.period or ""):
                raise ValidationError(
                    self.env._("The period %s must be written YYYY-MM.", run.period)
                )
            if run.batch_size < 1:
                raise ValidationError(self.env._("The batch size must be at least 1."))

    # ------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("dura.utility.billing.run") or "/"
                )
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_billed(self):
        if self.bill_ids:
            raise UserError(self.env._("A billing run that issued bills cannot be deleted."))

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_start(self):
        """Queue the run: the cron bills it batch by batch, committing after each batch. The
        meter reading supervisor may start it (the readings are his): the cron's user bills."""
        self._check_startable()
        self.write(
            {"state": "running", "date_started": fields.Datetime.now(), "error_message": False}
        )
        self.env.ref("dura_utility_billing.ir_cron_dura_utility_billing_run").sudo()._trigger()
        return True

    def action_run_now(self):
        """Bill at once in this request (small runs, tests): billing users only."""
        self._check_startable()
        self.env["account.move"].check_access("create")
        self.write(
            {"state": "running", "date_started": fields.Datetime.now(), "error_message": False}
        )
        for run in self:
            run._process()
        return True

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.bill_ids.move_id.ids)]
        action["context"] = {"create": False}
        return action

    def action_view_exceptions(self):
        """The period's readings waiting for a supervisor's decision."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dura_utility_billing.action_dura_utility_reading_exception"
        )
        action["domain"] = [
            ("period", "=", self.period),
            ("utility", "=", self.utility),
            ("company_id", "=", self.company_id.id),
        ]
        return action

    def action_print_bills(self):
        """All bills of the run in one PDF, one page each, in delivery order (quarter, then
        subscription)."""
        bills = self.bill_ids.filtered(lambda b: b.move_id.state == "posted").sorted(
            lambda b: (b.quarter or "", b.subscription_id.name or "", b.id)
        )
        if not bills:
            raise UserError(self.env._("This billing run has no posted bill to print."))
        return bills.move_id.action_print_dura_bill()

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _check_startable(self):
        if self.filtered(lambda r: r.state not in ("draft", "failed")):
            raise UserError(self.env._("Only draft or interrupted billing runs can be started."))

    def _subscription_domain(self):
        self.ensure_one()
        return [
            ("state", "=", "active"),
            ("billing_mode", "=", "postpaid"),
            ("utility", "=", self.utility),
            ("company_id", "=", self.company_id.id),
            ("bill_ids", "not any", [("period", "=", self.period)]),
        ]

    def _billable_domain(self):
        # a reading waiting for a supervisor's decision (or set aside by one) is not billed
        return self._subscription_domain() + [
            ("reading_ids", "any", self._billable_reading_domain()),
        ]

    def _billable_reading_domain(self):
        return [
            ("period", "=", self.period),
            ("kind", "in", BILLABLE_KINDS),
            ("validation_state", "in", BILLABLE_STATES),
        ]

    @api.model
    def _cron_process_runs(self):
        for run in self.search([("state", "=", "running")]):
            run._process()

    def _process(self):
        """Bill batch after batch until nothing is left. A failing batch is rolled back
        whole; the run is marked interrupted and resumes where it stopped when restarted:
        subscriptions already billed for the period are skipped (and could not be billed
        twice anyway: unique (subscription, period) on dura.utility.bill)."""
        self.ensure_one()
        testing = getattr(threading.current_thread(), "testing", False)
        done = 0
        estimated = False
        while True:
            if not self._lock_for_batch():
                _logger.info("Billing run %s is being processed by another worker", self.name)
                return False
            try:
                with self.env.cr.savepoint():
                    if not estimated:
                        # with the first batch (again when a run resumes: only what is still
                        # missing), so that a failure interrupts the run like a batch's
                        self._create_estimated_readings()
                        estimated = True
                    billed = self._bill_next_batch()
            except Exception as error:  # any failure interrupts the run
                _logger.exception("Billing run %s interrupted", self.name)
                self.env.invalidate_all()
                self.write({"state": "failed", "error_message": str(error)})
                if not testing:
                    self.env.cr.commit()  # pylint: disable=invalid-commit
                return False
            if not billed:
                break
            done += billed
            # committed with the batch: when the worker is killed later (crash, time limit),
            # Odoo sees the job made progress and runs it again at once; without it, three
            # kills in a row and the job is taken for a hung one and put off for an interval
            self.env["ir.cron"]._notify_progress(
                done=done,
                remaining=self.env["dura.utility.subscription"].search_count(
                    self._billable_domain()
                ),
            )
            if not testing:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        self._finish()
        return True

    def _lock_for_batch(self):
        """Lock the run row until the batch is committed, so that two workers (the cron and a
        user clicking "Bill Now") never bill the same run at the same time."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id = %s FOR NO KEY UPDATE SKIP LOCKED",
                SQL.identifier(self._table),
                self.id,
            )
        )
        return bool(self.env.cr.fetchone())

    def _finish(self):
        self.ensure_one()
        # without reading: none, or only readings set aside to be read again; a reading
        # waiting for a decision is counted apart (exception_count)
        missing = self.env["dura.utility.subscription"].search(
            self._subscription_domain()
            + [
                (
                    "reading_ids",
                    "not any",
                    [
                        ("period", "=", self.period),
                        ("kind", "in", BILLABLE_KINDS),
                        ("validation_state", "in", (*BILLABLE_STATES, "exception")),
                    ],
                )
            ]
        )
        self.write(
            {
                "state": "done",
                "date_finished": fields.Datetime.now(),
                "missing_subscription_ids": [Command.set(missing.ids)],
            }
        )
        self.message_post(
            body=self.env._(
                "Billing run finished: %(bills)s bills, %(sms)s bill SMS queued, "
                "%(missing)s subscriptions without reading, %(waiting)s readings waiting for a "
                "decision.",
                bills=len(self.bill_ids),
                sms=self.sms_count,
                missing=len(missing),
                waiting=self.exception_count,
            )
        )

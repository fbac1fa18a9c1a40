import logging
import threading

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_is_zero

from odoo.addons.dura_sms_gateway.tools.sms_send import SKIPPED

from .dura_utility_reading import BILLABLE_KINDS, PERIOD_RE
from .dura_utility_tariff import UTILITIES

_logger = logging.getLogger(__name__)


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
    currency_id = fields.Many2one(related="company_id.currency_id")
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

    @api.depends("bill_ids", "state")
    def _compute_summary(self):
        groups = {
            run: (count, amount)
            for run, count, amount in self.env["dura.utility.billing.report"]._read_group(
                [("run_id", "in", self.ids)], ["run_id"], ["__count", "amount_billed:sum"]
            )
        }
        subscription = self.env["dura.utility.subscription"]
        for run in self:
            run.bill_count, run.amount_billed = groups.get(run, (0, 0.0))
            run.remaining_count = (
                subscription.search_count(run._billable_domain())
                if run.utility and run.period and PERIOD_RE.match(run.period)
                else 0
            )
            total = run.bill_count + run.remaining_count
            run.progress = 100.0 * run.bill_count / total if total else 0.0

    @api.depends("missing_subscription_ids")
    def _compute_missing_count(self):
        for run in self:
            run.missing_count = len(run.missing_subscription_ids)

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
        """Queue the run: the cron bills it batch by batch, committing after each batch."""
        self._check_startable()
        self.write(
            {"state": "running", "date_started": fields.Datetime.now(), "error_message": False}
        )
        self.env.ref("dura_utility_billing.ir_cron_dura_utility_billing_run").sudo()._trigger()
        return True

    def action_run_now(self):
        """Bill at once in this request (small runs, tests)."""
        self._check_startable()
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

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _check_startable(self):
        if self.filtered(lambda r: r.state not in ("draft", "failed")):
            raise UserError(self.env._("Only draft or interrupted billing runs can be started."))
        self.env["account.move"].check_access("create")

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
        return self._subscription_domain() + [
            (
                "reading_ids",
                "any",
                [("period", "=", self.period), ("kind", "in", BILLABLE_KINDS)],
            )
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
        while True:
            if not self._lock_for_batch():
                _logger.info("Billing run %s is being processed by another worker", self.name)
                return False
            try:
                with self.env.cr.savepoint():
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
        missing = self.env["dura.utility.subscription"].search(
            self._subscription_domain()
            + [
                (
                    "reading_ids",
                    "not any",
                    [("period", "=", self.period), ("kind", "in", BILLABLE_KINDS)],
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
                "%(missing)s subscriptions without reading.",
                bills=len(self.bill_ids),
                sms=self.sms_count,
                missing=len(missing),
            )
        )

    def _bill_next_batch(self):
        """Bill the next batch of subscriptions; return how many were billed.

        Queries per batch, whatever its size: one search for the subscriptions, one for their
        readings, prefetches of tariffs/blocks/partners, one account.move create, one
        action_post, one bill create, one SMS render and create."""
        self.ensure_one()
        subscriptions = self.env["dura.utility.subscription"].search(
            self._billable_domain(), limit=self.batch_size, order="id"
        )
        if not subscriptions:
            return 0
        readings = self.env["dura.utility.reading"].search(
            [
                ("subscription_id", "in", subscriptions.ids),
                ("period", "=", self.period),
                ("kind", "in", BILLABLE_KINDS),
            ]
        )
        reading_of = {reading.subscription_id.id: reading for reading in readings}
        journal = self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(self.company_id),
                ("type", "=", "sale"),
            ],
            limit=1,
        )
        if not journal:
            raise UserError(
                self.env._("Company %s has no sales journal.", self.company_id.display_name)
            )
        tariff_of = self._get_tariffs(subscriptions)
        vals_list = [
            self._prepare_invoice_vals(
                subscription, reading_of[subscription.id], journal, tariff_of[subscription.id]
            )
            for subscription in subscriptions
        ]
        credits = [vals.pop("_credit_applied") for vals in vals_list]
        moves = (
            self.env["account.move"]
            .with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
            .create(vals_list)
        )
        self._subscribe_citizens(moves)
        moves.action_post()
        self.env["dura.utility.bill"].create(
            [
                {
                    "subscription_id": subscription.id,
                    "utility": subscription.utility,
                    "quarter": subscription.quarter,
                    "period": self.period,
                    "run_id": self.id,
                    "reading_id": reading_of[subscription.id].id,
                    "move_id": move.id,
                    "company_id": self.company_id.id,
                    "consumption": reading_of[subscription.id].consumption,
                    "credit_applied": credit,
                }
                for subscription, move, credit in zip(subscriptions, moves, credits, strict=True)
            ]
        )
        sms_count, no_mobile = self._queue_bill_sms(moves) if self.send_sms else (0, 0)
        self.write(
            {
                "sms_count": self.sms_count + sms_count,
                "no_mobile_count": self.no_mobile_count + no_mobile,
                "batch_count": self.batch_count + 1,
            }
        )
        return len(subscriptions)

    def _get_tariffs(self, subscriptions):
        """Tariff applied to each subscription: its own when valid on the invoice date of the
        run, else the valid version with the same utility, category and billing mode (a new tariff
        replacing an expired one). One search per batch; raises UserError naming the
        subscriptions left without a valid tariff."""
        end = self.date

        def valid(tariff):
            return tariff.date_from <= end and (not tariff.date_to or tariff.date_to >= end)

        expired = subscriptions.filtered(lambda s: not valid(s.tariff_id))
        if not expired:
            return {subscription.id: subscription.tariff_id for subscription in subscriptions}
        candidates = self.env["dura.utility.tariff"].search(
            [
                ("utility", "=", self.utility),
                ("billing_mode", "in", ("postpaid", "both")),
                ("company_id", "in", (False, self.company_id.id)),
                ("date_from", "<=", end),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", end),
            ],
            order="date_from desc, id desc",
        )
        result, missing = {}, []
        for subscription in subscriptions:
            tariff = subscription.tariff_id
            if subscription in expired:
                tariff = candidates.filtered(
                    lambda t, old=tariff: t.category == old.category
                    and t.billing_mode == old.billing_mode
                )[:1]
                if not tariff:
                    missing.append(subscription.name)
            result[subscription.id] = tariff
        if missing:
            raise UserError(
                self.env._(
                    "No tariff is valid on %(date)s for subscriptions %(names)s: extend their "
                    "tariff or create its new version, then start the run again.",
                    date=fields.Date.to_string(end),
                    names=", ".join(missing[:20]),
                )
            )
        return result

    def _subscribe_citizens(self, moves):
        """Make each citizen a follower of their bill in one create, with the default
        external subtypes, as action_post would do one invoice at a time."""
        _all, _internal, external = self.env["mail.message.subtype"]._default_subtypes(
            "account.move"
        )
        self.env["mail.followers"].sudo().create(
            [
                {
                    "res_model": "account.move",
                    "res_id": move.id,
                    "partner_id": move.partner_id.id,
                    "subtype_ids": [Command.set(external)],
                }
                for move in moves
            ]
        )
        moves.invalidate_recordset(["message_follower_ids", "message_partner_ids"])

    def _prepare_invoice_vals(self, subscription, reading, journal, tariff):
        lines = tariff._compute_lines(reading.consumption)
        if not lines:  # no consumption and no fixed charge: still one visible line
            lines = [
                {
                    "name": self.env._("%(tariff)s - no consumption", tariff=tariff.name),
                    "quantity": 0.0,
                    "price_unit": tariff.block_ids[:1].price,
                }
            ]
        line_commands = [
            Command.create(
                {
                    "product_id": tariff.product_id.id,
                    "name": line["name"],
                    "quantity": line["quantity"],
                    "price_unit": line["price_unit"],
                    "tax_ids": [Command.set(tariff.tax_ids.ids)],
                    "analytic_distribution": False,
                }
            )
            for line in lines
        ]
        credit = 0.0
        remaining = subscription.carry_forward_remaining
        if not float_is_zero(remaining, precision_rounding=tariff.currency_id.rounding):
            untaxed = sum(line["quantity"] * line["price_unit"] for line in lines)
            credit = tariff.currency_id.round(min(remaining, untaxed))
            if credit > 0:
                line_commands.append(
                    Command.create(
                        {
                            "product_id": self.env.ref(
                                "dura_utility_billing.product_card_credit"
                            ).id,
                            "name": self.env._("Prepaid card credit carried forward"),
                            "quantity": 1.0,
                            "price_unit": -credit,
                            "tax_ids": [Command.clear()],
                        }
                    )
                )
        return {
            "move_type": "out_invoice",
            "partner_id": subscription.partner_id.id,
            "company_id": self.company_id.id,
            "journal_id": journal.id,
            "currency_id": tariff.currency_id.id,
            "invoice_date": self.date,
            "invoice_date_due": self.date_due,
            "invoice_origin": subscription.name,
            "ref": f"{subscription.name} {self.period}",
            "narration": self.env._(
                "Meter %(meter)s: previous reading %(previous)s, current reading %(current)s, "
                "consumption %(consumption)s %(unit)s.",
                meter=reading.meter_number,
                previous=reading.previous_value,
                current=reading.value,
                consumption=reading.consumption,
                unit=tariff.unit_label,
            ),
            "dura_subscription_id": subscription.id,
            "dura_period": self.period,
            "invoice_line_ids": line_commands,
            "_credit_applied": credit,
        }

    def _queue_bill_sms(self, moves):
        """Queue the bill SMS of all moves through the gateway's entry point (one render, one
        create); the gateway sends them later, outside this transaction. Returns how many
        were queued and how many citizens have no number."""
        template = self.env.ref("dura_utility_billing.sms_template_utility_bill")
        report = moves._dura_queue_sms(template)
        reasons = report.reasons(SKIPPED)
        if reasons.get("not_approved"):
            # an unchecked text never reaches citizens: the bills are posted, their SMS held
            self.message_post(
                body=self.env._(
                    "No bill SMS was queued for this batch: the SMS template %(name)s is not "
                    "approved yet. An SMS approver must approve it (SMS Gateway > Configuration > "
                    "SMS Templates).",
                    name=template.name,
                )
            )
            return 0, 0
        return len(report.created_ids), reasons.get("missing", 0)

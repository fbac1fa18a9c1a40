import logging
import threading
from collections import Counter

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .dura_utility_collection_level import COLLECTION_ACTIONS

_logger = logging.getLogger(__name__)


class DuraUtilityCollectionRun(models.Model):
    """The day's collection: each overdue bill of the company moves to its next level once
    (notice SMS, late fee, disconnection order), batch after batch, each batch committed, so
    that a run killed midway resumes after the last bill it committed."""

    _name = "dura.utility.collection.run"
    _description = "Utility Collection Run"
    _inherit = ("mail.thread",)
    _order = "date desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char("Reference", required=True, readonly=True, copy=False, default="/")
    date = fields.Date(required=True, default=fields.Date.context_today, readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    batch_size = fields.Integer(default=500, required=True)
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
    # the last bill (by id) whose batch is committed: a resumed run starts after it
    last_move_id = fields.Integer(readonly=True, copy=False)
    line_ids = fields.One2many("dura.utility.collection.line", "run_id", readonly=True)
    line_count = fields.Integer("Steps", compute="_compute_counts")
    reminder_count = fields.Integer("Reminders", compute="_compute_counts")
    notice_count = fields.Integer("Overdue Notices", compute="_compute_counts")
    final_count = fields.Integer("Final Notices", compute="_compute_counts")
    disconnect_count = fields.Integer("Disconnections", compute="_compute_counts")
    fee_count = fields.Integer("Late Fees", compute="_compute_counts")
    fee_amount = fields.Monetary("Late Fees Invoiced", compute="_compute_counts")
    print_count = fields.Integer("Notices to Print", compute="_compute_counts")
    call_count = fields.Integer("Calls to Make", compute="_compute_counts")
    order_count = fields.Integer("Disconnection Orders", compute="_compute_counts")
    summary = fields.Text("Per Level", compute="_compute_counts")
    checked_count = fields.Integer("Bills Checked", readonly=True, copy=False)
    skipped_count = fields.Integer(
        "Paid Meanwhile",
        readonly=True,
        copy=False,
        help="Bills paid or put on hold between the selection and the lock: left alone.",
    )
    held_level_count = fields.Integer(
        "Held (SMS Not Approved)",
        readonly=True,
        copy=False,
        help="Bills whose next level waits because its SMS template is not approved yet.",
    )
    batch_count = fields.Integer("Batches Done", readonly=True, copy=False)
    date_started = fields.Datetime(readonly=True, copy=False)
    date_finished = fields.Datetime(readonly=True, copy=False)
    error_message = fields.Text(readonly=True, copy=False)

    # ------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------

    @api.depends("line_ids")
    def _compute_counts(self):
        Line = self.env["dura.utility.collection.line"]
        by_action = Counter()
        by_level = {}
        for run, action, level, level_name, count in Line._read_group(
            [("run_id", "in", self.ids)],
            ["run_id", "action", "level_id", "level_name"],
            ["__count"],
        ):
            by_action[run, action] += count
            label = level.display_name or level_name  # the user's language while it exists
            by_level.setdefault(run, Counter())[label] += count
        extras = {
            run: (fees, amount, calls, orders)
            for run, fees, amount, calls, orders in Line._read_group(
                [("run_id", "in", self.ids)],
                ["run_id"],
                ["fee_move_id:count", "fee_amount:sum", "call_state:count", "order_id:count"],
            )
        }
        prints = dict(
            Line._read_group(
                [("run_id", "in", self.ids), ("print_notice", "=", True)], ["run_id"], ["__count"]
            )
        )
        labels = dict(COLLECTION_ACTIONS)
        for run in self:
            run.reminder_count = by_action[run, "reminder"]
            run.notice_count = by_action[run, "notice"]
            run.final_count = by_action[run, "final"]
            run.disconnect_count = by_action[run, "disconnect"]
            run.line_count = sum(by_action[run, action] for action in labels)
            fees, amount, calls, orders = extras.get(run, (0, 0.0, 0, 0))
            run.fee_count, run.fee_amount = fees, amount
            run.print_count = prints.get(run, 0)
            run.call_count, run.order_count = calls, orders
            run.summary = "\n".join(
                f"{level}: {count}" for level, count in sorted(by_level.get(run, {}).items())
            )

    # ------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("dura.utility.collection.run") or "/"
                )
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_acted(self):
        if self.line_ids:
            raise UserError(self.env._("A collection run that acted on bills cannot be deleted."))

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_start(self):
        """Queue the run: the cron works through it batch by batch."""
        self._check_startable()
        self.write(
            {"state": "running", "date_started": fields.Datetime.now(), "error_message": False}
        )
        self.env.ref("dura_utility_billing.ir_cron_dura_utility_collection_run").sudo()._trigger()
        return True

    def action_run_now(self):
        """Collect at once in this request (small offices, tests, the demo)."""
        self._check_startable()
        self.write(
            {"state": "running", "date_started": fields.Datetime.now(), "error_message": False}
        )
        for run in self:
            run._process()
        return True

    def action_view_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dura_utility_billing.action_dura_utility_collection_line"
        )
        action["domain"] = [("run_id", "=", self.id)]
        action["context"] = {"search_default_group_level": 1}
        return action

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _check_startable(self):
        if self.filtered(lambda r: r.state not in ("draft", "failed")):
            raise UserError(self.env._("Only draft or interrupted collection runs can be started."))
        self.env["account.move"].check_access("create")

    @api.model
    def _cron_collect(self):
        """Daily: one run per company for today (unless one exists), then every running or
        interrupted-by-a-kill run is worked through."""
        today = fields.Date.context_today(self)
        companies = (
            self.env["dura.utility.collection.policy"]
            .search([("level_ids", "!=", False)])
            .company_id
        )
        have = self.search([("date", "=", today), ("company_id", "in", companies.ids)]).company_id
        # the batch size of the daily runs, for the office to tune (the default is the billing
        # run's)
        batch_size = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("dura_utility_billing.collection_batch_size", 500)
        )
        new = self.create(
            [
                {"company_id": company.id, "date": today, "batch_size": batch_size}
                for company in companies - have
            ]
        )
        new.write({"state": "running", "date_started": fields.Datetime.now()})
        for run in self.search([("state", "=", "running")]):
            run.with_company(run.company_id)._process()

    def _process(self):
        """Batch after batch until no bill is left. A failing batch is rolled back whole; the
        run is marked interrupted and resumes after its last committed bill."""
        self.ensure_one()
        testing = getattr(threading.current_thread(), "testing", False)
        done = 0
        while True:
            if not self._lock_for_batch():
                _logger.info("Collection run %s is being processed by another worker", self.name)
                return False
            try:
                with self.env.cr.savepoint():
                    checked = self._collect_next_batch()
            except Exception as error:  # any failure interrupts the run
                _logger.exception("Collection run %s interrupted", self.name)
                self.env.invalidate_all()
                self.write({"state": "failed", "error_message": str(error)})
                if not testing:
                    self.env.cr.commit()  # pylint: disable=invalid-commit
                return False
            if not checked:
                break
            done += checked
            self.env["ir.cron"]._notify_progress(done=done, remaining=0)
            if not testing:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        self._finish()
        return True

    def _lock_for_batch(self):
        """Lock the run row until the batch is committed: two workers never run it at once."""
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
        self.write({"state": "done", "date_finished": fields.Datetime.now()})
        self.invalidate_recordset()
        self.message_post(
            body=self.env._(
                "Collection run finished: %(checked)s overdue bills checked, %(steps)s moved to "
                "their next level (%(summary)s), %(fees)s late fees, %(prints)s notices to print, "
                "%(calls)s citizens to call, %(orders)s disconnection orders.",
                checked=self.checked_count,
                steps=self.line_count,
                summary=self.summary.replace("\n", ", ") if self.summary else "-",
                fees=self.fee_count,
                prints=self.print_count,
                calls=self.call_count,
                orders=self.order_count,
            )
        )

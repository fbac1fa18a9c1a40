import base64
import hashlib

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools import golive_import, reading_sheet
from .dura_utility_reading import BILLABLE_KINDS, PERIOD_RE
from .dura_utility_reading_import_line import READING_LINE_STATUSES

# codes the go-live import already words (dura.utility.import._reason)
GOLIVE_CODES = ("empty_file", "bad_encoding", "bad_xlsx", "missing_columns", "no_meter", "bad_date")


class DuraUtilityReadingImport(models.Model):
    """A reader's filled-in sheet of one route and period, checked into staging lines (one
    status each: accepted, exception and why, duplicate) and then confirmed: the accepted
    lines become regular readings in one create. A bad line never blocks the others, and
    nothing is imported twice: the same file is refused, and a reading already recorded for
    the subscription and period makes the line a duplicate."""

    _name = "dura.utility.reading.import"
    _description = "Reading Import"
    _inherit = ("mail.thread",)
    _order = "id desc"
    _check_company_auto = True

    def _default_period(self):
        return fields.Date.context_today(self).strftime("%Y-%m")

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char(compute="_compute_name", store=True)
    route_id = fields.Many2one(
        "dura.utility.route",
        string="Reading Route",
        required=True,
        tracking=True,
        check_company=True,
        index=True,
    )
    utility = fields.Selection(related="route_id.utility")
    period = fields.Char(
        required=True, default=_default_period, tracking=True, help="Period read, as YYYY-MM."
    )
    file = fields.Binary(required=True, attachment=True)
    filename = fields.Char()
    file_hash = fields.Char(
        "File Fingerprint (SHA-256)",
        readonly=True,
        copy=False,
        help="The same file cannot be imported twice.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("checked", "Checked"), ("done", "Done")],
        required=True,
        default="draft",
        tracking=True,
        copy=False,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    line_ids = fields.One2many("dura.utility.reading.import.line", "import_id", string="Lines")
    count_accepted = fields.Integer("Accepted", compute="_compute_counts")
    count_exception = fields.Integer("Exceptions", compute="_compute_counts")
    count_duplicate = fields.Integer("Duplicates", compute="_compute_counts")
    reading_count = fields.Integer("Readings Created", compute="_compute_counts")

    # ------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------

    @api.depends("route_id.name", "period")
    def _compute_name(self):
        for batch in self:
            batch.name = " · ".join(part for part in (batch.route_id.name, batch.period) if part)

    @api.depends("line_ids.status", "line_ids.reading_id")
    def _compute_counts(self):
        Line = self.env["dura.utility.reading.import.line"]
        counts = {
            (batch.id, status): count
            for batch, status, count in Line._read_group(
                [("import_id", "in", self.ids)], ["import_id", "status"], ["__count"]
            )
        }
        created = dict(
            Line._read_group(
                [
                    ("import_id", "in", self.ids),
                    ("status", "=", "accepted"),
                    ("reading_id", "!=", False),
                ],
                ["import_id"],
                ["__count"],
            )
        )
        for batch in self:
            for status, _label in READING_LINE_STATUSES:
                batch[f"count_{status}"] = counts.get((batch.id, status), 0)
            batch.reading_count = created.get(batch, 0)

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    def init(self):
        # the same file once per company, enforced by PostgreSQL
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS dura_utility_reading_import_hash_uniq "
                "ON %s (company_id, file_hash) WHERE file_hash IS NOT NULL",
                SQL.identifier(self._table),
            )
        )

    @api.constrains("period")
    def _check_period(self):
        for batch in self:
            if not PERIOD_RE.match(batch.period or ""):
                raise ValidationError(
                    self.env._("The period %s must be written YYYY-MM.", batch.period)
                )

    # ------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------

    def write(self, vals):
        if "file" in vals:
            # a new file is checked again from scratch, and fingerprinted again
            vals = dict(vals, file_hash=False)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if self.filtered(lambda b: b.state == "done"):
            raise UserError(self.env._("A confirmed reading import cannot be deleted."))

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_check(self):
        """Read the file into staging lines, each with the status it would get."""
        for batch in self:
            batch._check_open()
            batch._run(apply=False)
            batch.state = "checked"
        return True

    def action_confirm(self):
        """Check again against the readings as they are now, and create the accepted ones."""
        for batch in self:
            if batch.state != "checked":
                raise UserError(
                    self.env._("Check the file of import %s before confirming it.", batch.name)
                )
            batch._check_open()
            batch._run(apply=True)
            batch.state = "done"
        return True

    def action_reset(self):
        self.filtered(lambda b: b.state == "checked").write({"state": "draft"})
        return True

    def action_view_readings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dura_utility_billing.action_dura_utility_reading"
        )
        action["domain"] = [("id", "in", self.line_ids.reading_id.ids)]
        return action

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _check_open(self):
        if self.state == "done":
            raise UserError(
                self.env._("Import %s is already done: upload the file in a new import.", self.name)
            )
        if not self.file:
            raise UserError(self.env._("Upload a CSV or XLSX file first."))

    def _run(self, apply):
        self.ensure_one()
        data = base64.b64decode(self.file)
        file_hash = hashlib.sha256(data).hexdigest()
        # sudo: an import of the same file made by anyone in the company counts
        other = self.sudo().search(
            [
                ("file_hash", "=", file_hash),
                ("company_id", "=", self.company_id.id),
                ("id", "!=", self.id),
            ],
            limit=1,
        )
        if other:
            raise UserError(
                self.env._(
                    "This file was already imported in %(name)s (%(state)s): the same file "
                    "cannot be imported twice.",
                    name=other.name,
                    state=dict(other._fields["state"]._description_selection(self.env))[
                        other.state
                    ],
                )
            )
        self.file_hash = file_hash
        try:
            records = list(reading_sheet.iter_records(data, self.filename or ""))
        except golive_import.RowError as error:
            raise UserError(self._reason(error)) from None
        lines = self._plan(records)
        if apply:
            self._create_readings([line for line in lines if line["status"] == "accepted"])
        self.line_ids.unlink()
        self.env["dura.utility.reading.import.line"].create(
            [dict(line, import_id=self.id) for line in lines]
        )

    def _plan(self, records):
        """Staging line values for `records` [(row, cells)]: every check made for the whole
        file at once (three queries), as the reading model would refuse the row."""
        rows, errors = [], {}
        for index, (_number, record) in enumerate(records):
            try:
                rows.append(reading_sheet.normalise_reading(record))
            except golive_import.RowError as error:
                rows.append(None)
                errors[index] = error
        meters = {row["meter"] for row in rows if row}
        subscriptions = self._subscriptions_by_meter(meters)
        Reading = self.env["dura.utility.reading"]
        found = self.env["dura.utility.subscription"].browse(
            [sub.id for sub in subscriptions.values()]
        )
        last = Reading._get_last_readings(found)
        read = Reading.search_fetch(
            [
                ("subscription_id", "in", found.ids),
                ("period", "=", self.period),
                ("kind", "in", BILLABLE_KINDS),
            ],
            ["subscription_id", "value", "source"],
        )
        # a citizen's own reading by SMS gives way to the reader's until it is billed (the
        # reading's create sets it aside); sudo: whether a bill exists, not what it says
        by_citizens = read.filtered(lambda reading: reading.source == "citizen_sms")
        if by_citizens:
            billed = (
                self.env["dura.utility.bill"]
                .sudo()
                .search([("reading_id", "in", by_citizens.ids)])
                .reading_id
            )
            read -= by_citizens - billed.with_env(self.env)
        existing = {reading.subscription_id.id: reading for reading in read}
        repeats = reading_sheet.repeats(rows)
        today = fields.Date.context_today(self)
        lines = []
        for index, (number, record) in enumerate(records):
            row = rows[index]
            line = {
                "row_number": number,
                "status": "accepted",
                "meter_number": row["meter"] if row else record.get("meter"),
                "value_text": record.get("value"),
                "note": record.get("note") or False,
            }
            lines.append(line)
            try:
                if row is None:
                    raise errors[index]
                subscription = subscriptions.get(row["meter"])
                if not subscription:
                    raise golive_import.RowError("unknown_meter", meter=row["meter"])
                line.update(
                    subscription_id=subscription.id,
                    value=float(row["value"]),
                    date=reading_sheet.reading_date(row["date"], self.period, today),
                    note=row["note"] or False,
                )
                if index in repeats:
                    first = repeats[index]
                    code = "repeated" if rows[first]["value"] == row["value"] else "repeated_other"
                    raise golive_import.RowError(code, row=records[first][0])
                self._check_line(line, subscription, last, existing, today)
            except golive_import.RowError as error:
                status = "duplicate" if error.code in ("repeated", "already_read") else "exception"
                line.update(status=status, reason=self._reason(error))
        # two different readings of one meter: neither is taken, the supervisor decides
        for index, first in repeats.items():
            if lines[index]["status"] == "exception" and lines[first]["status"] == "accepted":
                if rows[first]["value"] != rows[index]["value"]:
                    error = golive_import.RowError("repeated_other", row=records[index][0])
                    lines[first].update(status="exception", reason=self._reason(error))
        return lines

    def _check_line(self, line, subscription, last, existing, today):
        """Raise the RowError the reading of `line` would meet: another route, a date out of
        the period, a reading already recorded for the period, below the last one."""
        if subscription.route_id != self.route_id:
            raise golive_import.RowError(
                "other_route",
                meter=line["meter_number"],
                route=subscription.route_id.display_name or "-",
            )
        date = line["date"]
        if date > today:
            raise golive_import.RowError("future_date", value=date)
        if date.strftime("%Y-%m") != self.period:
            raise golive_import.RowError("other_period", value=date, period=self.period)
        if subscription.id in existing:
            reading = existing[subscription.id]
            line["reading_id"] = reading.id
            raise golive_import.RowError(
                "already_read", value=reading_sheet.format_index(reading.value)
            )
        previous = last.get(subscription.id)
        line["previous_value"] = previous["value"] if previous else subscription.initial_reading
        if previous and date < previous["date"]:
            raise golive_import.RowError("before_last", value=previous["date"])
        if line["value"] < line["previous_value"]:
            raise golive_import.RowError(
                "below_previous", value=reading_sheet.format_index(line["previous_value"])
            )

    def _subscriptions_by_meter(self, meters):
        """{meter: subscription} of the company's open subscriptions of the route's utility
        (the meter number is unique among them: see the subscription's unique index)."""
        if not meters:
            return {}
        found = self.env["dura.utility.subscription"].search_fetch(
            [
                ("meter_number", "in", list(meters)),
                ("utility", "=", self.route_id.utility),
                ("state", "!=", "closed"),
                ("company_id", "=", self.company_id.id),
            ],
            ["meter_number", "route_id", "initial_reading"],
        )
        return {subscription.meter_number: subscription for subscription in found}

    def _create_readings(self, lines):
        """The readings of the accepted `lines` in one create. Should the reading model still
        refuse one (a rule the checks above do not know), the lines are created one by one
        in savepoints and only the refused ones become exceptions."""
        if not lines:
            return
        reader = self.route_id.user_id or self.env.user
        vals_list = [
            {
                "subscription_id": line["subscription_id"],
                "date": line["date"],
                "period": self.period,
                "value": line["value"],
                "kind": "regular",
                "note": line["note"],
                "reader_id": reader.id,
            }
            for line in lines
        ]
        Reading = self.env["dura.utility.reading"]
        refusals = (UserError, ValidationError, psycopg2.IntegrityError)
        try:
            with self.env.cr.savepoint():
                # copies: the reading model completes the values it is given (previous index,
                # validation), and a line retried alone must come with its own values only
                readings = Reading.create([dict(vals) for vals in vals_list])
        except refusals:
            readings = None
        if readings is not None:
            for line, reading in zip(lines, readings, strict=True):
                line["reading_id"] = reading.id
            return
        for line, vals in zip(lines, vals_list, strict=True):
            try:
                with self.env.cr.savepoint():
                    line["reading_id"] = Reading.create(dict(vals)).id
            except refusals as error:
                message = error.args[0] if error.args else str(error)
                line.update(
                    status="exception",
                    reason=self.env._("Refused: %s", message),
                )

    def _reason(self, error):
        """The translated reason of a line's status (see the RowError codes)."""
        if error.code in GOLIVE_CODES:
            return self.env["dura.utility.import"]._reason(error)
        params = {key: str(value) for key, value in error.params.items()}
        # lazily: each message formats only the parameters its own code carries
        messages = {
            "no_value": lambda: self.env._("No reading written for meter %(meter)s.", **params),
            "bad_value": lambda: self.env._("The reading %(value)s is not a number.", **params),
            "unknown_meter": lambda: self.env._(
                "No open subscription of this utility has meter %(meter)s.", **params
            ),
            "other_route": lambda: self.env._(
                "Meter %(meter)s is not on this route (its route: %(route)s).", **params
            ),
            "repeated": lambda: self.env._("Same meter and reading as row %(row)s.", **params),
            "repeated_other": lambda: self.env._(
                "The meter is also in row %(row)s with another reading.", **params
            ),
            "future_date": lambda: self.env._(
                "The reading date %(value)s is in the future.", **params
            ),
            "other_period": lambda: self.env._(
                "The reading date %(value)s is not in the period %(period)s.", **params
            ),
            "already_read": lambda: self.env._(
                "A reading (%(value)s) is already recorded for this meter and period.", **params
            ),
            "before_last": lambda: self.env._(
                "The meter already has a later reading, dated %(value)s.", **params
            ),
            "below_previous": lambda: self.env._(
                "Below the previous reading %(value)s: a rollover or a meter replacement "
                "is entered by hand.",
                **params,
            ),
        }
        message = messages.get(error.code)
        return message() if message else error.code

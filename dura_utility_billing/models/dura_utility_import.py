import base64
import hashlib
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.dura_sms_gateway.tools.phone_numbers import subscriber_key

from ..tools import golive_import
from .dura_utility_import_line import LINE_STATUSES


class DuraUtilityImport(models.Model):
    """A go-live file (citizens, or subscriptions with last readings and open balances) checked
    into staging lines, one status each, then confirmed. Confirming plans again from the
    database as it is then, so running the same file twice creates nothing the second time:
    every row is matched to what the first run made."""

    _name = "dura.utility.import"
    _description = "Go-live Import"
    _inherit = ("mail.thread",)
    _order = "id desc"
    _check_company_auto = True

    def _default_due_date(self):
        return fields.Date.context_today(self) + timedelta(days=30)

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char(compute="_compute_name", store=True)
    kind = fields.Selection(
        [("citizens", "Citizens"), ("subscriptions", "Subscriptions and Balances")],
        required=True,
        default="citizens",
        tracking=True,
    )
    file = fields.Binary(required=True, attachment=True)
    filename = fields.Char()
    file_hash = fields.Char(readonly=True, copy=False)
    state = fields.Selection(
        [("draft", "Draft"), ("checked", "Checked"), ("done", "Done")],
        required=True,
        default="draft",
        tracking=True,
        copy=False,
    )
    date = fields.Date(
        "Go-live Date",
        required=True,
        default=fields.Date.context_today,
        help="Date of the opening balances, and of the opening readings the file leaves "
        "undated.",
    )
    due_date = fields.Date(
        "Opening Balance Due Date",
        required=True,
        default=_default_due_date,
        help="Due date of the opening arrears invoices; collection counts from it.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    line_ids = fields.One2many("dura.utility.import.line", "import_id", string="Lines")
    count_new = fields.Integer("To Create", compute="_compute_counts")
    count_created = fields.Integer("Created", compute="_compute_counts")
    count_matched = fields.Integer("Matched", compute="_compute_counts")
    count_merged = fields.Integer("Merged", compute="_compute_counts")
    count_refused = fields.Integer("Refused", compute="_compute_counts")

    # ------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------

    @api.depends("kind", "filename")
    def _compute_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for batch in self:
            batch.name = " · ".join(
                part for part in (kinds.get(batch.kind), batch.filename) if part
            )

    @api.depends("line_ids.status")
    def _compute_counts(self):
        counts = {
            (batch.id, status): count
            for batch, status, count in self.env["dura.utility.import.line"]._read_group(
                [("import_id", "in", self.ids)], ["import_id", "status"], ["__count"]
            )
        }
        for batch in self:
            for status, _label in LINE_STATUSES:
                batch[f"count_{status}"] = counts.get((batch.id, status), 0)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_check(self):
        """Read the file into staging lines with the status each row would get."""
        for batch in self:
            batch._check_open()
            batch._run(apply=False)
            batch.state = "checked"
        return True

    def action_confirm(self):
        """Plan again from the database as it is now, and create what is to be created."""
        for batch in self:
            batch._check_open()
            batch._run(apply=True)
            batch.state = "done"
        return True

    def action_reset(self):
        self.filtered(lambda b: b.state == "checked").write({"state": "draft"})
        return True

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
        self.file_hash = hashlib.sha256(data).hexdigest()
        try:
            records = list(golive_import.iter_records(self.kind, data, self.filename or ""))
        except golive_import.RowError as error:
            raise UserError(self._reason(error)) from None
        self.line_ids.unlink()
        plan = self._plan_citizens if self.kind == "citizens" else self._plan_subscriptions
        lines = plan(records, apply)
        self.env["dura.utility.import.line"].create(
            [dict(line, import_id=self.id) for line in lines]
        )

    def _refused(self, number, record, error):
        return {
            "row_number": number,
            "status": "refused",
            "reason": self._reason(error),
            "name": record.get("name"),
            "national_id": record.get("national_id"),
            "mobile": record.get("mobile"),
            "meter_number": record.get("meter"),
            "tariff": record.get("tariff"),
            "billing_mode": record.get("billing_mode"),
            "quarter": record.get("quarter"),
            "route": record.get("route"),
            "last_reading": record.get("last_reading"),
            "balance": record.get("balance"),
        }

    def _partners_by_national_id(self, national_ids):
        """{national id: partner id} from the contacts' national ids (when the service center
        is installed, it owns that field) and from earlier imports' lines; two queries."""
        found = {}
        if not national_ids:
            return found
        partners = self.env["res.partner"]
        if "dura_national_id" in partners._fields:
            # SQL: the field is readable by the service center's groups only, and the match
            # must see every contact, like the field's unique constraint
            partners.flush_model(["dura_national_id"])
            self.env.cr.execute(
                SQL(
                    "SELECT dura_national_id, id FROM res_partner WHERE dura_national_id IN %s",
                    tuple(national_ids),
                )
            )
            found.update(self.env.cr.fetchall())
        self.env["dura.utility.import.line"].flush_model(["national_id", "partner_id"])
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT ON (line.national_id) line.national_id, line.partner_id "
                "FROM dura_utility_import_line line "
                "JOIN res_partner partner ON partner.id = line.partner_id AND partner.active "
                "WHERE line.national_id IN %s ORDER BY line.national_id, line.id",
                tuple(national_ids),
            )
        )
        for number, partner_id in self.env.cr.fetchall():
            found.setdefault(number, partner_id)
        return found

    def _partners_by_number(self, keys):
        """{subscriber key: [(partner id, its national id or '')]} for the active contacts whose
        mobile or phone is that subscriber under any spelling; one query. The last 9 digits
        narrow the search (a Palestinian mobile's national number), the key decides."""
        if not keys:
            return {}
        tails = tuple({key.removeprefix("ps:")[-9:] for key in keys})
        partners = self.env["res.partner"]
        has_id = "dura_national_id" in partners._fields
        partners.flush_model(
            ["mobile", "phone", "active"] + (["dura_national_id"] if has_id else [])
        )
        self.env.cr.execute(
            SQL(
                "SELECT id, mobile, phone, %s FROM res_partner WHERE active AND ("
                "right(regexp_replace(mobile, '[^0-9]', '', 'g'), 9) IN %s OR "
                "right(regexp_replace(phone, '[^0-9]', '', 'g'), 9) IN %s) ORDER BY id",
                SQL("dura_national_id") if has_id else SQL("NULL"),
                tails,
                tails,
            )
        )
        wanted = set(keys)
        found = {}
        for partner_id, mobile, phone, national_id in self.env.cr.fetchall():
            for number in {mobile, phone} - {None, ""}:
                key = subscriber_key(number)
                if key in wanted and partner_id not in [p for p, _n in found.get(key, [])]:
                    found.setdefault(key, []).append((partner_id, national_id or ""))
        return found

    def _reason(self, error):
        """The translated reason of a refusal (see golive_import.RowError codes)."""
        params = {key: str(value) for key, value in error.params.items()}
        # lazily: each message formats only the parameters its own code carries
        messages = {
            "empty_file": lambda: self.env._("The file is empty."),
            "bad_encoding": lambda: self.env._(
                "The file is neither UTF-8 nor Windows-1256 text: save it as CSV "
                "UTF-8 or as XLSX."
            ),
            "bad_xlsx": lambda: self.env._(
                "The file is not a readable XLSX workbook (%(error)s).", **params
            ),
            "missing_columns": lambda: self.env._(
                "Columns missing from the file: %(columns)s. See the sample "
                "files for the accepted headers.",
                **params,
            ),
            "no_name": lambda: self.env._("No name."),
            "no_identity": lambda: self.env._(
                "Neither a national ID nor a mobile number: nothing identifies " "the citizen."
            ),
            "bad_national_id": lambda: self.env._(
                "National ID %(value)s is invalid: it has 9 digits, the last " "one a check digit.",
                **params,
            ),
            "bad_mobile": lambda: self.env._(
                "Mobile %(value)s cannot receive SMS (%(reason)s).", **params
            ),
            "bad_lang": lambda: self.env._(
                "Unknown language %(value)s (Arabic or English).", **params
            ),
            "ambiguous_number": lambda: self.env._(
                "Several contacts have mobile %(value)s: give the national " "ID.", **params
            ),
            "no_meter": lambda: self.env._("No meter number."),
            "no_citizen": lambda: self.env._(
                "Neither a national ID nor a mobile number to find the citizen."
            ),
            "unknown_citizen": lambda: self.env._(
                "No citizen with national ID or mobile %(value)s: import the " "citizens first.",
                **params,
            ),
            "bad_utility": lambda: self.env._(
                "Unknown utility %(value)s (electricity or water).", **params
            ),
            "bad_mode": lambda: self.env._(
                "Unknown billing mode %(value)s (prepaid card or postpaid " "invoice).", **params
            ),
            "bad_reading": lambda: self.env._(
                "The last reading %(value)s is not a number.", **params
            ),
            "bad_balance": lambda: self.env._(
                "The open balance %(value)s is not a positive amount.", **params
            ),
            "bad_date": lambda: self.env._(
                "Date %(value)s is not a date (YYYY-MM-DD or DD/MM/YYYY).", **params
            ),
            "future_date": lambda: self.env._(
                "The reading date %(value)s is in the future.", **params
            ),
            "unknown_tariff": lambda: self.env._(
                "No %(utility)s tariff named %(value)s for this billing " "mode.", **params
            ),
            "no_tariff": lambda: self.env._(
                "No tariff given, and no single %(utility)s tariff fits this " "billing mode.",
                **params,
            ),
            "meter_taken": lambda: self.env._(
                "Meter %(value)s already belongs to another citizen's open "
                "subscription (%(name)s).",
                **params,
            ),
            "meter_twice": lambda: self.env._(
                "Meter %(value)s appears in row %(row)s for another citizen.", **params
            ),
        }
        message = messages.get(error.code)
        return message() if message else error.code

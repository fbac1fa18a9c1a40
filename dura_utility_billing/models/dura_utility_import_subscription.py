from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import golive_import

# opening invoices created and posted per chunk (see _create_opening_invoices)
INVOICE_CHUNK = 100


def _text(number):
    return "" if number is None else str(number)


class DuraUtilityImport(models.Model):
    """Subscriptions with their meter, tariff, mode and quarter; the last reading becomes the
    opening reading, the open balance an opening arrears invoice (see _create_opening_invoices)."""

    _inherit = "dura.utility.import"  # pylint: disable=consider-merging-classes-inherited

    def _plan_subscriptions(self, records, apply):
        """Staging line values for `records` [(row, cells)]; with `apply`, the subscriptions,
        their opening readings and opening invoices are created, one create each for the
        file. A fixed number of queries for any size (plus Odoo's own per-record work)."""
        rows, errors = [], {}
        for index, (_number, record) in enumerate(records):
            try:
                rows.append(golive_import.normalise_subscription(record))
            except golive_import.RowError as error:
                rows.append(None)
                errors[index] = error
        valid = [row for row in rows if row]
        by_id = self._partners_by_national_id({row["national_id"] for row in valid} - {""})
        by_key = self._partners_by_number({row["mobile_key"] for row in valid} - {""})
        tariffs = self._tariffs_by_name()
        existing = self._open_subscriptions({row["meter"] for row in valid})
        today = fields.Date.context_today(self)

        lines, seen, todo = [], {}, []
        for index, (number, record) in enumerate(records):
            row = rows[index]
            try:
                if row is None:
                    raise errors[index]
                partner_id = self._find_citizen(row, by_id, by_key)
                row["partner_id"] = partner_id
                row["tariff_id"] = self._find_tariff(row, tariffs)
                row["reading_date"] = row["reading_date"] or self.date
                if row["reading_date"] > today:
                    raise golive_import.RowError("future_date", value=row["reading_date"])
            except golive_import.RowError as error:
                lines.append(self._refused(number, record, error))
                continue
            line = {
                "row_number": number,
                "status": "new",
                "partner_id": partner_id,
                "national_id": row["national_id"] or False,
                "mobile": row["mobile"] or False,
                "meter_number": row["meter"],
                "utility": row["utility"],
                "tariff": record.get("tariff"),
                "billing_mode": row["billing_mode"],
                "quarter": row["quarter"],
                "route": row["route"],
                # as read: Arabic digits and thousands separators written the one way
                "last_reading": _text(row["last_reading"]),
                "balance": _text(row["balance"]),
            }
            lines.append(line)
            key = (row["utility"], row["meter"])
            if key in seen:
                first_row, first_partner = seen[key]
                if first_partner == partner_id:
                    line.update(
                        status="merged",
                        merged_row=first_row,
                        reason=self.env._("Same subscription as row %s.", first_row),
                    )
                else:
                    error = golive_import.RowError("meter_twice", value=row["meter"], row=first_row)
                    line.update(status="refused", reason=self._reason(error))
                continue
            seen[key] = (number, partner_id)
            other = existing.get(key)
            if other and other["partner_id"] == partner_id:
                line.update(
                    status="matched",
                    subscription_id=other["id"],
                    reason=self.env._("Existing subscription %s, left as it is.", other["name"]),
                )
            elif other:
                error = golive_import.RowError(
                    "meter_taken", value=row["meter"], name=other["name"]
                )
                line.update(status="refused", reason=self._reason(error))
            else:
                todo.append((line, row))
        if apply and todo:
            self._create_subscriptions(todo)
        return lines

    def _find_citizen(self, row, by_id, by_key):
        if row["national_id"] and row["national_id"] in by_id:
            return by_id[row["national_id"]]
        candidates = {partner_id for partner_id, _national_id in by_key.get(row["mobile_key"], [])}
        if len(candidates) > 1:
            raise golive_import.RowError("ambiguous_number", value=row["mobile"])
        if not candidates:
            raise golive_import.RowError(
                "unknown_citizen", value=row["national_id"] or row["mobile"]
            )
        return candidates.pop()

    def _find_tariff(self, row, tariffs):
        utility_label = dict(
            self.env["dura.utility.subscription"]
            ._fields["utility"]
            ._description_selection(self.env)
        )[row["utility"]]
        fitting = [
            tariff
            for tariff in tariffs
            if tariff["utility"] == row["utility"]
            and tariff["billing_mode"] in (row["billing_mode"], "both")
        ]
        if row["tariff"]:
            wanted = golive_import.normalise_header(row["tariff"])
            named = [tariff for tariff in fitting if wanted in tariff["names"]]
            if len(named) != 1:
                raise golive_import.RowError(
                    "unknown_tariff", value=row["tariff"], utility=utility_label
                )
            return named[0]["id"]
        if len(fitting) != 1:
            raise golive_import.RowError("no_tariff", utility=utility_label)
        return fitting[0]["id"]

    def _tariffs_by_name(self):
        """The company's active tariffs with their names in every language, in one query."""
        tariffs = self.env["dura.utility.tariff"]
        tariffs.flush_model(["name", "utility", "billing_mode", "active", "company_id"])
        self.env.cr.execute(
            SQL(
                "SELECT id, name, utility, billing_mode FROM dura_utility_tariff "
                "WHERE active AND (company_id IS NULL OR company_id = %s) ORDER BY id",
                self.company_id.id,
            )
        )
        return [
            {
                "id": tariff_id,
                "names": {golive_import.normalise_header(text) for text in (name or {}).values()},
                "utility": utility,
                "billing_mode": billing_mode,
            }
            for tariff_id, name, utility, billing_mode in self.env.cr.fetchall()
        ]

    def _open_subscriptions(self, meters):
        """{(utility, meter): {id, name, partner_id}} of the company's open subscriptions."""
        if not meters:
            return {}
        # sudo: the meter is unique among open subscriptions whoever can read them
        found = (
            self.env["dura.utility.subscription"]
            .sudo()
            .search_fetch(
                [
                    ("meter_number", "in", list(meters)),
                    ("state", "!=", "closed"),
                    ("company_id", "=", self.company_id.id),
                ],
                ["name", "utility", "meter_number", "partner_id"],
            )
        )
        return {
            (sub.utility, sub.meter_number): {
                "id": sub.id,
                "name": sub.name,
                "partner_id": sub.partner_id.id,
            }
            for sub in found
        }

    def _create_subscriptions(self, todo):
        # the file's routes found by name or code, the missing ones created: one query and
        # one create for the whole file
        routes = self.env["dura.utility.route"]._find_or_create(
            [(row["utility"], row["route"], row["quarter"]) for _line, row in todo if row["route"]],
            self.company_id,
        )
        subscriptions = self.env["dura.utility.subscription"].create(
            [
                {
                    "partner_id": row["partner_id"],
                    "utility": row["utility"],
                    "meter_number": row["meter"],
                    "billing_mode": row["billing_mode"],
                    "tariff_id": row["tariff_id"],
                    "quarter": row["quarter"] or False,
                    "route_id": routes.get(
                        (row["utility"], golive_import.normalise_header(row["route"]))
                    )
                    if row["route"]
                    else False,
                    "route_sequence": number,
                    "address": row["address"] or False,
                    "state": "active",
                    "start_date": row["start_date"] or row["reading_date"],
                    "initial_reading": float(row["last_reading"] or 0),
                    "company_id": self.company_id.id,
                }
                for number, (_line, row) in enumerate(todo, start=1)
            ]
        )
        for (line, _row), subscription in zip(todo, subscriptions, strict=True):
            line.update(status="created", subscription_id=subscription.id)
        readings = [
            {
                "subscription_id": subscription.id,
                "kind": "opening",
                "date": row["reading_date"],
                "value": float(row["last_reading"]),
                "note": self.env._("Go-live import"),
            }
            for (_line, row), subscription in zip(todo, subscriptions, strict=True)
            if row["last_reading"] is not None
        ]
        self.env["dura.utility.reading"].create(readings)
        owing = [
            (line, row, subscription)
            for (line, row), subscription in zip(todo, subscriptions, strict=True)
            if row["balance"]
        ]
        moves = self._create_opening_invoices([(row, sub) for _line, row, sub in owing])
        for (line, _row, _sub), move in zip(owing, moves, strict=True):
            line["move_id"] = move.id

    def _create_opening_invoices(self, owing):
        """One posted customer invoice per subscription owing money at go-live.

        Why invoices and not one opening journal entry: collection and the clearance look
        for a subscription's posted invoices with a residual (reminders, notices, fees, the
        bill's arrears lines, the payment at the counter reconciles against them). A journal
        entry would put the same amounts on the receivable account but with no subscription,
        due date or partner-level invoice to pay. The invoice has no billed period, so it is
        never printed or counted as a bill (_is_dura_utility_bill)."""
        if not owing:
            return self.env["account.move"]
        product = self.env.ref("dura_utility_billing.product_opening_balance")
        label = self.env._("Opening balance at %s", fields.Date.to_string(self.date))
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
        vals_list = [
            {
                "move_type": "out_invoice",
                "partner_id": row["partner_id"],
                "invoice_date": self.date,
                "invoice_date_due": self.due_date,
                "invoice_origin": self.name,
                "dura_subscription_id": subscription.id,
                "dura_opening_balance": True,
                "company_id": self.company_id.id,
                "journal_id": journal.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "name": f"{label} · {subscription.name}",
                            "quantity": 1,
                            "price_unit": float(row["balance"]),
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
            for row, subscription in owing
        ]
        Move = self.env["account.move"].with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True
        )
        moves = self.env["account.move"]
        # as the billing run does: no creation note, followers in one create, then post; in
        # chunks, like the billing run's batches: the work of one create and post stays bounded
        for start in range(0, len(vals_list), INVOICE_CHUNK):
            chunk = Move.create(vals_list[start : start + INVOICE_CHUNK])
            self.env["dura.utility.billing.run"]._subscribe_citizens(chunk)
            chunk.action_post()
            moves |= chunk
        return moves

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..tools import golive_import, reading_sheet
from .dura_utility_tariff import UTILITIES


class DuraUtilityRoute(models.Model):
    """A reading route: the meters of one utility a reader walks in one go, usually a quarter,
    in the order of the walk (the subscriptions' route sequence). Its reading sheet is printed
    or exported per period, and the filled-in file comes back as a reading import."""

    _name = "dura.utility.route"
    _description = "Reading Route"
    _inherit = ("mail.thread",)
    _order = "sequence, name, id"
    _check_company_auto = True
    _rec_names_search = ("name", "code")

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char(required=True, translate=False, tracking=True)
    code = fields.Char(tracking=True, help="Short code written on the sheets and file names.")
    utility = fields.Selection(UTILITIES, required=True, tracking=True)
    quarter = fields.Char(help="Quarter or neighbourhood the route covers.")
    sequence = fields.Integer(default=10)
    user_id = fields.Many2one(
        "res.users",
        "Reader",
        tracking=True,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("dura_utility_billing.group_meter_reader").ids)
        ],
        help="The meter reader who usually walks the route.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    active = fields.Boolean(default=True)
    subscription_ids = fields.One2many(
        "dura.utility.subscription",
        "route_id",
        string="Meters",
        domain=[("state", "!=", "closed")],
    )
    subscription_count = fields.Integer(
        "Meters on the Route", compute="_compute_subscription_count"
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(company_id, code)",
            "The code of a reading route is unique in the company.",
        ),
    ]

    # ------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------

    def _compute_subscription_count(self):
        counts = dict(
            self.env["dura.utility.subscription"]._read_group(
                [("route_id", "in", self.ids), ("state", "!=", "closed")],
                ["route_id"],
                ["__count"],
            )
        )
        for route in self:
            route.subscription_count = counts.get(route, 0)

    @api.depends("name", "code")
    def _compute_display_name(self):
        for route in self:
            route.display_name = f"[{route.code}] {route.name}" if route.code else route.name

    # ------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        commands = [vals.pop("subscription_ids", None) for vals in vals_list]
        routes = super().create(vals_list)
        for route, route_commands in zip(routes, commands, strict=True):
            if route_commands:
                route._write_subscriptions(route_commands)
        return routes

    def write(self, vals):
        commands = vals.pop("subscription_ids", None) if "subscription_ids" in vals else None
        result = super().write(vals) if vals else True
        if commands:
            self.check_access("write")
            self._write_subscriptions(commands)
        return result

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_view_subscriptions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dura_utility_billing.action_dura_utility_subscription"
        )
        action["domain"] = [("route_id", "=", self.id)]
        action["context"] = {"default_route_id": self.id}
        return action

    def action_reading_sheet(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reading Sheet"),
            "res_model": "dura.utility.reading.sheet.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_route_ids": [Command.set(self.ids)]},
        }

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _write_subscriptions(self, commands):
        """Order and assign the route's meters. A reading supervisor may not change
        subscriptions (tariff, citizen, meter: money), but does organise the routes: through
        the route, only the route fields of subscriptions he can read are written, as sudo."""
        allowed = {"route_id", "route_sequence"}
        ids = set()
        for command in commands:
            operation = command[0]
            if operation == Command.UPDATE and set(command[2]) <= allowed:
                ids.add(command[1])
            elif operation in (Command.LINK, Command.UNLINK):
                ids.add(command[1])
            elif operation == Command.SET:
                ids.update(command[2])
            else:
                raise AccessError(
                    self.env._(
                        "From a reading route, only the order and the route of its meters "
                        "can be changed."
                    )
                )
        Subscription = self.env["dura.utility.subscription"]
        Subscription.browse(ids).check_access("read")
        return super(DuraUtilityRoute, self.sudo()).write({"subscription_ids": commands})

    @api.model
    def _find_or_create(self, wanted, company):
        """{(utility, name as compared): route id} for `wanted` [(utility, name, quarter)],
        found by name or code among the company's routes (archived ones too: a route closed
        for the winter is the same route), the missing ones created in one create. One
        query and one create for any number of rows."""
        if not wanted:
            return {}
        self.flush_model(["name", "code", "utility", "company_id"])
        self.env.cr.execute(
            SQL(
                "SELECT id, name, code, utility FROM dura_utility_route WHERE company_id = %s "
                "ORDER BY active DESC, id",
                company.id,
            )
        )
        found = {}
        for route_id, name, code, utility in self.env.cr.fetchall():
            for text in (name, code):
                if text:
                    found.setdefault((utility, golive_import.normalise_header(text)), route_id)
        todo = {}
        for utility, name, quarter in wanted:
            key = (utility, golive_import.normalise_header(name))
            if key not in found and key not in todo:
                todo[key] = {
                    "name": name,
                    "utility": utility,
                    "quarter": quarter or False,
                    "company_id": company.id,
                }
        if todo:
            routes = self.create(list(todo.values()))
            found.update(zip(todo, routes.ids, strict=True))
        return found

    def _sheet_lines(self, period):
        """{route: [{subscription, meter, subscription_name, citizen, address, quarter,
        previous, previous_date}]} of the open subscriptions of each route, in the route's
        order, with the last reading before `period` (or the initial index): two queries."""
        Subscription = self.env["dura.utility.subscription"]
        subscriptions = Subscription.search(
            [("route_id", "in", self.ids), ("state", "in", ("active", "suspended", "draft"))],
            order="route_sequence, meter_number, id",
        )
        Reading = self.env["dura.utility.reading"]
        Reading.flush_model(["subscription_id", "date", "value", "period"])
        previous = {}
        if subscriptions:
            self.env.cr.execute(
                SQL(
                    "SELECT DISTINCT ON (subscription_id) subscription_id, value, date "
                    "FROM dura_utility_reading WHERE subscription_id IN %s AND period < %s "
                    "ORDER BY subscription_id, date DESC, id DESC",
                    tuple(subscriptions.ids),
                    period,
                )
            )
            previous = {sid: (value, date) for sid, value, date in self.env.cr.fetchall()}
        lines = {route: [] for route in self}
        for subscription in subscriptions:
            value, date = previous.get(subscription.id, (subscription.initial_reading, False))
            lines[subscription.route_id].append(
                {
                    "subscription": subscription,
                    "meter": subscription.meter_number,
                    "subscription_name": subscription.name,
                    "citizen": subscription.partner_id.name,
                    "address": subscription.address or "",
                    "quarter": subscription.quarter or "",
                    "previous": value,
                    "previous_date": date,
                    # as the reader reads the meter: no thousands separator, day/month/year
                    "previous_text": reading_sheet.format_index(value),
                    "previous_date_text": date.strftime("%d/%m/%Y") if date else "",
                }
            )
        return lines

from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.dura_municipal_requests.models.dura_service_request_sla import RUNNING_STATES
from odoo.addons.dura_municipality.tools.timezone import DEFAULT_TZ

EVENTS = [
    ("received", "Received"),
    ("filed", "Filed"),
    ("done", "Done"),
    ("overdue", "Overdue"),
]


class DuraDashboardRequestReport(models.Model):
    """What happened to the requests, one row per request and event, dated in the municipality's
    time zone: submitted (received), filed (fee paid, routed), done, and -- today -- overdue (as
    the request's is_overdue: its SLA clock running and past the deadline, dated by the
    deadline). Its processing days (on the done rows)
    aggregate as their median: one slow request must not hide that most are quick."""

    _name = "dura.dashboard.request.report"
    _description = "Request Figures"
    _auto = False
    _order = "date desc, id desc"
    _depends = {
        "dura.service.request": [
            "company_id",
            "department_id",
            "service_type_id",
            "state",
            "date_submitted",
            "date_filed",
            "date_done",
            "sla_deadline",
            "processing_days",
        ],
        "res.company": ["partner_id"],
        "res.partner": ["tz"],
    }

    request_id = fields.Many2one("dura.service.request", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    department_id = fields.Many2one("dura.municipal.department", readonly=True)
    service_type_id = fields.Many2one("dura.service.type", string="Service", readonly=True)
    event = fields.Selection(EVENTS, readonly=True)
    date = fields.Date(readonly=True)
    processing_days = fields.Float(
        readonly=True,
        digits=(16, 1),
        aggregator="median",
        help="Days from filing to completion of the requests done (their median when grouped).",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %(view)s AS (
                    WITH request AS (
                        SELECT r.id, r.company_id, r.department_id, r.service_type_id, r.state,
                               r.date_submitted, r.date_filed, r.date_done, r.sla_deadline,
                               r.processing_days,
                               COALESCE(partner.tz, %(tz)s) AS tz
                          FROM dura_service_request r
                          JOIN res_company company ON company.id = r.company_id
                          JOIN res_partner partner ON partner.id = company.partner_id
                    )
                    SELECT id * 4 AS id, id AS request_id, company_id, department_id,
                           service_type_id, 'received' AS event,
                           (date_submitted AT TIME ZONE 'UTC' AT TIME ZONE tz)::date AS date,
                           NULL::double precision AS processing_days
                      FROM request WHERE date_submitted IS NOT NULL
                    UNION ALL
                    SELECT id * 4 + 1, id, company_id, department_id, service_type_id, 'filed',
                           (date_filed AT TIME ZONE 'UTC' AT TIME ZONE tz)::date, NULL
                      FROM request WHERE date_filed IS NOT NULL
                    UNION ALL
                    SELECT id * 4 + 2, id, company_id, department_id, service_type_id, 'done',
                           (date_done AT TIME ZONE 'UTC' AT TIME ZONE tz)::date,
                           processing_days::double precision
                      FROM request WHERE date_done IS NOT NULL AND state = 'done'
                    UNION ALL
                    SELECT id * 4 + 3, id, company_id, department_id, service_type_id,
                           'overdue', sla_deadline, NULL
                      FROM request
                     WHERE state IN %(running)s
                       AND sla_deadline < (NOW() AT TIME ZONE tz)::date
                )""",
                view=SQL.identifier(self._table),
                tz=DEFAULT_TZ,
                running=RUNNING_STATES,
            )
        )

    def _read_group_select(self, aggregate_spec, query):
        # the median, which PostgreSQL computes and read_group does not offer
        if aggregate_spec == "processing_days:median":
            return SQL(
                "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY %s)",
                self._field_to_sql(self._table, "processing_days", query),
            )
        return super()._read_group_select(aggregate_spec, query)

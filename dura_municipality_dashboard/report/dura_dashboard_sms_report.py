from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.dura_municipality.tools.timezone import DEFAULT_TZ
from odoo.addons.dura_sms_gateway.tools.selections import SMS_KINDS

OUTCOMES = [
    ("sent", "Sent"),
    ("failed", "Failed"),
    ("waiting", "Waiting"),
    ("canceled", "Cancelled"),
]


class DuraDashboardSmsReport(models.Model):
    """The SMS audit log as figures -- day, kind, outcome, segments and cost -- without what the
    messages said or to whom: the director reads the SMS channel's figures, not citizens'
    messages. Sent means accepted by the provider or delivered; waiting, not sent yet (to
    approve or queued). The cost is in the provider's currency."""

    _name = "dura.dashboard.sms.report"
    _description = "SMS Figures"
    _auto = False
    _order = "date desc, id desc"
    _depends = {
        "dura.sms.message": [
            "company_id",
            "create_date",
            "kind",
            "state",
            "provider_id",
            "segments",
            "cost",
        ],
        "dura.sms.provider": ["currency_id"],
        "res.company": ["currency_id", "partner_id"],
        "res.partner": ["tz"],
    }

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    company_currency = fields.Boolean(
        "In the Company's Currency",
        readonly=True,
        help="Charged in the company's currency: the dashboard adds these costs up; the others "
        "are counted apart, never converted.",
    )
    provider_id = fields.Many2one("dura.sms.provider", readonly=True)
    date = fields.Date(readonly=True)
    kind = fields.Selection(SMS_KINDS, readonly=True)
    outcome = fields.Selection(OUTCOMES, readonly=True)
    segments = fields.Integer(readonly=True, aggregator="sum")
    cost = fields.Monetary(readonly=True, aggregator="sum")
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    cost_company_currency = fields.Monetary(
        "Cost in the Company's Currency",
        currency_field="company_currency_id",
        readonly=True,
        aggregator="sum",
        help="The cost of the SMS charged in the company's currency (others count zero here).",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %(view)s AS (
                    SELECT message.id,
                           message.company_id,
                           COALESCE(provider.currency_id, company.currency_id) AS currency_id,
                           COALESCE(provider.currency_id, company.currency_id)
                               = company.currency_id AS company_currency,
                           message.provider_id,
                           (message.create_date AT TIME ZONE 'UTC'
                               AT TIME ZONE COALESCE(partner.tz, %(tz)s))::date AS date,
                           message.kind,
                           CASE WHEN message.state IN ('accepted', 'delivered') THEN 'sent'
                                WHEN message.state = 'failed' THEN 'failed'
                                WHEN message.state = 'canceled' THEN 'canceled'
                                ELSE 'waiting' END AS outcome,
                           message.segments,
                           message.cost,
                           CASE WHEN COALESCE(provider.currency_id, company.currency_id)
                                     = company.currency_id
                                THEN message.cost ELSE 0 END AS cost_company_currency
                      FROM dura_sms_message message
                      JOIN res_company company ON company.id = message.company_id
                      JOIN res_partner partner ON partner.id = company.partner_id
                 LEFT JOIN dura_sms_provider provider ON provider.id = message.provider_id
                )""",
                view=SQL.identifier(self._table),
                tz=DEFAULT_TZ,
            )
        )

from odoo import api, models
from odoo.tools import SQL

from .dura_utility_reading import BILLABLE_KINDS


class DuraUtilityReading(models.Model):
    _inherit = "dura.utility.reading"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _get_average_consumptions(self, subscriptions, periods):
        """Average consumption of each subscription over its last `periods` actual readings
        (read on the meter, billable kinds, not the true-up of an estimate), in one query:
        {subscription id: average}. A subscription without any is absent."""
        if not subscriptions or periods < 1:
            return {}
        self.flush_model(
            ["subscription_id", "date", "consumption", "kind", "estimated", "previous_estimated"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT subscription_id, AVG(consumption)
                  FROM (SELECT subscription_id, consumption,
                               ROW_NUMBER() OVER (PARTITION BY subscription_id
                                                  ORDER BY date DESC, id DESC) AS age
                          FROM %(table)s
                         WHERE subscription_id IN %(ids)s
                           AND kind IN %(kinds)s
                           AND NOT COALESCE(estimated, FALSE)
                           -- after an estimate the consumption is a true-up, not a month's
                           AND NOT COALESCE(previous_estimated, FALSE)) AS actual
                 WHERE age <= %(periods)s
              GROUP BY subscription_id
                """,
                table=SQL.identifier(self._table),
                ids=tuple(subscriptions.ids),
                kinds=BILLABLE_KINDS,
                periods=periods,
            )
        )
        return dict(self.env.cr.fetchall())

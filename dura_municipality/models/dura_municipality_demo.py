from odoo import api, models


class DuraMunicipalityDemo(models.AbstractModel):
    """Demo data helpers the suite's addons call from their demo XML (``<function>``), kept out
    of the production models, whose users never need them."""

    _name = "dura.municipality.demo"
    _description = "Municipality Demo Data"

    @api.model
    def _load_pending_chart(self):
        """Demo data that posts invoices (fees, bills, top-ups) needs journals. On a fresh
        database the chart of accounts that installing `account` chose is loaded only once
        every module is loaded, by account's registry hook on ``ir.module.module``; run that
        hook now, as the end of loading would (it does nothing when no chart is pending, or
        without `account`)."""
        self.env["ir.module.module"]._register_hook()
        return True

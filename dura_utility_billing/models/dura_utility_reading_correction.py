from odoo import api, fields, models
from odoo.exceptions import UserError


# one file per concern of the reading, on purpose (see dura_utility_reading.py)
class DuraUtilityReading(models.Model):
    """A reading correction records the corrected index as a reading of its own (kind
    'correction'), dated as the reading it corrects: the billed reading stays as it was read,
    and the next period's reading continues from the corrected index (the latest one)."""

    _inherit = "dura.utility.reading"  # pylint: disable=consider-merging-classes-inherited

    kind = fields.Selection(
        selection_add=[("correction", "Correction")], ondelete={"correction": "cascade"}
    )
    # the corrections of bills billed on this reading
    dura_correction_ids = fields.One2many(
        "dura.utility.bill.correction", "original_reading_id", string="Bill Corrections"
    )

    # ------------------------------------------------------------
    # CRUD methods
    # ------------------------------------------------------------

    def write(self, vals):
        locked = {"subscription_id", "value", "kind", "date", "period", "meter_number"}
        if locked & set(vals) and self._dura_corrected():
            raise UserError(self.env._("A reading whose bill was corrected cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_corrected(self):
        if self._dura_corrected():
            raise UserError(self.env._("A reading whose bill was corrected cannot be deleted."))

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _dura_corrected(self):
        """The readings of self a bill was billed on before its correction replaced it: they
        are no longer the bill's reading, and stay as the audit trail."""
        # sudo: the lock holds whoever writes, whatever they may read
        return self.sudo().filtered(
            lambda r: r.dura_correction_ids.filtered(lambda c: c.state == "approved")
        )

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# A clearance says the citizen owed nothing on the day it was issued. Utility bills come every
# month: after about one billing period a new bill may be unpaid and the clearance no longer
# true, so the municipality's own services accept it for thirty days (the demo wording prints
# the same), not the three months a certificate of residence could last.
DEFAULT_CLEARANCE_VALIDITY_DAYS = 30


# a same-model file by concern: the utility effects are in dura_service_type.py
class DuraServiceType(models.Model):
    """The no-arrears clearance (براءة ذمة): a certificate issued only to a citizen who owes
    nothing on any utility subscription, accepted by the services that ask for it."""

    _inherit = "dura.service.type"  # pylint: disable=consider-merging-classes-inherited

    dura_clearance = fields.Boolean(
        string="No-Arrears Clearance",
        help="Submitting a request of this service (and completing it) checks the citizen's "
        "utility ledger: the certificate is issued only when nothing is owed on any of the "
        "citizen's subscriptions.",
    )
    dura_clearance_document_type_id = fields.Many2one(
        "dura.service.document.type",
        string="Accepted as Document",
        help="The paper document the issued clearance replaces: a request of another service "
        "that requires it is given the citizen's valid clearance automatically.",
    )
    dura_clearance_validity_days = fields.Integer(
        string="Clearance Validity (days)",
        default=DEFAULT_CLEARANCE_VALIDITY_DAYS,
        help="Days after its issue during which the clearance is accepted by other services.",
    )

    _sql_constraints = (
        (
            "dura_clearance_validity_positive",
            "CHECK(dura_clearance_validity_days >= 0)",
            "The validity of a clearance cannot be negative.",
        ),
    )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("dura_clearance", "completion_effect")
    def _check_dura_clearance(self):
        for service in self:
            if service.dura_clearance and service.completion_effect != "certificate":
                raise ValidationError(
                    self.env._(
                        "Service %(service)s is a no-arrears clearance: on completion it must "
                        "issue a certificate.",
                        service=service.display_name,
                    )
                )

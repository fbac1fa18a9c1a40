from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import national_id
from .dura_service_request import STAFF_GROUPS


class ResPartner(models.Model):
    _inherit = "res.partner"

    dura_national_id = fields.Char(
        string="National ID",
        groups=STAFF_GROUPS,
        copy=False,
        index="btree_not_null",
        help="Palestinian ID card number: 9 digits, the last one a check digit.",
    )
    dura_request_ids = fields.One2many(
        "dura.service.request", "partner_id", string="Service Requests"
    )
    dura_request_count = fields.Integer(
        compute="_compute_dura_request_count", string="Requests", groups=STAFF_GROUPS
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    def _compute_dura_request_count(self):
        groups = self.env["dura.service.request"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.dura_request_count = counts.get(partner.id, 0)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("dura_national_id")
    def _check_dura_national_id(self):
        for partner in self:
            if partner.dura_national_id and not national_id.is_valid(partner.dura_national_id):
                raise ValidationError(
                    self.env._(
                        "%(number)s is not a valid national ID: it has 9 digits, the last one "
                        "a check digit.",
                        number=partner.dura_national_id,
                    )
                )

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("dura_national_id"):
                vals["dura_national_id"] = national_id.compact(vals["dura_national_id"])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("dura_national_id"):
            vals["dura_national_id"] = national_id.compact(vals["dura_national_id"])
        return super().write(vals)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_dura_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dura_municipal_requests.action_dura_service_request"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

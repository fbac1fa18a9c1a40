from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

from odoo.addons.dura_sms_gateway.tools.phone_numbers import PS_MOBILE, check_number

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

    # The check in Python below names the holder; this one holds when two counters save the same
    # number at the same instant (neither sees the other's uncommitted contact). NULLs never clash,
    # and create/write store an empty number as NULL.
    _sql_constraints = (
        (
            "dura_national_id_uniq",
            "unique(dura_national_id)",
            "This national ID already belongs to another contact: choose that contact instead of "
            "creating a new one.",
        ),
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

    @api.onchange("dura_national_id")
    def _onchange_dura_national_id(self):
        """Warn while typing, before the save is refused: the citizen is already registered."""
        return self._dura_national_id_warning(self.dura_national_id)

    def _dura_national_id_warning(self, number):
        """The onchange warning naming the other contact holding `number`, or None."""
        number = national_id.compact(number)
        if not number or not national_id.is_valid(number):
            return None
        holder = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [("dura_national_id", "=", number), ("id", "not in", self._origin.ids)], limit=1
            )
        )
        if not holder:
            return None
        return {
            "warning": {
                "title": self.env._("Citizen already registered"),
                "message": self.env._(
                    "The national ID %(number)s belongs to %(contact)s. Close this form and "
                    "choose that contact in the Citizen field (typing the ID finds them).",
                    number=number,
                    contact=holder.display_name,
                ),
            }
        }

    # ------------------------------------------------------------
    # SEARCH
    # ------------------------------------------------------------

    @api.model
    def _search_display_name(self, operator, value):
        """Also find a citizen by national ID or mobile, however they are written: typed in
        the Citizen field of a request (or any contact field), ``401234562``, ``٤٠١٢٣٤٥٦٢``,
        ``0599 123 456``, ``+972599123456`` or ``٠٥٩٩١٢٣٤٥٦`` find the same person."""
        domain = super()._search_display_name(operator, value)
        if operator in ("ilike", "=ilike", "like", "=like", "=") and isinstance(value, str):
            identity = self._dura_identity_domain(value)
            if identity:
                domain = expression.OR([domain, identity])
        return domain

    @api.model
    def _dura_identity_domain(self, value):
        """Domain of the contacts whose national ID or mobile/phone is `value`, or []."""
        text = national_id.ascii_digits(value).strip()
        digits = "".join(ch for ch in text if ch.isdigit())
        if len(digits) < 7 or any(ch.isalpha() for ch in text):
            return []
        domains = []
        number = national_id.compact(text)
        if national_id.is_valid(number) and self.env.user.has_groups(STAFF_GROUPS):
            holders = (
                self.sudo()
                .with_context(active_test=False)
                ._search([("dura_national_id", "=", number)])
            )
            domains.append([("id", "in", holders)])
        check = check_number(text)
        if check.e164:
            national = check.e164[4:]
            if check.e164[:4] in ("+970", "+972") and PS_MOBILE.match(national):
                # the 9 significant digits: stored as 059…, +970 59…, 00972 59… alike
                domains.append([("phone_mobile_search", "ilike", national)])
            else:
                domains.append([("phone_mobile_search", "=", check.e164)])
        return expression.OR(domains) if domains else []

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "dura_national_id" in vals:
                vals["dura_national_id"] = national_id.compact(vals["dura_national_id"]) or False
        self.browse()._dura_refuse_held_national_ids(
            [(vals.get("dura_national_id"), vals.get("name")) for vals in vals_list]
        )
        return super().create(vals_list)

    def write(self, vals):
        if "dura_national_id" in vals:
            vals["dura_national_id"] = national_id.compact(vals["dura_national_id"]) or False
            self._dura_refuse_held_national_ids(
                [(vals["dura_national_id"], partner.display_name) for partner in self]
            )
        return super().write(vals)

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _dura_refuse_held_national_ids(self, claims):
        """One national ID, one person: a second contact holding it would split the citizen's
        requests, bills and SMS between two records, so the counter is sent to the existing one.

        `claims` are the (number, name) pairs about to be stored on `self` (nothing on create),
        in batch order: within a batch (an import) the first claim of a number holds it. This
        runs before the database's unique constraint, which then only settles two counters
        saving at the same instant, so that the message names the holder."""
        claims = [(number, name) for number, name in claims if number]
        if not claims:
            return
        holders = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch(
                [
                    ("dura_national_id", "in", [number for number, _name in claims]),
                    ("id", "not in", self.ids),
                ],
                ["dura_national_id", "display_name", "active"],
                order="id",
            )
        )
        held = {}
        for holder in holders:
            held.setdefault(holder.dura_national_id, (holder.display_name, holder.active))
        for number, name in claims:
            if number in held:
                contact, active = held[number]
                raise ValidationError(
                    self.env._(
                        "The national ID %(number)s already belongs to %(contact)s%(archived)s. "
                        "Choose that contact (type the ID in the Citizen field) instead of "
                        "creating a new one; if they are the same person, merge the two "
                        "contacts.",
                        number=number,
                        contact=contact,
                        archived="" if active else self.env._(" (archived)"),
                    )
                )
            held[number] = (name or "", True)

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

import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError

from .dura_service_request import OPEN_STATES

PHOTO_MIMETYPES = ("image/jpeg", "image/png", "image/webp", "image/heic")
# a complaint about the same thing in the same quarter within this many days is a possible
# duplicate of an open one
DUPLICATE_WINDOW = datetime.timedelta(days=30)


# one file per concern of the request, on purpose (see dura_service_request.py)
class DuraServiceRequest(models.Model):
    """Complaints: where (quarter, landmark, a map point), what (a category that routes to
    its department), photos; possible duplicates shown at the counter, and duplicates merged
    into one file whose outcome every complainant is texted."""

    _inherit = "dura.service.request"  # pylint: disable=consider-merging-classes-inherited

    is_complaint = fields.Boolean(related="service_type_id.is_complaint")
    complaint_category_id = fields.Many2one(
        "dura.complaint.category",
        string="Complaint About",
        tracking=True,
        check_company=True,
        index="btree_not_null",
    )
    location_quarter = fields.Char(
        string="Complaint Quarter", tracking=True, index="btree_not_null"
    )
    location_landmark = fields.Char(
        string="Landmark", help="Near what: a school, a mosque, a shop, a street name."
    )
    location_latitude = fields.Float(string="Map Latitude", digits=(10, 7))
    location_longitude = fields.Float(string="Map Longitude", digits=(10, 7))
    photo_ids = fields.Many2many(
        "ir.attachment",
        "dura_service_request_photo_rel",
        "request_id",
        "attachment_id",
        string="Photos",
        help="Photos of the problem, taken by the citizen or at the site.",
    )
    duplicate_ids = fields.Many2many(
        "dura.service.request",
        compute="_compute_duplicate_ids",
        help="Open complaints of the same category in the same quarter, of the last 30 days.",
    )
    merged_into_id = fields.Many2one(
        "dura.service.request",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="This complaint follows that one: its citizen is texted that file's outcome.",
    )
    merged_ids = fields.One2many(
        "dura.service.request", "merged_into_id", string="Merged Complaints"
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("service_type_id", "complaint_category_id")
    def _compute_department_id(self):
        result = super()._compute_department_id()
        for request in self:
            category = request.complaint_category_id
            if category and (request.state == "draft" or not request.department_id):
                request.department_id = category.department_id
        return result

    @api.depends("complaint_category_id", "location_quarter", "state")
    def _compute_duplicate_ids(self):
        """One search per complaint shown (a form, a handful of rows): never on large sets."""
        since = fields.Datetime.now() - DUPLICATE_WINDOW
        for request in self:
            quarter = (request.location_quarter or "").strip()
            if not (request.complaint_category_id and quarter) or request.merged_into_id:
                request.duplicate_ids = False
                continue
            request.duplicate_ids = self.search(
                [
                    ("id", "!=", request._origin.id or 0),
                    ("company_id", "=", request.company_id.id),
                    ("complaint_category_id", "=", request.complaint_category_id.id),
                    ("location_quarter", "=ilike", quarter),
                    ("state", "in", OPEN_STATES),
                    ("merged_into_id", "=", False),
                    ("create_date", ">=", since),
                ],
                limit=10,
            )

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        requests.filtered("photo_ids")._bind_photos()
        return requests

    def write(self, vals):
        """Photos belong to their request; a merged complaint follows its file: done or
        rejected with it (each citizen gets that step's SMS from the automations)."""
        result = super().write(vals)
        if "photo_ids" in vals:
            self._bind_photos()
        if vals.get("state") in ("done", "rejected") and self.merged_ids:
            self._merged_follow(vals["state"])
        return result

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_merge_duplicates(self):
        """Merge the open possible duplicates into this complaint (the department's officer
        decides): each merged complainant is texted that their complaint joins this file,
        and later its outcome."""
        self.ensure_one()
        self._check_department_officer()
        if not self.is_complaint or self.state not in OPEN_STATES or self.merged_into_id:
            raise UserError(
                self.env._(
                    "Only an open complaint that is not itself merged can take others in "
                    "(%(number)s).",
                    number=self.name,
                )
            )
        duplicates = self.duplicate_ids
        if not duplicates:
            raise UserError(
                self.env._("Complaint %(number)s has no open duplicate.", number=self.name)
            )
        duplicates._merge_into(self)
        return True

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _dura_routed_department(self):
        if self.complaint_category_id:
            return self.complaint_category_id.department_id
        return super()._dura_routed_department()

    def _merge_into(self, master):
        """Merge these complaints into `master`: their work goes to the master's file (their
        to-dos are closed), the SLA clock and escalation skip them, and their citizens are
        texted. Rules in the model: complaints, same category, open, not merged already."""
        invalid = self.filtered(
            lambda r: r == master
            or not r.is_complaint
            or r.state not in OPEN_STATES
            or r.merged_into_id
            or r.merged_ids
            or r.complaint_category_id != master.complaint_category_id
        )
        if invalid:
            raise UserError(
                self.env._(
                    "Complaint %(number)s cannot be merged into %(master)s: only open "
                    "complaints of the same category, not merged already.",
                    number=invalid[0].name,
                    master=master.name,
                )
            )
        self.write({"merged_into_id": master.id})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        for request in self:
            request.message_post(
                body=self.env._("Merged into complaint %(master)s.", master=master.name),
                subtype_xmlid="mail.mt_note",
            )
        master.message_post(
            body=self.env._(
                "Complaints merged into this one: %(numbers)s.",
                numbers=", ".join(self.mapped("name")),
            ),
            subtype_xmlid="mail.mt_note",
        )
        template = self.env.ref(
            "dura_municipal_requests.sms_template_complaint_merged", raise_if_not_found=False
        )
        if template:
            # the department decided the merge; texting its citizens is the system's work
            # (as the step SMS of the automations), whatever the officer may read
            self.sudo()._dura_queue_sms(template, post=True, skip_unsendable=True)

    def _merged_follow(self, state):
        """The merged complaints of these files take their outcome."""
        for master in self.filtered(lambda r: r.state == state):
            followers = master.merged_ids.filtered(lambda r: r.state in OPEN_STATES)
            if not followers:
                continue
            vals = {"state": state}
            if state == "done":
                vals["date_done"] = master.date_done or fields.Datetime.now()
            else:
                vals["rejection_reason"] = master.rejection_reason
            followers.sudo().write(vals)

    def _bind_photos(self):
        """Photos uploaded on a complaint not saved yet belong to nobody (``res_id`` 0, only
        their uploader reads them): bind them to their request; only images are photos."""
        for request in self.sudo():
            photos = request.photo_ids
            wrong = photos.filtered(lambda a: a.mimetype not in PHOTO_MIMETYPES)
            if wrong:
                raise UserError(
                    self.env._(
                        "%(name)s is not a photo (JPEG, PNG, WebP or HEIC).", name=wrong[0].name
                    )
                )
            orphans = photos.filtered(lambda a: not a.res_id or a.res_model != self._name)
            if orphans:
                orphans.write({"res_model": self._name, "res_id": request.id})

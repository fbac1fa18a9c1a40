import base64
import re
from html import unescape

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import file_open
from odoo.tools.translate import code_translations, get_translation

from odoo.addons.dura_municipality.tools.timezone import DEFAULT_TZ as DURA_TZ

# The municipality's identity, applied by "Set up as Dura Municipality" on the company form (and
# by the demo data). The company name is not translatable in Odoo: the official Arabic name is the
# company name, the English one is `dura_name_en` (dura_municipality), printed under it on the
# letterhead.
DURA_IDENTITY = {
    "name": "بلدية دورا",
    "dura_name_en": "Dura Municipality",
    "street": "مبنى البلدية، الشارع الرئيسي",
    "city": "دورا - محافظة الخليل",
    "phone": "+970 2 228 0000",
    "email": "info@dura-mun.ps",
    "website": "https://www.dura-mun.ps",
}
DURA_LOGO = "dura_municipal_requests/static/img/dura_emblem.png"
PARAGRAPH = re.compile(r"<p>([^<>]+)</p>")


class ResCompany(models.Model):
    _inherit = "res.company"

    dura_sms_status_number = fields.Char(
        string="SMS Number for Status Queries",
        help="The number citizens send a tracking number to by SMS to learn the state of their "
        "request; printed on the request receipt. Empty = the company's mobile or phone.",
    )

    def action_dura_apply_municipality_identity(self):
        """Give the company Dura municipality's identity: Arabic and English name, emblem,
        address in Dura (Hebron governorate), +970 phone, Palestine as country and fiscal
        country, Asia/Hebron, the shekel (ILS) as company currency, and the municipality's
        working week (Sunday to Thursday) as working calendar.

        Meant for a database created without demo data, before the first journal item: Odoo
        refuses to change the company currency afterwards, and so does this action (nothing
        is changed then)."""
        ils = self.env.ref("base.ILS")
        palestine = self.env.ref("base.ps")
        with file_open(DURA_LOGO, "rb") as image:
            logo = base64.b64encode(image.read())
        for company in self:
            if company.currency_id != ils and company.root_id._existing_accounting():
                raise UserError(
                    self.env._(
                        "%(company)s already has journal items in %(currency)s: Odoo cannot "
                        "change its currency to the shekel (ILS) any more. Set the currency "
                        "before the first invoice or payment, or use a new database.",
                        company=company.name,
                        currency=company.currency_id.name,
                    )
                )
        if not ils.active:
            ils.active = True
        arabic = self.env["res.lang"]._lang_get("ar_001")
        self.write(
            dict(
                DURA_IDENTITY,
                logo=logo,
                street2=False,
                zip=False,
                state_id=False,
                country_id=palestine.id,
                account_fiscal_country_id=palestine.id,
                currency_id=ils.id,
            )
        )
        partner_vals = {"tz": DURA_TZ}
        if arabic and arabic.active:
            partner_vals["lang"] = arabic.code
        self.partner_id.write(partner_vals)
        # the municipality works Sunday to Thursday: its SLA deadlines count those days only
        calendar = self.env.ref(
            "dura_municipal_requests.resource_calendar_dura", raise_if_not_found=False
        )
        if calendar:
            self.resource_calendar_id = calendar
        self.resource_calendar_id.filtered(lambda c: c.tz != DURA_TZ).write({"tz": DURA_TZ})
        return True

    @api.model
    def _dura_demo_arabic_chatter(self, lang="ar_001"):
        """Demo data only. The demo is loaded in English (the loader has no language), and
        Odoo stores chatter texts as written: "Service Request created", the old and new
        values of tracked fields ("Draft → Filed", "Manual Payment"), activity titles. The
        municipality works in Arabic: rewrite those of the demo records in `lang`."""
        if not self.env["res.lang"]._lang_get(lang):
            return False
        arabic = self.with_context(lang=lang).env
        english = self.with_context(lang="en_US").env
        # tracking values are written at commit time: write the pending ones now
        self.env.flush_all()
        self.env.cr.precommit.run()
        self._dura_demo_arabic_creation_notes(english, arabic)
        self._dura_demo_arabic_notes(lang)
        self._dura_demo_arabic_trackings(english, arabic)
        self._dura_demo_arabic_activities(english, lang)
        return True

    @api.model
    def _dura_demo_arabic_creation_notes(self, english, arabic):
        """ "<model> created" notes: one write per model."""
        Message = self.env["mail.message"].sudo()
        IrModel = self.env["ir.model"].sudo()
        for (model,) in Message._read_group(
            [("model", "!=", False), ("body", "=like", "<p>% created</p>")], ["model"]
        ):
            if model not in self.env:
                continue
            ir_model = IrModel._get(model)
            # mail's own text (mail_thread._creation_message), from mail's translations
            before = Markup("<p>%s</p>") % get_translation(
                "mail", "en_US", "%s created", (ir_model.with_env(english).name,)
            )
            after = Markup("<p>%s</p>") % get_translation(
                "mail", arabic.lang, "%s created", (ir_model.with_env(arabic).name,)
            )
            if before != after:
                Message.search([("model", "=", model), ("body", "=", before)]).write(
                    {"body": after}
                )

    @api.model
    def _dura_demo_arabic_notes(self, lang):
        """Notes whose paragraph is one fixed text of Odoo or of our modules ("Invoice
        Created", "Certificate issued."): that text's translation."""
        translations = {}
        for module in self._dura_demo_text_modules():
            translations.update(code_translations.get_python_translations(module, lang))
        Message = self.env["mail.message"].sudo()
        messages = Message.search([("model", "!=", False), ("body", "like", "</p>")])

        def translate(match):
            text = match.group(1)
            return f"<p>{escape(translations.get(str(unescape(text)), unescape(text)))}</p>"

        by_body = {}
        for message in messages:
            body = str(message.body)
            new_body = PARAGRAPH.sub(translate, body)
            if new_body != body:
                by_body.setdefault((body, new_body), Message)
                by_body[body, new_body] |= message
        for (_body, new_body), group in by_body.items():
            group.write({"body": Markup(new_body)})

    @api.model
    def _dura_demo_text_modules(self):
        """The modules whose fixed chatter texts the demo's notes are translated from (modules
        that write more of them into the demo add theirs)."""
        return ("mail", "account", "dura_sms_gateway", "dura_municipal_requests")

    @api.model
    def _dura_demo_arabic_trackings(self, english, arabic):
        """Tracked selections and many-to-ones: their labels again, in Arabic."""
        Tracking = self.env["mail.tracking.value"].sudo()
        trackings = Tracking.search(
            [
                ("field_id.ttype", "in", ("selection", "many2one")),
                ("mail_message_id.model", "!=", False),
            ]
        )
        by_field = {}
        for tracking in trackings:
            by_field[tracking.field_id] = by_field.get(tracking.field_id, Tracking) | tracking
        for field_rec, field_trackings in by_field.items():
            field = (
                self.env[field_rec.model]._fields.get(field_rec.name)
                if (field_rec.model in self.env)
                else None
            )
            renames = []  # (integer column or None, id, char column, english, arabic)
            if field and field.type == "selection":
                labels_en = dict(field._description_selection(english))
                labels_ar = dict(field._description_selection(arabic))
                renames = [
                    (None, None, f"{side}_value_char", labels_en[key], labels_ar[key])
                    for side in ("old", "new")
                    for key in labels_en
                    if key in labels_ar and labels_en[key] != labels_ar[key]
                ]
            elif field and field.type == "many2one" and field.comodel_name in self.env:
                Comodel = self.env[field.comodel_name].sudo().with_context(active_test=False)
                for side in ("old", "new"):
                    ids = set(field_trackings.mapped(f"{side}_value_integer")) - {0}
                    for record in Comodel.browse(ids).exists():
                        name_en = record.with_env(english).display_name
                        name_ar = record.with_env(arabic).display_name
                        if name_en != name_ar:
                            renames.append(
                                (
                                    f"{side}_value_integer",
                                    record.id,
                                    f"{side}_value_char",
                                    name_en,
                                    name_ar,
                                )
                            )
            for integer, record_id, char, name_en, name_ar in renames:
                field_trackings.filtered(
                    lambda t, i=integer, r=record_id, c=char, n=name_en: t[c] == n
                    and (not i or t[i] == r)
                ).write({char: name_ar})

    @api.model
    def _dura_demo_arabic_activities(self, english, lang):
        """The requests' activity titles, in the assignee's language."""
        Request = self.env["dura.service.request"].sudo()
        activities = self.env["mail.activity"].sudo().search([("res_model", "=", Request._name)])
        by_id = {r.id: r for r in Request.browse(activities.mapped("res_id")).exists()}
        for activity in activities:
            request = by_id.get(activity.res_id)
            if not request:
                continue
            service = request.service_type_id
            user_env = self.with_context(lang=activity.user_id.lang or lang).env
            # written in English, or in Arabic before the service names' Arabic was loaded
            titles = {
                title_env._("Process %(service)s", service=service.with_env(english).name)
                for title_env in (english, user_env)
            }
            if activity.summary in titles:
                activity.summary = user_env._(
                    "Process %(service)s", service=service.with_env(user_env).name
                )

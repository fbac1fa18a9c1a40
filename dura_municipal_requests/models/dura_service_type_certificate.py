from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools import certificate_wording

# Who may change what a certificate says: its wording is the municipality's official text and its
# placeholders read the citizen's data (national ID included), like Odoo's restriction of dynamic
# mail templates to their editors.
WORDING_EDITOR_GROUP = "base.group_system"


# one file per concern of the service, on purpose (see dura_service_request.py)
class DuraServiceType(models.Model):
    """What the certificate of a certificate-issuing service says."""

    _inherit = "dura.service.type"  # pylint: disable=consider-merging-classes-inherited

    certificate_wording = fields.Html(
        translate=True,
        # as mail templates' bodies: keeps the placeholders' t-out attributes, drops scripts
        sanitize="email_outgoing",
        help="What the certificate certifies, printed in the citizen's language (switch the "
        "language to write the other one). Empty = the general wording (the request was "
        "examined and completed). Placeholders print the request's values.",
    )
    certificate_placeholder_help = fields.Html(
        string="Placeholders",
        compute="_compute_certificate_placeholder_help",
        sanitize=False,
    )
    certificate_render_model = fields.Char(
        compute="_compute_certificate_placeholder_help",
        help="The model of the placeholders (the editor's Dynamic Placeholder command).",
    )
    can_edit_certificate_wording = fields.Boolean(compute="_compute_can_edit_certificate_wording")

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends_context("lang")
    def _compute_certificate_placeholder_help(self):
        rows = Markup("").join(
            Markup("<li><code>%s</code> %s</li>") % (f"{{{{ {expression} }}}}", label)
            for expression, label in self._certificate_placeholder_labels()
        )
        help_html = Markup("<ul class='mb-0'>%s</ul>") % rows
        for service in self:
            service.certificate_placeholder_help = help_html
            service.certificate_render_model = "dura.service.request"

    @api.depends_context("uid")
    def _compute_can_edit_certificate_wording(self):
        can_edit = self.env.su or self.env.user.has_group(WORDING_EDITOR_GROUP)
        for service in self:
            service.can_edit_certificate_wording = can_edit

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("certificate_wording")
    def _check_certificate_wording(self):
        """Every language's wording prints: a bad placeholder is refused when saving, never
        discovered on a citizen's certificate."""
        # the language being written first, so that the message names it
        current = self.env.lang or "en_US"
        langs = [current] + [
            code for code, _name in self.env["res.lang"].get_installed() if code != current
        ]
        for service in self:
            seen = set()
            for lang in langs:
                wording = service.with_context(lang=lang).certificate_wording
                if wording not in seen:
                    seen.add(wording)
                    service._raise_wording_problems(wording, lang)

    # ------------------------------------------------------------
    # CRUD METHODS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("certificate_wording") for vals in vals_list):
            self._check_certificate_wording_editor()
        for vals in vals_list:
            if vals.get("certificate_wording"):
                vals["certificate_wording"] = certificate_wording.normalize(
                    vals["certificate_wording"]
                )
        return super().create(vals_list)

    def write(self, vals):
        if "certificate_wording" in vals:
            self._check_certificate_wording_editor()
            vals = dict(
                vals, certificate_wording=certificate_wording.normalize(vals["certificate_wording"])
            )
        return super().write(vals)

    def _update_field_translations(self, field_name, translations, digest=None, source_lang=None):
        """The translation dialog writes each language's wording directly: the same editor
        check, shorthand, sanitizing and placeholder check as a write."""
        if field_name != "certificate_wording":
            return super()._update_field_translations(
                field_name, translations, digest=digest, source_lang=source_lang
            )
        self._check_certificate_wording_editor()
        field = self._fields[field_name]
        cleaned = {}
        for lang, value in translations.items():
            if isinstance(value, str):
                value = field.convert_to_cache(certificate_wording.normalize(value), self)
                self._raise_wording_problems(value, lang)
            cleaned[lang] = value
        return super()._update_field_translations(
            field_name, cleaned, digest=digest, source_lang=source_lang
        )

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _check_certificate_wording_editor(self):
        if not self.env.su and not self.env.user.has_group(WORDING_EDITOR_GROUP):
            raise AccessError(
                self.env._(
                    "Only the administrators (%(group)s) can change what a certificate says.",
                    group=self.env.ref(WORDING_EDITOR_GROUP).full_name,
                )
            )

    def _certificate_placeholder_labels(self):
        """``(expression, label)`` of each placeholder a certificate can print, the label in
        the user's language (the field's name)."""
        requests = self.env["dura.service.request"]
        labels = []
        for expression in requests._certificate_placeholders():
            model, label = requests, ""
            for name in expression.split(".")[1:]:
                field = model._fields[name]
                label = (
                    f"{label} / {field._description_string(self.env)}"
                    if label
                    else field._description_string(self.env)
                )
                model = self.env[field.comodel_name] if field.relational else model
            labels.append((expression, label))
        return labels

    def _raise_wording_problems(self, wording, lang):
        self.ensure_one()
        allowed = self.env["dura.service.request"]._certificate_placeholders()
        found = certificate_wording.problems(wording, allowed)
        if not found:
            return
        kind, detail = found[0]
        messages = {
            certificate_wording.UNKNOWN: self.env._(
                "%(placeholder)s is not one of the placeholders a certificate can print.",
                placeholder=detail,
            ),
            certificate_wording.DIRECTIVE: self.env._(
                "%(directive)s is not allowed: a certificate's wording is text with "
                'placeholders <t t-out="object..."/> only.',
                directive=detail,
            ),
            certificate_wording.NOT_ALONE: self.env._(
                'The placeholder %(placeholder)s must be an element <t t-out="..."/> of its own '
                "(with at most a default text inside).",
                placeholder=detail,
            ),
            certificate_wording.SHORTHAND_LEFT: self.env._(
                "%(text)s is not a placeholder: write {{ object.partner_id.name }} with one "
                "of the placeholders below.",
                text=detail,
            ),
            certificate_wording.MALFORMED: self.env._(
                "The text cannot be read as HTML (%(error)s).", error=detail
            ),
        }
        language = dict(self.env["res.lang"].get_installed()).get(lang, lang)
        raise ValidationError(
            self.env._(
                "The certificate wording of %(service)s (%(language)s) cannot be saved: "
                "%(problem)s\nThe placeholders a certificate can print: %(placeholders)s",
                service=self.display_name,
                language=language,
                problem=messages[kind],
                placeholders=", ".join(
                    f"{expression} ({label})"
                    for expression, label in self._certificate_placeholder_labels()
                ),
            )
        )

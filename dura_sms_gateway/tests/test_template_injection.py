"""Code in SMS text from users who are not template editors: refused, or sent as plain text."""

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DuraSmsCase

# Each would change the citizen's name (or leak a secret) if it were evaluated.
CODE = (
    "{{ object.sudo().write({'name': 'PWNED'}) }}",
    "{{ object.env['res.users'].sudo().search([]).write({'signature': 'PWNED'}) }}",
    "Dear {{ object.name }}, {{ object.env.ref('base.partner_root').sudo().write("
    "{'name': 'PWNED'}) }}",
    "{{ user.sudo().password }}",
)
# Not code in an inline template: these must reach the SMS as typed.
INERT = (
    "<t t-esc=\"object.sudo().write({'name': 'PWNED'})\"/>",
    "${object.sudo().write({'name': 'PWNED'})}",
    '<t t-out="user.sudo().password"/> ${user.password}',
)


@tagged("post_install", "-at_install")
class TestTemplateInjection(DuraSmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ar_001")
        cls.env["ir.module.module"]._load_module_terms(["dura_sms_gateway"], ["ar_001"])
        groups = [
            "dura_sms_gateway.group_sms_user",
            "dura_sms_gateway.group_sms_approver",
            "dura_sms_gateway.group_sms_admin",
        ]
        # the front desk, when the requests module is installed too (as in `make test`)
        if cls.env.ref("dura_municipal_requests.group_service_center_officer", False):
            groups.append("dura_municipal_requests.group_service_center_officer")
        cls.staff = [
            new_test_user(cls.env, login=f"inject_{index}", name=group, groups=group)
            for index, group in enumerate(groups)
        ]
        cls.partner_model = cls.env["ir.model"]._get_id("res.partner")
        cls.template = cls.env["sms.template"].create(
            {
                "name": "Greeting",
                "model_id": cls.partner_model,
                "body": "Hello {{ object.name }}",
            }
        )
        cls.template.action_dura_approve()

    def setUp(self):
        super().setUp()
        self.server = self.start_server()
        self.make_provider(self.server)

    def _unchanged(self):
        self.partner_ar.invalidate_recordset()
        self.assertEqual(self.partner_ar.name, "محمد أحمد")
        self.assertEqual(self.env.ref("base.partner_root").name, "OdooBot")
        self.assertFalse(self.env["res.users"].search_count([("signature", "ilike", "PWNED")]))

    def _composer(self, user, body, mode="mass", template=None):
        values = {"composition_mode": mode, "body": body, "res_model": "res.partner"}
        if template:
            values["template_id"] = template.id
        if mode == "mass":
            values.update(res_ids=repr(self.partner_ar.ids), mass_keep_log=False)
        else:
            values["res_id"] = self.partner_ar.id
        return self.env["sms.composer"].with_user(user).create(values)

    def test_no_dura_group_edits_templates(self):
        editor = self.env.ref("mail.group_mail_template_editor")
        for user in self.staff:
            with self.subTest(user=user.name):
                self.assertFalse(user.has_group("mail.group_mail_template_editor"))
                self.assertNotIn(editor, user.groups_id)
                self.assertFalse(self.env["sms.template"].with_user(user).has_access("create"))
                self.assertFalse(self.template.with_user(user).has_access("write"))

    def test_staff_cannot_create_or_edit_templates_with_code(self):
        Template = self.env["sms.template"]
        before = Template.search_count([])
        for user in self.staff:
            for body in CODE + INERT:
                with self.subTest(user=user.name, body=body):
                    with self.assertRaises(AccessError):
                        Template.with_user(user).create(
                            {"name": "Hack", "model_id": self.partner_model, "body": body}
                        )
                    with self.assertRaises(AccessError):
                        self.template.with_user(user).write({"body": body})
        self.assertEqual(Template.search_count([]), before)
        self.template.invalidate_recordset()
        self.assertEqual(self.template.body, "Hello {{ object.name }}")
        self.assertEqual(self.template.dura_approval_state, "approved")
        self._unchanged()

    def test_render_mixin_guards_even_with_template_rights(self):
        """Were a dura group ever given write access on templates, Odoo's own guard
        (mail.render.mixin) still refuses code from a non template-editor."""
        approver = self.staff[1]
        self.env["ir.model.access"].create(
            {
                "name": "test: approvers edit SMS templates",
                "model_id": self.env["ir.model"]._get_id("sms.template"),
                "group_id": self.env.ref("dura_sms_gateway.group_sms_approver").id,
                "perm_read": True,
                "perm_write": True,
                "perm_create": True,
            }
        )
        Template = self.env["sms.template"].with_user(approver)
        for body in CODE:
            with self.subTest(body=body):
                # assertRaises (not assertRaisesRegex) rolls the refused write back
                with self.assertRaises(AccessError) as created:
                    Template.create({"name": "Hack", "model_id": self.partner_model, "body": body})
                with self.assertRaises(AccessError) as written:
                    self.template.with_user(approver).write({"body": body})
                for caught in (created, written):
                    self.assertIn("Mail Template Editor", str(caught.exception))
        self.assertEqual(self.template.body, "Hello {{ object.name }}")
        # plain placeholders stay allowed; the edit needs approving again
        self.template.with_user(approver).write({"body": "Hi {{ object.name }}"})
        self.assertEqual(self.template.dura_approval_state, "draft")
        self._unchanged()

    def test_composer_free_body_with_code_is_refused(self):
        sms_before = self.env["sms.sms"].search_count([])
        messages_before = self.env["mail.message"].search_count([])
        senders = [user for user in self.staff if user.has_group("dura_sms_gateway.group_sms_user")]
        self.assertEqual(len(senders), 3)
        for user in senders:
            for mode in ("mass", "comment"):
                for body in CODE:
                    with self.subTest(user=user.name, mode=mode, body=body):
                        composer = self._composer(user, body, mode)
                        with self.assertRaises(AccessError) as caught:
                            composer.action_send_sms()
                        # refused by the render guard, not by some other right
                        self.assertIn("Mail Template Editor", str(caught.exception))
        self.assertEqual(self.env["sms.sms"].search_count([]), sms_before)
        self.assertEqual(self.env["mail.message"].search_count([]), messages_before)
        self._unchanged()

    def _sent(self, composer):
        last = self.env["sms.sms"].search([], order="id desc", limit=1).id or 0
        composer.action_send_sms()
        return self.env["sms.sms"].search([("id", ">", last)])

    def test_composer_inert_text_sent_as_typed(self):
        # posting on a contact's chatter (comment mode) takes the right to edit contacts
        user = new_test_user(
            self.env,
            login="inject_desk",
            groups="dura_sms_gateway.group_sms_user,base.group_partner_manager",
        )
        for body in INERT:
            for mode in ("mass", "comment"):
                with self.subTest(body=body, mode=mode):
                    sms = self._sent(self._composer(user, body, mode))
                    self.assertEqual(sms.mapped("body"), [body])
        self._unchanged()

    def test_approved_template_renders_only_its_placeholders(self):
        """The stored template (written by an editor) renders; the sender adds nothing to it."""
        sms = self._composer(self.staff[0], self.template.body, template=self.template)
        self.assertEqual(sms.body, self.template.body)
        self.assertEqual(self._sent(sms).body, "Hello محمد أحمد")

    def test_only_sms_users_send_from_the_composer(self):
        """Odoo lets every employee open the composer; our gateway only lets SMS users send."""
        others = [
            new_test_user(self.env, login="inject_employee", groups="base.group_user"),
            *(user for user in self.staff if not user.has_group("dura_sms_gateway.group_sms_user")),
        ]
        body = "Pay 500 NIS to account 123 today"
        sms_before = self.env["sms.sms"].search_count([])
        for user in others:
            for lang, fragment in (("en_US", "Only SMS users"), ("ar_001", "مستخدمي الرسائل")):
                with self.subTest(user=user.name, lang=lang):
                    composer = (
                        self.env["sms.composer"]
                        .with_user(user)
                        .with_context(lang=lang)
                        .create(
                            {"composition_mode": "numbers", "numbers": "0599123456", "body": body}
                        )
                    )
                    with self.assertRaises(AccessError) as caught:
                        composer.action_send_sms()
                    self.assertIn(fragment, str(caught.exception))
        self.assertEqual(self.env["sms.sms"].search_count([]), sms_before)
        sent = self._sent(
            self.env["sms.composer"]
            .with_user(self.staff[0])
            .create({"composition_mode": "numbers", "numbers": "0599123456", "body": body})
        )
        self.assertEqual(sent.mapped("number"), ["+970599123456"])

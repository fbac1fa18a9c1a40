from odoo.tests import Form, new_test_user, tagged

from .common import DuraSmsCase


@tagged("post_install", "-at_install")
class TestProviderForm(DuraSmsCase):
    """CONFIGURE.md followed through the provider form, as a gateway administrator would."""

    def test_configure_json_provider_from_the_form(self):
        admin = new_test_user(
            self.env, "gw_admin", groups="dura_sms_gateway.group_sms_admin,base.group_system"
        )
        server = self.start_server()
        with Form(self.env["dura.sms.provider"].with_user(admin)) as form:
            form.name = "Jawwal bulk"
            form.kind = "http_json"
            form.sender = "DuraMun"
            form.number_format = "intl"
            form.prefixes = "+97059 +97056"
            form.url = server.url
            form.auth_header = "Authorization"
            form.auth_value = "Bearer s3cret"
            form.json_batch_field = "messages"
            form.cost_per_segment = 0.04
        provider = form.record
        self.assertTrue(
            provider.dlr_url.endswith(f"/dura_sms/dlr/{provider.id}/{provider.webhook_token}")
        )
        sms = self.queue_sms(["0599123456"])
        self.dispatch()
        self.assertEqual(sms.state, "pending")
        sent = server.requests[0]
        self.assertEqual(sent["headers"]["Authorization"], "Bearer s3cret")
        self.assertEqual(sent["json"]["messages"][0]["to"], "970599123456")
        self.assertAlmostEqual(self.audit(sms).cost, 0.04)

    def test_credentials_hidden_from_non_admins(self):
        provider = self.make_provider(kind="sandbox", name="Sandbox", password="hunter2")
        approver = new_test_user(
            self.env, "approver2", groups="dura_sms_gateway.group_sms_approver"
        )
        from odoo.exceptions import AccessError

        with self.assertRaises(AccessError):
            provider.with_user(approver).read(["password"])
        gateway_admin = new_test_user(
            self.env, "gw_admin2", groups="dura_sms_gateway.group_sms_admin"
        )
        self.assertEqual(provider.with_user(gateway_admin).read(["name"])[0]["name"], "Sandbox")
        with self.assertRaises(AccessError):
            provider.with_user(gateway_admin).read(["password"])

"""Bad input refused with a clear error, and nothing written: the gateway's half of the table."""

import hmac
import json
import time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import DuraSmsCase


@tagged("post_install", "-at_install")
class TestBadInputModels(DuraSmsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ar_001")
        cls.env["ir.module.module"]._load_module_terms(["dura_sms_gateway"], ["ar_001"])
        cls.user_sms = new_test_user(
            cls.env, login="bad_sms_user", groups="dura_sms_gateway.group_sms_user"
        )
        cls.partner_no_ref = cls.env["res.partner"].create(
            {"name": "Citizen without reference", "mobile": "0599111222"}
        )
        cls.template_empty = cls.env["sms.template"].create(
            {
                "name": "Reference only",
                "model_id": cls.env["ir.model"]._get_id("res.partner"),
                "body": "{{ object.ref or '' }}",
                "dura_kind": "bulk",
            }
        )
        cls.template_empty.action_dura_approve()

    def setUp(self):
        super().setUp()
        self.server = self.start_server()
        self.provider = self.make_provider(self.server, max_segments=2)

    def _composer(self, body=None, template=None, partners=None, user=None):
        partners = partners or self.partner_ar
        return (
            self.env["sms.composer"]
            .with_user(user or self.env.user)
            .with_context(active_model="res.partner", active_ids=partners.ids)
            .create(
                {
                    "composition_mode": "mass",
                    "res_model": "res.partner",
                    "res_ids": repr(partners.ids),
                    "template_id": template.id if template else False,
                    "body": body or template.body,
                    "mass_keep_log": False,
                }
            )
        )

    def _counts(self, models):
        return {model: self.env[model].sudo().search_count([]) for model in models}

    def test_refused_actions_table(self):
        """Each action raises the expected error, in the user's language, and writes nothing."""
        sms_models = ("sms.sms", "dura.sms.message", "dura.sms.batch")
        cases = [
            (
                "body over the segment limit",
                lambda: self._composer(body="ب" * 300).action_send_sms(),
                UserError,
                "segments; the limit is 2",
                sms_models,
            ),
            (
                "placeholder rendering to nothing",
                lambda: self._composer(
                    template=self.template_empty, partners=self.partner_no_ref
                ).action_send_sms(),
                UserError,
                "placeholders rendered no text",
                sms_models,
            ),
            (
                "template not approved",
                lambda: self._composer(
                    template=self.env["sms.template"].create(
                        {
                            "name": "Unapproved",
                            "model_id": self.env["ir.model"]._get_id("res.partner"),
                            "body": "Hello {{ object.name }}",
                        }
                    )
                ).action_send_sms(),
                UserError,
                "has not been approved yet",
                sms_models,
            ),
            (
                "template approved by a plain SMS user",
                lambda: self.template_empty.with_user(self.user_sms).action_dura_approve(),
                UserError,
                "Only SMS approvers can approve templates",
                (),
            ),
            (
                "provider prefix not in E.164",
                lambda: self.make_provider(self.server, name="P1", prefixes="97059"),
                ValidationError,
                "is not an E.164 prefix",
                ("dura.sms.provider",),
            ),
            (
                "HTTP provider without endpoint",
                lambda: self.make_provider(None, name="P2"),
                ValidationError,
                "needs an endpoint URL",
                ("dura.sms.provider",),
            ),
            (
                "negative rate limit",
                lambda: self.make_provider(self.server, name="P3", rate_limit=-1),
                ValidationError,
                "rate limit zero or positive",
                ("dura.sms.provider",),
            ),
            (
                "zero batch size",
                lambda: self.make_provider(self.server, name="P4", batch_size=0),
                ValidationError,
                "batch size and timeout must be positive",
                ("dura.sms.provider",),
            ),
        ]
        for label, action, error, fragment, models in cases:
            with self.subTest(label):
                before = self._counts(models)
                with self.assertRaises(error) as caught:
                    action()
                self.assertIn(fragment, str(caught.exception))
                self.assertEqual(self._counts(models), before, "nothing written")
        self.assertFalse(self.server.requests, "no provider was called")

    def test_refusals_in_arabic(self):
        cases = [
            (
                lambda env: self._composer(body="ب" * 300, user=env.user)
                .with_context(lang="ar_001")
                .action_send_sms(),
                UserError,
                "والحد الأقصى: 2",
            ),
            (
                lambda env: self.template_empty.with_user(self.user_sms)
                .with_context(lang="ar_001")
                .action_dura_approve(),
                UserError,
                "لا يمكن إلا لمعتمِدي الرسائل النصية",
            ),
        ]
        self.user_sms.lang = "ar_001"
        for action, error, fragment in cases:
            with self.subTest(fragment=fragment), self.assertRaises(error) as caught:
                action(self.env(user=self.user_sms))
            self.assertIn(fragment, str(caught.exception))

    def test_numbers_refused_before_any_provider_call(self):
        """Numbers that cannot receive an SMS fail with a reason and never reach a provider."""
        cases = [
            ("letters", "not-a-number", "sms_number_format", "Not a valid mobile number."),
            ("too short", "059912", "sms_number_format", "Not a valid mobile number."),
            ("landline", "02 222 1234", "sms_number_format", "A landline number"),
            ("foreign", "+962 79 123 4567", "sms_number_format", "Foreign numbers"),
            ("missing", "", "sms_number_format", "No mobile number."),
        ]
        for label, number, failure_type, reason in cases:
            with self.subTest(label):
                sms = self.queue_sms([number])
                self.dispatch()
                self.assertEqual((sms.state, sms.failure_type), ("error", failure_type))
                self.assertIn(reason, self.audit(sms).last_error)
        empty = self.queue_sms(["0599123456"], body="   ")
        self.dispatch()
        self.assertEqual(empty.state, "error")
        self.assertIn("Empty message.", self.audit(empty).last_error)
        self.assertFalse(self.server.requests, "no provider was called for any of them")


@tagged("post_install", "-at_install")
class TestBadInputRoutes(HttpCase, DuraSmsCase):
    """Malformed, unknown, forged and replayed callbacks: refused, and no state moves."""

    def setUp(self):
        super().setUp()
        self.server = self.start_server()
        self.provider = self.make_provider(self.server)
        self.sms = self.queue_sms(["0599123456"])
        self.uuid = self.sms.uuid
        self.dispatch()
        self.entry = self.audit(self.sms)
        self.token = self.provider.webhook_token

    def _post(self, path, raw, headers=None):
        return self.url_open(
            path, data=raw, headers={"Content-Type": "application/json", **(headers or {})}
        )

    def _signed(self, body, stamp=None, key=None):
        stamp = str(stamp or int(time.time()))
        digest = hmac.new((key or self.token).encode(), stamp.encode() + b"." + body, "sha256")
        return {"X-Dura-Timestamp": stamp, "X-Dura-Signature": "sha256=" + digest.hexdigest()}

    def _state(self):
        self.entry.invalidate_recordset()
        return (
            self.entry.state,
            len(self.entry.event_ids),
            self.env["dura.sms.inbound"].search_count([]),
            self.env["phone.blacklist"].search_count([]),
        )

    def test_refused_callbacks_table(self):
        dlr = f"/dura_sms/dlr/{self.provider.id}/{self.token}"
        inbound = f"/dura_sms/inbound/{self.provider.id}/{self.token}"
        delivered = json.dumps({"id": self.uuid, "status": "delivered"}).encode()
        stop = json.dumps({"from": "+970599123456", "text": "STOP"}).encode()
        cases = [
            ("DLR malformed JSON", dlr, b"{not json", {}, 400, "malformed JSON"),
            ("DLR JSON array", dlr, b"[1, 2]", {}, 400, "bad report"),
            ("DLR without id", dlr, b'{"status": "delivered"}', {}, 400, "bad report"),
            (
                "DLR unknown uuid",
                dlr,
                b'{"id": "' + b"f" * 32 + b'", "status": "delivered"}',
                {},
                404,
                "unknown message",
            ),
            (
                "DLR wrong token",
                dlr[: -len(self.token)] + "x" * len(self.token),
                delivered,
                {},
                403,
                "forbidden",
            ),
            (
                "DLR unknown provider",
                f"/dura_sms/dlr/999999/{self.token}",
                delivered,
                {},
                403,
                "forbidden",
            ),
            ("inbound malformed JSON", inbound, b'{"from": ', {}, 400, "malformed JSON"),
            ("inbound wrong token", inbound[:-3] + "xyz", stop, {}, 403, "forbidden"),
            ("inbound without sender", inbound, b'{"text": "STOP"}', {}, 400, "bad message"),
        ]
        before = self._state()
        for label, path, raw, headers, status, fragment in cases:
            with self.subTest(label):
                response = self._post(path, raw, headers)
                self.assertEqual(response.status_code, status)
                self.assertIn(fragment, response.text)
                self.assertEqual(self._state(), before, "nothing written")

    def test_signed_reports_forged_or_replayed(self):
        self.provider.dlr_auth = "hmac"
        dlr = f"/dura_sms/dlr/{self.provider.id}/{self.token}"
        body = json.dumps({"id": self.uuid, "status": "delivered"}).encode()
        cases = [
            ("unsigned", {}),
            ("wrong key", self._signed(body, key="not-the-secret")),
            ("signature of another body", self._signed(b'{"id": "x"}')),
            ("replayed after 10 minutes", self._signed(body, stamp=int(time.time()) - 600)),
            ("stamp from the future", self._signed(body, stamp=int(time.time()) + 600)),
            ("stamp not a number", {**self._signed(body), "X-Dura-Timestamp": "now"}),
        ]
        before = self._state()
        for label, headers in cases:
            with self.subTest(label):
                response = self._post(dlr, body, headers)
                self.assertEqual((response.status_code, response.text), (403, "forbidden"))
                self.assertEqual(self._state(), before, "nothing written")
        accepted = self._post(dlr, body, self._signed(body))
        self.assertEqual(accepted.status_code, 200)
        self.assertEqual(self._state()[0], "delivered")

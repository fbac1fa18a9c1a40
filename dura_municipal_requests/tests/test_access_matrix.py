import json
import uuid
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.dura_municipality.tests.common import assert_access_matrix
from odoo.addons.dura_municipality.tools.rate_limit import RateLimiter
from odoo.addons.dura_sms_gateway.controllers import main as sms_routes
from odoo.addons.dura_sms_gateway.tests.common import ScriptedProvider

from .common import DuraRequestCommon

# Who may do what, model by model: the letters of the allowed operations (read, write, create,
# unlink); a group not named is refused everything. Written from the product's roles, not copied
# from the ACL files, so that a change there shows up here as a failure to look at.
MATRIX = {
    "dura.sms.provider": {"sms_admin": "rwcu"},
    "dura.sms.message": {"sms_user": "r", "sms_approver": "r", "sms_admin": "r"},
    "dura.sms.message.event": {"sms_user": "r", "sms_approver": "r", "sms_admin": "r"},
    "dura.sms.batch": {"sms_user": "r", "sms_approver": "rw", "sms_admin": "rw"},
    "dura.sms.inbound": {"sms_user": "r", "sms_approver": "r", "sms_admin": "r"},
    "dura.sms.early.report": {"sms_admin": "r"},
    # the public routes' counters: written through sudo by the routes, read by system admins only
    "dura.rate.limit": {},
    "dura.sms.inbound.simulate": {"sms_admin": "rwcu"},
    # stock SMS models: our groups add nothing to Odoo's rights (templates are read by employees,
    # written by system administrators only; sms.sms is the system's)
    "sms.template": dict.fromkeys(
        (
            "center",
            "officer",
            "director",
            "invoice",
            "acc_manager",
            "sms_user",
            "sms_approver",
            "sms_admin",
        ),
        "r",
    ),
    "sms.sms": {},
    "dura.municipal.department": {"center": "r", "officer": "r", "director": "rwcu"},
    "dura.service.document.type": {"center": "r", "officer": "r", "director": "rwcu"},
    "dura.service.type": {"center": "r", "officer": "r", "director": "rwcu"},
    "dura.complaint.category": {"center": "r", "officer": "r", "director": "rwcu"},
    # unlink of a filed request is refused by the model itself (see test_request_security)
    "dura.service.request": {"center": "rwcu", "officer": "rw", "director": "rwcu"},
    "dura.service.request.document": {"center": "rwcu", "officer": "rwc", "director": "rwcu"},
    "dura.service.request.reason.wizard": {"center": "rwc", "officer": "rwc", "director": "rwc"},
    "dura.service.center.report": {"director": "rwc"},
    # prepared by the council's secretary (tests/test_council.py); read by the counter, which
    # tells citizens when the next session is, and by the departments
    "dura.council.session": {"center": "r", "officer": "r", "director": "r"},
    "dura.council.session.item": {"director": "r"},
    # multi-step services: the director defines the steps; the request's steps are written by
    # its Complete Step button (as superuser, after its checks), the checklist ticked by the
    # step's officers (the model refuses the others, see test_multistep)
    "dura.service.type.step": {"center": "r", "officer": "r", "director": "rwcu"},
    "dura.service.type.step.item": {"center": "r", "officer": "r", "director": "rwcu"},
    "dura.service.request.step": {"center": "r", "officer": "r", "director": "r"},
    "dura.service.request.step.check": {"center": "r", "officer": "rw", "director": "rw"},
}

GROUPS = {
    "center": "dura_municipal_requests.group_service_center_officer",
    "officer": "dura_municipal_requests.group_department_officer",
    "director": "dura_municipal_requests.group_director",
    "invoice": "account.group_account_invoice",
    "acc_manager": "account.group_account_manager",
    "sms_user": "dura_sms_gateway.group_sms_user",
    "sms_approver": "dura_sms_gateway.group_sms_approver",
    "sms_admin": "dura_sms_gateway.group_sms_admin",
    "portal": "base.group_portal",
    "public": "base.group_public",
}

CREDENTIALS = ("url", "username", "password", "api_token", "auth_value", "webhook_token")


@tagged("post_install", "-at_install")
class TestAccessMatrix(DuraRequestCommon):
    """Each role x each model of the suite x read/write/create/unlink, then real operations."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = cls._role_users(GROUPS, "matrix")
        cls.provider = cls.env["dura.sms.provider"].create(
            {
                "name": "Matrix JSON provider",
                "kind": "http_json",
                "url": "http://127.0.0.1:9/send",
                "password": "s3cret-password",
                "api_token": "s3cret-token",
                "active": False,
            }
        )
        Request = cls.env["dura.service.request"]
        service_eng = cls.service_complaint.copy(
            {"code": "T-MATRIX-ENG", "department_id": cls.department_engineering.id}
        )
        cls.request_eng = Request.create(
            {"partner_id": cls.citizen_ar.id, "service_type_id": service_eng.id}
        )
        cls.request_water = Request.create(
            {
                "partner_id": cls.citizen_en.id,
                "service_type_id": cls.service_complaint.id,
                "description": "Leak in the street",
                "document_ids": [Command.create({"document_type_id": cls.doc_id_card.id})],
            }
        )
        (cls.request_eng | cls.request_water).action_submit()

    def test_matrix(self):
        """has_access() per role, model and operation against the table above."""
        self.assertEqual(set(self.users), set(GROUPS))
        suite_models = {
            name
            for name in self.env
            if name.startswith("dura.")
            and not self.env[name]._abstract
            # dura_utility_billing's models have theirs in dura_municipal_requests_utility
            # (with this module's roles), dura_open311's and dura_municipality_dashboard's in
            # those modules
            and self.env[name]._original_module
            not in ("dura_utility_billing", "dura_open311", "dura_municipality_dashboard")
        }
        self.assertFalse(suite_models - set(MATRIX), "a model of the suite has no row")
        for model, allowed in MATRIX.items():
            self.assertFalse(set(allowed) - set(GROUPS), model)
        assert_access_matrix(self, MATRIX, self.users)

    def test_refused_cells_raise_on_real_operations(self):
        """A few refused cells, through the ORM as the user: AccessError, nothing written."""
        users = self.users
        partner_model = self.env["ir.model"]._get_id("res.partner")
        refused = [
            (
                "center deletes a department",
                lambda: self.department_water.with_user(users["center"]).unlink(),
            ),
            (
                "officer creates a service type",
                lambda: self.env["dura.service.type"]
                .with_user(users["officer"])
                .create({"name": "X", "code": "X", "department_id": self.department_water.id}),
            ),
            (
                "officer deletes a request of their department",
                lambda: self.request_eng.with_user(users["officer"]).unlink(),
            ),
            (
                "finance reads a request",
                lambda: self.request_water.with_user(users["invoice"]).read(["name"]),
            ),
            (
                "SMS user reads a provider",
                lambda: self.provider.with_user(users["sms_user"]).read(["name"]),
            ),
            (
                "SMS approver reads a provider",
                lambda: self.provider.with_user(users["sms_approver"]).read(["name"]),
            ),
            (
                "SMS admin creates a template",
                lambda: self.env["sms.template"]
                .with_user(users["sms_admin"])
                .create({"name": "X", "body": "Hello", "model_id": partner_model}),
            ),
            (
                "SMS user reads a request",
                lambda: self.request_water.with_user(users["sms_user"]).read(["name"]),
            ),
            (
                "portal reads a request",
                lambda: self.request_water.with_user(users["portal"]).read(["name"]),
            ),
            (
                "portal lists SMS",
                lambda: self.env["dura.sms.message"].with_user(users["portal"]).search([]),
            ),
            (
                "public reads a service type",
                lambda: self.service_water.with_user(users["public"]).read(["name"]),
            ),
            (
                "public lists requests",
                lambda: self.env["dura.service.request"].with_user(users["public"]).search([]),
            ),
        ]
        counts = {
            model: self.env[model].search_count([])
            for model in ("dura.service.type", "sms.template")
        }
        for label, action in refused:
            with self.subTest(label), self.assertRaises(AccessError):
                action()
        self.assertEqual(counts, {model: self.env[model].search_count([]) for model in counts})
        for record in (self.department_water, self.request_eng):
            self.assertTrue(record.exists())

    def test_allowed_cells_work_on_real_operations(self):
        users = self.users
        department = (
            self.env["dura.municipal.department"]
            .with_user(users["director"])
            .create({"name": "Council", "code": "T-COUNCIL"})
        )
        self.assertEqual(department.create_uid, users["director"])
        request = (
            self.env["dura.service.request"]
            .with_user(users["center"])
            .create(
                {"partner_id": self.citizen_ar.id, "service_type_id": self.service_complaint.id}
            )
        )
        self.assertEqual(request.state, "draft")
        self.provider.with_user(users["sms_admin"]).write({"sender": "DURA"})
        self.assertEqual(self.provider.sender, "DURA")
        self.request_eng.with_user(users["officer"]).write({"description": "Checked on site"})
        self.assertEqual(self.request_eng.description, "Checked on site")

    def test_department_isolation(self):
        engineer = self.user_engineer
        both = self.request_eng | self.request_water
        Request = self.env["dura.service.request"].with_user(engineer)
        self.assertEqual(Request.search([("id", "in", both.ids)]), self.request_eng)
        self.assertFalse(self.request_water.with_user(engineer).has_access("read"))
        self.assertTrue(self.request_eng.with_user(engineer).has_access("write"))
        documents = self.request_water.document_ids
        self.assertTrue(documents)
        for label, action in (
            ("read", lambda: self.request_water.with_user(engineer).read(["partner_id"])),
            ("write", lambda: self.request_water.with_user(engineer).write({"description": "x"})),
            (
                "pull into own department",
                lambda: self.request_water.with_user(engineer).write(
                    {"department_id": self.department_engineering.id}
                ),
            ),
            ("read documents", lambda: documents.with_user(engineer).read(["note"])),
            ("write documents", lambda: documents.with_user(engineer).write({"note": "x"})),
            (
                "add a document",
                lambda: self.env["dura.service.request.document"]
                .with_user(engineer)
                .create(
                    {"request_id": self.request_water.id, "document_type_id": self.doc_id_card.id}
                ),
            ),
        ):
            with self.subTest(label), self.assertRaises(AccessError):
                action()
        self.assertEqual(self.request_water.description, "Leak in the street")
        self.assertEqual(self.request_water.department_id, self.department_water)
        self.assertFalse(documents.note)
        self.assertEqual(self.request_water.document_ids, documents)
        self.assertFalse(
            self.env["dura.service.request.document"]
            .with_user(engineer)
            .search([("request_id", "in", both.ids)])
        )
        # the water officer sees theirs and not the engineer's
        water = self.env["dura.service.request"].with_user(self.user_water)
        self.assertEqual(water.search([("id", "in", both.ids)]), self.request_water)

    def test_sms_audit_log_isolation(self):
        """An SMS user sees their own messages and their history, not a colleague's."""
        mine, other = self.users["sms_user"], self.users["sms_approver"]
        now = fields.Datetime.now()
        messages = self.env["dura.sms.message"].create(
            [
                {
                    "uuid": uuid.uuid4().hex,
                    "number": "+970599123456",
                    "body": body,
                    "requested_by_id": user.id,
                    "event_ids": [
                        Command.create({"state": "failed", "date": now, "detail": "absent"})
                    ],
                }
                for body, user in (("mine", mine), ("colleague's", other))
            ]
        )
        own, colleague = messages
        Message = self.env["dura.sms.message"].with_user(mine)
        Event = self.env["dura.sms.message.event"].with_user(mine)
        self.assertEqual(Message.search([("id", "in", messages.ids)]), own)
        self.assertEqual(Event.search([("message_id", "in", messages.ids)]), own.event_ids)
        for records in (colleague, colleague.event_ids):
            with self.subTest(model=records._name), self.assertRaises(AccessError):
                records.with_user(mine).read(["id"])
        # approvers review everyone's
        approver = self.env["dura.sms.message.event"].with_user(other)
        self.assertEqual(approver.search([("message_id", "in", messages.ids)]), messages.event_ids)

    def test_provider_credentials_for_system_administrators_only(self):
        """An SMS approver cannot open providers at all; a gateway administrator who is not a
        system administrator manages them but never reads or sets their secrets."""
        with self.assertRaises(AccessError):
            self.provider.with_user(self.users["sms_approver"]).read(["name"])
        provider = self.provider.with_user(self.users["sms_admin"])
        self.assertEqual(provider.read(["name"])[0]["name"], "Matrix JSON provider")
        shown = provider.read()[0]
        for field_name in CREDENTIALS + ("dlr_url", "inbound_url"):
            with self.subTest(field=field_name):
                self.assertNotIn(field_name, shown)
                with self.assertRaises(AccessError):
                    provider.read([field_name])
        self.assertNotIn("password", provider.fields_get())
        with self.assertRaises(AccessError):
            provider.write({"password": "mine"})
        with self.assertRaises(AccessError):
            provider.search([("api_token", "=", "s3cret-token")])
        self.assertEqual(self.provider.password, "s3cret-password")
        # reading them takes both groups: the model's (gateway) and the fields' (system)
        system = new_test_user(
            self.env,
            login="matrix_system",
            groups="base.group_system,dura_sms_gateway.group_sms_admin",
        )
        self.assertEqual(self.provider.with_user(system).api_token, "s3cret-token")


@tagged("post_install", "-at_install")
class TestPublicSmsRoutes(HttpCase, DuraRequestCommon):
    """The provider callbacks over real HTTP: whoever is not the provider learns nothing."""

    def setUp(self):
        super().setUp()
        self.env["dura.sms.provider"].search([]).active = False
        server = ScriptedProvider().start()
        self.addCleanup(server.stop)
        Provider = self.env["dura.sms.provider"]
        values = {"kind": "http_json", "url": server.url, "timeout": 2, "max_attempts": 1}
        self.provider_a = Provider.create({**values, "name": "A"})
        self.provider_b = Provider.create({**values, "name": "B", "sequence": 20})
        self.provider_off = Provider.create({**values, "name": "Archived", "active": False})
        self.sms = self.env["sms.sms"].create({"number": "0599123456", "body": "Your bill"})
        self.sms_uuid = self.sms.uuid
        self.env["sms.sms"]._process_queue()
        self.entry = self.env["dura.sms.message"].search([("uuid", "=", self.sms_uuid)])
        self.assertEqual((self.entry.provider_id, self.entry.state), (self.provider_a, "accepted"))
        self.request = self.env["dura.service.request"].create(
            {"partner_id": self.citizen_ar.id, "service_type_id": self.service_complaint.id}
        )
        self.request.action_submit()
        # everything a leak could show
        self.private = [
            self.citizen_ar.name,
            self.citizen_ar.dura_national_id,
            "0599123456",
            "599123456",
            self.request.name,
            self.sms_uuid,
            "Your bill",
        ]

    def _post(self, route, provider, token, payload):
        self.env.flush_all()
        try:
            return self.url_open(
                f"/dura_sms/{route}/{provider.id if provider else 999999}/{token}",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
            )
        finally:
            self.env.invalidate_all()

    def _assert_private(self, response):
        for value in self.private:
            self.assertNotIn(value, response.text)

    def test_wrong_or_unknown_callers_get_one_answer(self):
        token_a = self.provider_a.webhook_token
        callers = [
            ("unknown provider", None, token_a),
            ("wrong token", self.provider_a, "x" * len(token_a)),
            ("another provider's token", self.provider_a, self.provider_b.webhook_token),
            ("archived provider", self.provider_off, self.provider_off.webhook_token),
            ("empty-looking token", self.provider_a, "0"),
        ]
        payloads = {
            "dlr": {"id": self.sms_uuid, "status": "failed"},
            "inbound": {"from": "+970599123456", "text": "STOP"},
        }
        answers = set()
        for route, payload in payloads.items():
            for label, provider, token in callers:
                with self.subTest(route=route, caller=label):
                    response = self._post(route, provider, token, payload)
                    answers.add((response.status_code, response.text))
                    self._assert_private(response)
        self.assertEqual(answers, {(403, "forbidden")})
        self.assertEqual(self.entry.state, "accepted")
        self.assertFalse(self.env["phone.blacklist"].search([("number", "=", "+970599123456")]))
        self.assertFalse(self.env["dura.sms.inbound"].search([]))

    def test_another_providers_message_is_out_of_reach(self):
        """Provider B cannot touch a message that A carries; unknown ids get one answer."""
        token_a, token_b = self.provider_a.webhook_token, self.provider_b.webhook_token
        unknown = [
            self._post("dlr", provider, token, {"id": uuid.uuid4().hex, "status": "failed"})
            for provider, token in ((self.provider_a, token_a), (self.provider_b, token_b))
        ]
        self.assertEqual({(r.status_code, r.text) for r in unknown}, {(404, "unknown message")})
        foreign = self._post(
            "dlr", self.provider_b, token_b, {"id": self.sms_uuid, "status": "failed"}
        )
        self._assert_private(foreign)
        # B's report is parked (the SMS row still exists), never applied to A's message
        self.assertEqual((foreign.status_code, foreign.text), (200, "OK"))
        self.env["dura.sms.message"]._apply_parked_reports()
        self.entry.invalidate_recordset()
        self.assertEqual(self.entry.state, "accepted")
        # no "failed" event: the history is what A's own dispatch wrote (same-second events
        # may list in either order)
        self.assertCountEqual(self.entry.event_ids.mapped("state"), ["queued", "accepted"])

    def test_status_query_answers_only_the_citizens_own_number(self):
        token = self.provider_a.webhook_token
        stranger = self._post(
            "inbound", self.provider_a, token, {"from": "+970599000999", "text": self.request.name}
        )
        owner = self._post(
            "inbound", self.provider_a, token, {"from": "+972599123456", "text": self.request.name}
        )
        self.assertEqual((stranger.status_code, stranger.text), (200, "OK"))
        self.assertEqual((owner.status_code, owner.text), (200, "OK"))
        self._assert_private(stranger)
        replies = self.env["sms.sms"].search(
            [("dura_res_model", "=", "dura.sms.inbound")], order="id"
        )
        # the stranger gets the generic help reply, nothing about the request
        self.assertEqual(replies.mapped("number"), ["+970599000999", "+970599123456"])
        self.assertNotIn(self.request.name, replies[0].body)
        self.assertIn(self.request.name, replies[1].body)
        inbound = self.env["dura.sms.inbound"].search([], order="id")
        self.assertEqual(inbound.mapped("action"), ["help", "answered"])

    def test_callbacks_are_rate_limited(self):
        token = self.provider_a.webhook_token
        report = {"id": self.sms_uuid, "status": "delivered"}
        # the shipped limit (6000 a minute per address) is lowered, not bypassed
        lowered = RateLimiter(sms_routes.CALLBACK_LIMITER.scope, window=60, limit=3)
        with patch.object(sms_routes, "CALLBACK_LIMITER", lowered):
            answers = [
                self._post("dlr", None, token, report).status_code,
                self._post("inbound", self.provider_a, "wrong", {"from": "x"}).status_code,
                self._post(
                    "dlr", self.provider_a, token, {"id": "f" * 32, "status": "failed"}
                ).status_code,
            ]
            limited = self._post("dlr", self.provider_a, token, report)
            limited_inbound = self._post(
                "inbound", self.provider_a, token, {"from": "+970599123456", "text": "STOP"}
            )
        self.assertEqual(answers, [403, 403, 404])
        self.assertEqual((limited.status_code, limited.text), (429, "too many requests"))
        self.assertEqual(limited_inbound.status_code, 429)
        self.assertEqual(self.entry.state, "accepted", "the refused report changed nothing")
        self.assertFalse(self.env["phone.blacklist"].search([("number", "=", "+970599123456")]))
        # under the shipped limit, the same counters let the provider be heard again
        self.assertEqual(self._post("dlr", self.provider_a, token, report).status_code, 200)
        self.assertEqual(self.entry.state, "delivered")

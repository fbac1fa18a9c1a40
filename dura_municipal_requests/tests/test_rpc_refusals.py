import base64
import json

from odoo import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import DuraRequestCommon


@tagged("post_install", "-at_install")
class TestRpcRefusals(HttpCase, DuraRequestCommon):
    """The rules of issue 14 as the web client reaches them: ``/web/dataset/call_kw`` as the
    role user, over HTTP. Each refusal is a clear message in the user's language and leaves the
    database unchanged."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        request = cls.env["dura.service.request"].create(
            {"partner_id": cls.citizen_ar.id, "service_type_id": cls.service_water.id}
        )
        request.with_user(cls.user_center).action_submit()
        cls._pay(cls, request.invoice_id)
        request.with_user(cls.user_water).action_start()
        cls.request = request
        cls.line = cls.env["dura.service.request.document"].create(
            {"request_id": request.id, "document_type_id": cls.doc_site_plan.id}
        )

    def _call(self, user, model, method, args, kwargs=None, lang="en_US"):
        """The web client's call; returns (result, error message)."""
        self.authenticate(user.login, user.login)
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": dict(kwargs or {}, context={"lang": lang}),
            },
        }
        with mute_logger("odoo.http"):
            answer = self.url_open(
                f"/web/dataset/call_kw/{model}/{method}",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
            ).json()
        error = answer.get("error")
        return answer.get("result"), error and error["data"]["message"]

    def test_state_without_its_reason(self):
        for user, vals in (
            (self.user_water, {"state": "on_hold"}),
            (self.user_director, {"state": "rejected"}),
            (self.user_director, {"state": "cancelled"}),
        ):
            with self.subTest(user=user.login, vals=vals):
                _result, error = self._call(
                    user, "dura.service.request", "write", [self.request.ids, vals]
                )
                self.assertTrue(error)
                self.request.invalidate_recordset()
                self.assertEqual(self.request.state, "in_progress", "nothing changed")
        _result, error = self._call(
            self.user_water,
            "dura.service.request",
            "write",
            [self.request.ids, {"state": "on_hold"}],
            lang="ar_001",
        )
        self.assertIn("بزرّه", error)

    def test_paid_fee_credit_note(self):
        invoice = self.request.invoice_id
        move_id, error = self._call(
            self.user_center,
            "account.move",
            "create",
            [
                {
                    "move_type": "out_refund",
                    "partner_id": invoice.partner_id.id,
                    "reversed_entry_id": invoice.id,
                    "invoice_line_ids": [
                        Command.create({"name": "fee back", "price_unit": invoice.amount_total})
                    ],
                }
            ],
        )
        self.assertFalse(error)
        _result, error = self._call(
            self.user_center, "account.move", "action_post", [[move_id]], lang="ar_001"
        )
        self.assertIn("ارفض الطلب أو ألغه أولًا", error)
        self.assertEqual(self.env["account.move"].browse(move_id).state, "draft")
        self.assertEqual(invoice.payment_state, self.request.invoice_id.payment_state)

    def test_renamed_file_as_a_document(self):
        line = self.line
        before = line.attachment_ids.ids
        attachment_id, error = self._call(
            self.user_water,
            "ir.attachment",
            "create",
            [
                {
                    "name": "scan.pdf",
                    "mimetype": "application/pdf",
                    "datas": base64.b64encode(b"<html><script>alert(1)</script>").decode(),
                    "res_model": line._name,
                    "res_id": line.id,
                }
            ],
        )
        self.assertFalse(error)
        _result, error = self._call(
            self.user_water,
            line._name,
            "write",
            [line.ids, {"attachment_ids": [Command.link(attachment_id)]}],
        )
        self.assertIn("is not really a PDF or a photo", error)
        line.invalidate_recordset()
        self.assertEqual(line.attachment_ids.ids, before, "nothing attached")

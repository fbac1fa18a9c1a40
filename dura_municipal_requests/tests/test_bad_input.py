"""Bad input refused with a clear error, and nothing written: citizens, documents, services,
requests."""

import base64

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.dura_municipality.tests.common import as_rpc

from .common import DuraRequestCommon


@tagged("post_install", "-at_install")
class TestRequestBadInput(DuraRequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.request = cls._draft(cls.citizen_en, cls.service_water)
        cls.submitted = cls._draft(cls.citizen_en, cls.service_water)
        cls.submitted.with_user(cls.user_center).action_submit()
        cls.no_id = cls.env["res.partner"].create({"name": "No ID", "mobile": "0599000222"})
        cls.line = cls._draft(cls.citizen_ar, cls.service_engineering).document_ids[0]

    @classmethod
    def _draft(cls, citizen, service):
        return (
            cls.env["dura.service.request"]
            .with_user(cls.user_center)
            .create({"partner_id": citizen.id, "service_type_id": service.id})
        )

    def _file(self, name, raw, mimetype=None):
        values = {"name": name, "datas": base64.b64encode(raw)}
        if mimetype:
            values["mimetype"] = mimetype
        return self.env["ir.attachment"].with_user(self.user_center).create(values)

    def _attach(self, attachment, lang=None):
        line = self.line.with_user(self.user_center).with_context(lang=lang or "en_US")
        line.attachment_ids = [Command.link(attachment.id)]

    def _as_rpc(self, action):
        return as_rpc(self.env, action)

    def _snapshot(self):
        requests = self.request | self.submitted
        return (
            self.env["res.partner"].search_count([]),
            self.env["dura.service.request"].search_count([]),
            self.env["dura.service.type"].search_count([]),
            self.line.attachment_ids.ids,
            requests.read(["state", "fee_amount", "fee_waived", "invoice_id", "service_type_id"]),
            self.service_water.read(["sla_days", "code", "fee_product_id"]),
        )

    def _cases(self):
        center = self.user_center
        big = self._file("plan.pdf", b"%PDF-1.4 " + b"0" * (1024 * 1024 + 1), "application/pdf")
        negative_fee = self._create_fee_product("Refund", -10.0)
        return [
            ("national ID with a wrong check digit", lambda: self.env["res.partner"].create(
                {"name": "X", "dura_national_id": "401234563"}), ValidationError,
             "401234563 is not a valid national ID"),
            ("national ID too short", lambda: self.env["res.partner"].create(
                {"name": "X", "dura_national_id": "40123456"}), ValidationError,
             "is not a valid national ID"),
            ("national ID with letters", lambda: self.env["res.partner"].create(
                {"name": "X", "dura_national_id": "40123456A"}), ValidationError,
             "is not a valid national ID"),
            ("wrong national ID set on a known citizen", lambda: self.citizen_en.write(
                {"dura_national_id": "852147967"}), ValidationError,
             "is not a valid national ID"),
            ("executable as a document", lambda: self._attach(self._file(
                "form.exe", b"MZ\x90\x00binary", "application/x-msdownload")), ValidationError,
             "form.exe is not accepted as a document"),
            ("web page as a document", lambda: self._attach(self._file(
                "form.html", b"<html><script>alert(1)</script></html>")), ValidationError,
             "is not accepted as a document"),
            ("web page renamed as a scan", lambda: self._attach(self._file(
                "scan.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")),
             ValidationError, "is not really a PDF or a photo"),
            ("program renamed as a photo", lambda: self._attach(self._file(
                "photo.jpg", b"MZ\x90\x00binary", "image/jpeg")),
             ValidationError, "its content does not match its name"),
            ("archive as a document", lambda: self._attach(self._file(
                "scans.zip", b"PK\x03\x04zip", "application/zip")), ValidationError,
             "is not accepted as a document"),
            ("document over the size limit", lambda: self._attach(big), ValidationError,
             "plan.pdf is too large: documents are limited to 1 MB"),
            ("service with a negative fee", lambda: self.service_water.write(
                {"fee_product_id": negative_fee.id}), ValidationError,
             "cannot be negative"),
            ("negative SLA", self._as_rpc(lambda: self.service_water.write({"sla_days": -1})),
             ValidationError, "The SLA cannot be negative."),
            ("duplicate service code", self._as_rpc(lambda: self.service_complaint.copy(
                {"code": self.service_water.code})), ValidationError,
             "The service code must be unique."),
            ("submitting without a national ID", lambda: self.env["dura.service.request"]
             .with_user(center).create({"partner_id": self.no_id.id,
                                        "service_type_id": self.service_complaint.id})
             .action_submit(), UserError, "Enter the national ID of No ID"),
            ("submitting with documents missing", lambda: self.env["dura.service.request"]
             .with_user(center).create({"partner_id": self.citizen_ar.id,
                                        "service_type_id": self.service_engineering.id})
             .action_submit(), UserError, "Required documents are missing"),
            ("filing an unpaid request by hand", lambda: self.submitted.with_user(center).write(
                {"state": "filed"}), ValidationError, "is not paid"),
            ("changing the fee by hand", lambda: self.request.with_user(center).write(
                {"fee_amount": 0}), AccessError, "cannot be changed by hand"),
            ("fee waived by the front desk", lambda: self.request.with_user(center).write(
                {"fee_waived": True, "fee_waiver_reason": "poor"}), AccessError,
             "Only the director can waive a fee"),
            ("fee waived without a reason", lambda: self.request.with_user(
                self.user_director).write({"fee_waived": True}), ValidationError,
             "Waiving a fee needs a recorded reason"),
            ("service changed after submission", lambda: self.submitted.with_user(center).write(
                {"service_type_id": self.service_complaint.id}), UserError,
             "cannot be changed"),
            ("deleting a submitted request", lambda: self.submitted.with_user(center).unlink(),
             UserError, "cannot be deleted"),
            ("a service's fee product priced below zero", self._as_rpc(
                lambda: self.fee_water.product_tmpl_id.write({"list_price": -5.0})),
             ValidationError, "The fee of service Water connection cannot be negative"),
        ]  # fmt: skip

    def test_refused_actions_table(self):
        self.env["ir.config_parameter"].set_param("dura_municipal_requests.document_max_mb", "1")
        for label, action, error, fragment in self._cases():
            with self.subTest(label):
                before = self._snapshot()
                with self.assertRaises(error) as caught:
                    action()
                self.assertIn(fragment, str(caught.exception))
                self.assertEqual(self._snapshot(), before, "nothing written")

    def test_accepted_documents(self):
        """The file check refuses by type and size, not scans and photos."""
        self.env["ir.config_parameter"].set_param("dura_municipal_requests.document_max_mb", "1")
        for name, raw, mimetype in (
            ("id.pdf", b"%PDF-1.4 id", "application/pdf"),
            ("photo.jpg", b"\xff\xd8\xff\xe0jpeg", None),
            ("plan.png", b"\x89PNG\r\n\x1a\nplan", None),
        ):
            with self.subTest(name):
                self._attach(self._file(name, raw, mimetype))
        self.assertEqual(len(self.line.attachment_ids), 3)

    def test_refusals_in_arabic(self):
        center = self.user_center
        cases = [
            (lambda: self.env["res.partner"].with_user(center).with_context(lang="ar_001")
             .create({"name": "X", "dura_national_id": "401234563"}), ValidationError,
             "ليس رقم هوية صحيحاً"),
            (lambda: self._attach(self._file("form.exe", b"MZ", "application/x-msdownload"),
                                  lang="ar_001"), ValidationError, "لا يُقبل الملف form.exe"),
            (lambda: self.request.with_user(center).with_context(lang="ar_001")
             .write({"fee_waived": True, "fee_waiver_reason": "x"}), AccessError,
             "المدير فقط"),
        ]  # fmt: skip
        for action, error, fragment in cases:
            with self.subTest(fragment=fragment):
                before = self._snapshot()
                with self.assertRaises(error) as caught:
                    action()
                self.assertIn(fragment, str(caught.exception))
                self.assertEqual(self._snapshot(), before)

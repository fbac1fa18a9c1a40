"""Issue 13, the counter and the department officer: attachments every allowed user can open
(and the migration repairing old orphans), dead ends, gap-free tracking numbers, and finding a
returning citizen by national ID or mobile."""

import base64
import importlib.util
from pathlib import Path

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import DuraRequestCommon

MIGRATION = Path(__file__).parents[1] / "migrations" / "18.0.1.3.0" / "post-migration.py"
SPEC = {"document_ids": {"fields": {"attachment_ids": {"fields": {"name": {}, "mimetype": {}}}}}}


def _load_migration():
    spec = importlib.util.spec_from_file_location("dura_requests_migration_18_0_1_3_0", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestDocumentAttachments(DuraRequestCommon):
    def _upload(self, user, name="scan.pdf", res_model="dura.service.request.document"):
        """What the web client's upload does on a line not saved yet: res_id = 0."""
        return (
            self.env["ir.attachment"]
            .with_user(user)
            .create(
                {
                    "name": name,
                    "raw": b"%PDF-1.4 scan",
                    "mimetype": "application/pdf",
                    "res_model": res_model,
                    "res_id": 0,
                }
            )
        )

    def test_new_line_upload_is_bound_and_readable_by_the_department(self):
        scan = self._upload(self.user_center)
        with Form(self.env["dura.service.request"].with_user(self.user_center)) as form:
            form.partner_id = self.citizen_ar
            form.service_type_id = self.service_engineering
            with form.document_ids.edit(0) as line:
                line.attachment_ids.add(scan)
        request = form.record
        line = request.document_ids.filtered("attachment_ids")
        self.assertEqual((scan.res_model, scan.res_id), (line._name, line.id))
        # the engineering officer (another user) opens the request with its documents
        data = request.with_user(self.user_engineer).web_read(SPEC)[0]
        self.assertEqual(data["document_ids"][0]["attachment_ids"][0]["name"], "scan.pdf")
        # an officer of another department still cannot
        with self.assertRaises(AccessError):
            request.with_user(self.user_water).web_read(SPEC)

    def test_rpc_write_binds_and_shared_file_is_copied(self):
        request = self._new_request(self.citizen_ar, attach_all=False)
        first, second = request.document_ids
        scan = self._upload(self.user_center)
        request.with_user(self.user_center).write(
            {
                "document_ids": [
                    Command.update(first.id, {"attachment_ids": [Command.link(scan.id)]}),
                    Command.update(second.id, {"attachment_ids": [Command.link(scan.id)]}),
                ]
            }
        )
        self.assertEqual(scan.res_id, first.id)
        copy = second.attachment_ids
        self.assertNotEqual(copy, scan, "each line owns its file")
        self.assertEqual((copy.res_model, copy.res_id), (second._name, second.id))
        self.assertEqual(copy.raw, scan.raw)
        # a copied request gets copies of the files, bound to its own lines
        duplicate = request.copy()
        self.assertEqual(
            set(duplicate.document_ids.attachment_ids.mapped("res_id")),
            set(duplicate.document_ids.ids),
        )

    def test_someone_elses_orphan_cannot_be_linked(self):
        other = self._upload(self.user_director)
        request = self._new_request(self.citizen_ar, attach_all=False)
        with self.assertRaises(AccessError):
            request.document_ids[0].with_user(self.user_center).attachment_ids = other
        self.assertFalse(other.res_id)

    def test_migration_repairs_orphans(self):
        """The 18.0.1.3.0 migration on orphans as 18.0.1.2 left them: a scan uploaded on a new
        line (res_id = 0), and one demo-like scan shared by lines of two requests."""
        first = self._new_request(self.citizen_ar, attach_all=False)
        second = self._new_request(self.citizen_en, attach_all=False)
        uploaded = self._upload(self.user_center, "upload.pdf")
        shared = self._upload(self.user_center, "shared.pdf", res_model=False)
        self.env.cr.execute(
            "INSERT INTO dura_service_request_document_attachment_rel VALUES (%s, %s), "
            "(%s, %s), (%s, %s), (%s, %s)",
            [
                first.document_ids[0].id,
                uploaded.id,
                first.document_ids[1].id,
                shared.id,
                second.document_ids[0].id,
                shared.id,
                second.document_ids[1].id,
                shared.id,
            ],
        )
        self.env.invalidate_all()
        for request in (first, second):
            request.with_user(self.user_center).action_submit()
            self._pay(request.invoice_id)
        with self.assertRaises(AccessError, msg="the department cannot open it (the bug)"):
            first.with_user(self.user_engineer).web_read(SPEC)
        sequence = self.env.ref("dura_municipal_requests.seq_dura_service_request")
        sequence.implementation = "standard"
        next_number = sequence.number_next_actual

        with mute_logger("dura_requests_migration_18_0_1_3_0"):
            result = _load_migration().repair(self.env)

        self.env.invalidate_all()
        lines = (first | second).document_ids
        self.assertLessEqual(lines, result["documents"].with_env(lines.env))
        for line in lines:
            self.assertEqual(len(line.attachment_ids), 1)
            self.assertEqual(
                (line.attachment_ids.res_model, line.attachment_ids.res_id), (line._name, line.id)
            )
        self.assertEqual(len(lines.attachment_ids), 4, "the shared scan is copied per line")
        self.assertEqual(set(lines.attachment_ids.mapped("raw")), {b"%PDF-1.4 scan"})
        for request in (first, second):
            data = request.with_user(self.user_engineer).web_read(SPEC)[0]
            self.assertEqual(len(data["document_ids"]), 2)
        self.assertEqual(sequence.implementation, "no_gap")
        self.assertEqual(sequence.number_next_actual, next_number, "the counter carries on")
        self.assertFalse(_load_migration().repair(self.env)["documents"], "idempotent")

    def test_demo_scans_are_bound_to_their_lines(self):
        request = self.env.ref("dura_municipal_requests.request_water_filed")
        self.assertEqual(len(request.document_ids.attachment_ids), 3)
        lines = self.env["dura.service.request.document"].search([("attachment_ids", "!=", False)])
        for line in lines:
            for attachment in line.attachment_ids:
                self.assertEqual((attachment.res_model, attachment.res_id), (line._name, line.id))
                self.assertTrue(attachment.raw.startswith(b"%PDF-"))


@tagged("post_install", "-at_install")
class TestCounterDeadEnds(DuraRequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_test_user(
            cls.env,
            login="clerk_no_mail",
            name="Clerk Without Mail",
            groups="dura_municipal_requests.group_service_center_officer",
        )
        cls.plumber = new_test_user(
            cls.env,
            login="plumber_no_mail",
            name="Officer Without Mail",
            groups="dura_municipal_requests.group_department_officer",
        )
        (cls.clerk | cls.plumber).email = False
        cls.department_water.write(
            {"member_ids": [Command.link(cls.plumber.id)], "default_user_id": cls.plumber.id}
        )

    def test_submit_refusal_says_what_to_do(self):
        request = self._new_request(self.citizen_ar, attach_all=False)
        with self.assertRaises(UserError) as refusal:
            request.with_user(self.user_center).action_submit()
        message = str(refusal.exception)
        self.assertIn("Attach", message)
        self.assertIn("Documents to Bring", message)
        # that field is on the draft's form, editable, under the documents
        view = (
            self.env["dura.service.request"]
            .with_user(self.user_center)
            .get_views([(False, "form")])
        )
        self.assertIn('string="Documents to Bring"', view["views"]["form"]["arch"])
        with Form(request.with_user(self.user_center)) as form:
            form.hold_reason = "Site plan and ID card brought tomorrow"
        request.with_user(self.user_center).action_submit()
        self._pay(request.invoice_id)
        self.assertEqual(request.state, "on_hold", "filed, then held for the documents")

    def test_staff_without_email_work(self):
        """Saving a request that notifies its assignee, submitting, filing, holding and
        completing, by staff who have no e-mail address."""
        request = self._new_request(self.citizen_ar, service=self.service_water, user=self.clerk)
        self.assertEqual(request.user_id, self.plumber, "the assignee was notified")
        request.with_user(self.clerk).message_post(body="Citizen called", message_type="comment")
        request.with_user(self.clerk).action_submit()
        self._pay(request.invoice_id, user=self.clerk)
        self.assertEqual(request.state, "filed")
        request.with_user(self.plumber).action_start()
        request.with_user(self.plumber).action_done()
        self.assertEqual(request.state, "done")
        authors = request.message_ids.filtered(lambda m: m.create_uid == self.clerk).author_id
        self.assertIn(self.clerk.partner_id, authors, "the message keeps its author")

    def test_tracking_numbers_have_no_gaps(self):
        sequence = self.env.ref("dura_municipal_requests.seq_dura_service_request")
        self.assertEqual(sequence.implementation, "no_gap")
        Request = self.env["dura.service.request"].with_user(self.user_center)
        first = Request.create(
            {"partner_id": self.citizen_ar.id, "service_type_id": self.service_complaint.id}
        )
        number = int(first.name.rsplit("-", 1)[1])
        bad = (
            self.env["ir.attachment"]
            .with_user(self.user_center)
            .create({"name": "virus.exe", "raw": base64.b64decode(b"TVqQAAMAAAAEAAAA")})
        )
        doc_type = self.doc_id_card
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            # the request (and its number) is created, then its document is refused
            Request.create(
                {
                    "partner_id": self.citizen_ar.id,
                    "service_type_id": self.service_complaint.id,
                    "document_ids": [
                        Command.create(
                            {
                                "document_type_id": doc_type.id,
                                "attachment_ids": [Command.set(bad.ids)],
                            }
                        )
                    ],
                }
            )
        after = Request.create(
            {"partner_id": self.citizen_en.id, "service_type_id": self.service_complaint.id}
        )
        self.assertEqual(
            int(after.name.rsplit("-", 1)[1]), number + 1, "the failed save gave it back"
        )


@tagged("post_install", "-at_install")
class TestFindCitizen(DuraRequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.salim = Partner.create(
            {"name": "Salim Test", "dura_national_id": "271828188", "mobile": "0597 000 111"}
        )
        cls.rana = Partner.create(
            {"name": "Rana Test", "dura_national_id": "161803390", "mobile": "+972 56 700 0222"}
        )

    def _find(self, text, user=None):
        Partner = self.env["res.partner"].with_user(user or self.user_center)
        return Partner.browse([pid for pid, _name in Partner.name_search(text, limit=20)])

    def test_found_by_national_id_any_spelling(self):
        for text in ("271828188", "2718 281 88", "271-828-188", "٢٧١٨٢٨١٨٨", "۲۷۱۸۲۸۱۸۸"):
            with self.subTest(text=text):
                self.assertEqual(self._find(text), self.salim)
        self.assertEqual(self._find("١٦١٨٠٣٣٩٠"), self.rana)

    def test_found_by_mobile_any_spelling(self):
        spellings = {
            self.salim: (
                "0597000111",
                "0597 000 111",
                "+970597000111",
                "+972 597 000 111",
                "00970597000111",
                "٠٥٩٧٠٠٠١١١",
                "+٩٧٠٥٩٧٠٠٠١١١",
            ),
            self.rana: ("0567000222", "+970567000222", "+972567000222", "056-700-0222"),
        }
        for citizen, texts in spellings.items():
            for text in texts:
                with self.subTest(text=text):
                    self.assertEqual(self._find(text), citizen)

    def test_citizen_field_of_a_request(self):
        Partner = self.env["res.partner"].with_user(self.user_center)
        # what the Citizen field's autocomplete calls, with the field's company domain
        found = Partner.name_search(
            "+972597000111", args=[("company_id", "in", [False, self.company.id])]
        )
        self.assertEqual([pid for pid, _name in found], self.salim.ids)
        # the request list's search on the citizen too
        request = self._new_request(self.salim, service=self.service_complaint)
        Request = self.env["dura.service.request"].with_user(self.user_center)
        self.assertEqual(Request.search([("partner_id", "ilike", "٢٧١٨٢٨١٨٨")]), request)

    def test_national_id_hidden_from_non_staff(self):
        self.assertFalse(self._find("271828188", user=self.user_employee))
        self.assertEqual(self._find("Salim Test", user=self.user_employee), self.salim)

    def test_name_search_still_works(self):
        self.assertEqual(self._find("Salim"), self.salim)
        self.assertFalse(self._find("0597999999"))

    def test_national_id_already_held_is_refused(self):
        Partner = self.env["res.partner"].with_user(self.user_center)
        with self.assertRaises(ValidationError) as refusal:
            Partner.create({"name": "Salim again", "dura_national_id": "٢٧١ ٨٢٨ ١٨٨"})
        self.assertIn("Salim Test", str(refusal.exception))
        self.assertIn("271828188", str(refusal.exception))
        other = Partner.create({"name": "Someone", "dura_national_id": "123456782"})
        with self.assertRaises(ValidationError):
            other.dura_national_id = "161803390"
        with self.assertRaises(ValidationError):
            Partner.create(
                [
                    {"name": "Twin 1", "dura_national_id": "000000018"},
                    {"name": "Twin 2", "dura_national_id": "000000018"},
                ]
            )
        self.salim.active = False
        with self.assertRaisesRegex(ValidationError, "archived"):
            Partner.create({"name": "Salim again", "dura_national_id": "271828188"})

    def test_warned_while_typing(self):
        partner = self.env["res.partner"].with_user(self.user_center).new({"name": "New"})
        partner.dura_national_id = "٢٧١٨٢٨١٨٨"
        warning = partner._onchange_dura_national_id()["warning"]
        self.assertIn("Salim Test", warning["message"])
        self.salim.with_user(self.user_center).dura_national_id = "271828188"
        own = self.salim.with_user(self.user_center)
        self.assertIsNone(own._onchange_dura_national_id(), "its own ID is no warning")
        # typed in the national ID field of a request for another citizen
        request = (
            self.env["dura.service.request"]
            .with_user(self.user_center)
            .new({"partner_id": self.rana.id})
        )
        request.national_id = "271828188"
        self.assertIn("Salim Test", request._onchange_national_id()["warning"]["message"])

    def test_refusal_in_arabic(self):
        Partner = self.env["res.partner"].with_user(self.user_center).with_context(lang="ar_001")
        with self.assertRaises(ValidationError) as refusal:
            Partner.create({"name": "سليم", "dura_national_id": "271828188"})
        self.assertIn("رقم الهوية", str(refusal.exception))
        self.assertIn("Salim Test", str(refusal.exception))

    def test_demo_has_no_duplicate_national_ids(self):
        groups = (
            self.env["res.partner"]
            .with_context(active_test=False)
            ._read_group([("dura_national_id", "!=", False)], ["dura_national_id"], ["__count"])
        )
        self.assertFalse([number for number, count in groups if count > 1])

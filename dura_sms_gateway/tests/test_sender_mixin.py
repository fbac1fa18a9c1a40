from odoo_test_helper import FakeModelLoader

from odoo.tests import new_test_user, tagged

from ..tools.sms_send import QUEUED, REFUSED, SKIPPED, TO_APPROVE
from .common import DuraSmsCase

BODY_EN = "Dura Municipality: your file {{ object.name }} is ready."
BODY_AR = "بلدية دورا: ملفك {{ object.name }} جاهز."


@tagged("post_install", "-at_install")
class TestSenderMixin(DuraSmsCase):
    """dura.sms.sender.mixin on a fake model: real PostgreSQL, real queue and dispatcher."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loader = FakeModelLoader(cls.env, cls.__module__)
        cls.loader.backup_registry()
        # imported after the backup: the import itself registers the classes
        from .sender_fake_models import DuraSmsTestCounter, DuraSmsTestFile

        cls.loader.update_registry((DuraSmsTestFile, DuraSmsTestCounter))
        cls.addClassCleanup(cls.loader.restore_registry)
        cls.env["res.lang"]._activate_lang("ar_001")
        cls.env["ir.module.module"]._load_module_terms(["dura_sms_gateway"], ["ar_001"])
        Partner = cls.env["res.partner"]
        cls.citizen_ar = Partner.create(
            {"name": "سمر يوسف", "mobile": "0599123456", "lang": "ar_001"}
        )
        cls.citizen_en = Partner.create(
            {"name": "Sam Jones", "phone": "+972 56 912 3456", "lang": "en_US"}
        )
        cls.no_phone = Partner.create({"name": "No Phone"})
        cls.template = cls._template("File ready", lang="{{ object.partner_id.lang }}")
        cls.File = cls.env["dura.sms.test.file"]

    @classmethod
    def _template(cls, name, model="dura.sms.test.file", approve=True, **values):
        template = cls.env["sms.template"].create(
            {
                "name": name,
                "model_id": cls.env["ir.model"]._get_id(model),
                "body": BODY_EN,
                **values,
            }
        )
        template.update_field_translations("body", {"ar_001": BODY_AR})
        if approve:
            template.action_dura_approve()
        return template

    def _files(self, *partners):
        return self.File.create(
            [{"name": f"F-{index}", "partner_id": p.id} for index, p in enumerate(partners, 1)]
        )

    def _sms_of(self, records):
        return self.env["sms.sms"].search(
            [("dura_res_model", "=", records._name), ("dura_res_id", "in", records.ids)],
            order="id",
        )

    def _audit_of(self, records):
        return self.env["dura.sms.message"].search(
            [("res_model", "=", records._name), ("res_id", "in", records.ids)], order="id"
        )

    def _statuses(self, report):
        return [(o.status, o.reason) for o in report.outcomes.values()]

    def test_transactional_queued_in_each_language_and_linked(self):
        self.make_provider(kind="sandbox", name="Sandbox")
        file_ar, file_en, file_none = files = self._files(
            self.citizen_ar, self.citizen_en, self.no_phone
        )
        report = files._dura_queue_sms(self.template)
        self.assertEqual(report.res_model, "dura.sms.test.file")
        self.assertEqual(
            self._statuses(report), [(QUEUED, None), (QUEUED, None), (SKIPPED, "missing")]
        )
        sms_ar, sms_en = sms = self._sms_of(files)
        self.assertEqual(report.outcomes[file_ar.id].sms_id, sms_ar.id)
        self.assertEqual(sms_ar.body, "بلدية دورا: ملفك F-1 جاهز.")
        self.assertEqual(sms_en.body, "Dura Municipality: your file F-2 is ready.")
        self.assertEqual(sms_ar.number, "+970599123456")
        self.assertEqual(sms_en.number, "+972569123456", "the partner's phone when no mobile")
        self.assertEqual(sms.mapped("state"), ["outgoing", "outgoing"])
        self.assertEqual(sms.mapped("dura_kind"), ["transactional"] * 2)
        self.assertEqual(sms.partner_id, self.citizen_ar | self.citizen_en)
        self.assertNotIn(file_none.id, report.created_ids)

        self.dispatch()
        audit = self._audit_of(files).sorted("res_id")
        self.assertEqual(audit.mapped("res_id"), [file_ar.id, file_en.id])
        self.assertEqual(set(audit.mapped("state")), {"delivered"})
        self.assertEqual(audit.partner_id, self.citizen_ar | self.citizen_en)

    def test_unapproved_template_sends_nothing_while_the_gateway_is_on(self):
        self.template.body = BODY_EN + " "  # an edited text loses its approval
        self.assertEqual(self.template.dura_approval_state, "draft")
        files = self._files(self.citizen_ar, self.citizen_en)
        # Odoo's own path carries SMS while no provider is active: its rules, not ours
        report = files._dura_queue_sms(self.template)
        self.assertEqual(self._statuses(report), [(QUEUED, None)] * 2)
        self._sms_of(files).unlink()

        self.make_provider(kind="sandbox", name="Sandbox")
        report = files._dura_queue_sms(self.template)
        self.assertEqual(self._statuses(report), [(SKIPPED, "not_approved")] * 2)
        self.assertFalse(self._sms_of(files))
        self.assertIn("File ready", files._dura_sms_reason_text("not_approved", self.template))
        self.assertIn(
            "لم تتم الموافقة",
            files.with_context(lang="ar_001")._dura_sms_reason_text("not_approved", self.template),
        )

    def test_bulk_waits_for_an_approver_and_respects_the_blacklist(self):
        self.make_provider(kind="sandbox", name="Sandbox")
        bulk = self._template("Water outage", dura_kind="bulk", lang="{{ object.partner_id.lang }}")
        # the citizen sent STOP from the +970 form of the number kept under +972
        self.env["phone.blacklist"].sudo()._add(["+970569123456"])
        files = self._files(self.citizen_ar, self.citizen_en)
        report = files._dura_queue_sms(bulk)
        self.assertEqual(self._statuses(report), [(TO_APPROVE, None), (REFUSED, "blacklisted")])
        sms = self._sms_of(files)
        self.assertEqual(set(sms.mapped("state")), {"to_approve"})
        self.assertEqual(len(sms.dura_batch_id), 1)
        self.assertEqual(sms.mapped("dura_kind"), ["bulk"] * 2)
        self.dispatch()
        self.assertFalse(self._audit_of(files), "nothing leaves before approval")

        approver = new_test_user(
            self.env, "mixin_approver", groups="dura_sms_gateway.group_sms_approver"
        )
        sms.dura_batch_id.with_user(approver).action_approve()
        self.dispatch()
        audit = self._audit_of(files).sorted("res_id")
        self.assertEqual(audit.mapped("state"), ["delivered", "canceled"])
        # a transactional notice about the citizen's own file still reaches them
        report = files[1]._dura_queue_sms(self.template)
        self.assertEqual(self._statuses(report), [(QUEUED, None)])

    def test_numbers_the_gateway_refuses(self):
        """Refused numbers are handed to the dispatcher, which records why in the audit log
        (managers correct them there); with skip_unsendable nothing is created."""
        self.make_provider(kind="sandbox", name="Sandbox")
        Partner = self.env["res.partner"]
        landline, invalid, foreign = Partner.create(
            [
                {"name": "Landline", "mobile": "02 222 1234"},
                {"name": "Invalid", "mobile": "12"},
                {"name": "Abroad", "mobile": "+44 7911 123456"},
            ]
        )
        files = self._files(landline, invalid, foreign)
        report = files._dura_queue_sms(self.template)
        self.assertEqual(
            self._statuses(report),
            [(REFUSED, "landline"), (REFUSED, "invalid"), (REFUSED, "foreign")],
        )
        self.assertEqual(report.created_ids, files.ids)
        self.dispatch()
        audit = self._audit_of(files).sorted("res_id")
        self.assertEqual(set(audit.mapped("state")), {"failed"})
        self.assertEqual(
            audit.mapped("last_error"),
            [
                "A landline number cannot receive SMS.",
                "Not a valid mobile number.",
                "Foreign numbers are not served.",
            ],
        )
        self.assertEqual(
            [files._dura_sms_reason_text(o.reason) for o in report.outcomes.values()],
            audit.mapped("last_error"),
            "the caller words a refusal as the audit log does",
        )

        again = self._files(landline, invalid, foreign)
        report = again._dura_queue_sms(self.template, skip_unsendable=True)
        self.assertEqual(
            self._statuses(report),
            [(SKIPPED, "landline"), (SKIPPED, "invalid"), (SKIPPED, "foreign")],
        )
        self.assertFalse(self._sms_of(again))

        # a provider naming the foreign prefix serves it
        self.make_provider(kind="sandbox", name="Abroad", prefixes="+44")
        report = again[2]._dura_queue_sms(self.template, skip_unsendable=True)
        self.assertEqual(self._statuses(report), [(QUEUED, None)])

    def test_empty_text_refused(self):
        self.make_provider(kind="sandbox", name="Sandbox")
        template = self._template("Name only", body="{{ object.name or '' }}")
        files = self.File.create({"name": False, "partner_id": self.citizen_en.id})
        report = files._dura_queue_sms(template)
        self.assertEqual(self._statuses(report), [(REFUSED, "empty")])
        self.dispatch()
        self.assertEqual(self._audit_of(files).last_error, "Empty message.")

    def test_citizen_language_without_a_template_rule(self):
        template = self._template("No lang rule")
        self.assertFalse(template.lang)
        files = self._files(self.citizen_ar, self.citizen_en)
        files._dura_queue_sms(template)
        self.assertEqual(
            self._sms_of(files).mapped("body"),
            ["بلدية دورا: ملفك F-1 جاهز.", "Dura Municipality: your file F-2 is ready."],
        )

    def test_record_with_its_own_number(self):
        """A model with number fields is texted there, never on its partner's numbers."""
        template = self._template("Counter", model="dura.sms.test.counter")
        Counter = self.env["dura.sms.test.counter"]
        given, empty = Counter.create(
            [
                {"name": "C-1", "partner_id": self.citizen_ar.id, "mobile": "0569000111"},
                {"name": "C-2", "partner_id": self.citizen_ar.id, "mobile": False},
            ]
        )
        report = (given | empty)._dura_queue_sms(template)
        self.assertEqual(self._statuses(report), [(QUEUED, None), (SKIPPED, "missing")])
        sms = self._sms_of(given)
        self.assertEqual((sms.number, sms.partner_id), ("+970569000111", self.citizen_ar))

    def test_post_on_the_chatter(self):
        self.make_provider(kind="sandbox", name="Sandbox")
        file_ar, file_none = files = self._files(self.citizen_ar, self.no_phone)
        report = files._dura_queue_sms(self.template, post=True)
        self.assertEqual(self._statuses(report), [(QUEUED, None), (SKIPPED, "missing")])
        message = file_ar.message_ids.filtered(lambda m: m.message_type == "sms")
        self.assertEqual(report.outcomes[file_ar.id].message_id, message.id)
        self.assertFalse(file_none.message_ids.filtered(lambda m: m.message_type == "sms"))
        sms = self._sms_of(file_ar)
        self.assertEqual(sms.mail_message_id, message)
        self.assertEqual((sms.state, sms.dura_kind), ("outgoing", "transactional"))
        self.assertEqual(sms.body, "بلدية دورا: ملفك F-1 جاهز.")
        notification = message.notification_ids
        self.assertEqual(
            (notification.res_partner_id, notification.notification_status),
            (self.citizen_ar, "ready"),
        )
        self.dispatch()
        self.assertEqual(notification.notification_status, "sent")
        self.assertEqual(self._audit_of(file_ar).state, "delivered")

    def test_template_of_another_model_refused(self):
        template = self._template("Partner", model="res.partner")
        with self.assertRaises(ValueError):
            self._files(self.citizen_ar)._dura_queue_sms(template)
        self.assertFalse(self.File.browse()._dura_queue_sms(template).outcomes)

    def test_queries_per_call_not_per_record(self):
        self.make_provider(kind="sandbox", name="Sandbox")
        counts = []
        # the first call fills caches (routing table, compiled template): measured apart
        for size in (2, 2, 20):
            files = self._files(*([self.citizen_ar, self.citizen_en] * (size // 2)))
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            report = files._dura_queue_sms(self.template)
            self.env.flush_all()
            counts.append(self.cr.sql_log_count - start)
            self.assertEqual(len(report.queued_ids), size)
        self.assertEqual(counts[1], counts[2], counts)

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.dura_municipality.tests.common import as_rpc

from .common import DuraRequestCommon


@tagged("post_install", "-at_install")
class TestPaymentGate(DuraRequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.request = cls._submitted_request()

    @classmethod
    def _submitted_request(cls):
        request = cls.env["dura.service.request"].create(
            {
                "partner_id": cls.citizen_ar.id,
                "service_type_id": cls.service_water.id,
            }
        )
        request.with_user(cls.user_center).action_submit()
        return request

    def test_write_refused(self):
        for state in ("filed", "in_progress", "on_hold", "done"):
            for user in (self.user_center, self.user_director):
                with self.subTest(state=state, user=user.login), self.assertRaises(ValidationError):
                    self.request.with_user(user).write({"state": state})
        with self.assertRaises(ValidationError):
            self.request.sudo().write({"state": "filed"})
        self.assertEqual(self.request.state, "awaiting_payment")

    def test_create_filed_refused(self):
        with self.assertRaises(ValidationError):
            self.env["dura.service.request"].create(
                {
                    "partner_id": self.citizen_en.id,
                    "service_type_id": self.service_water.id,
                    "state": "filed",
                }
            )

    @mute_logger("odoo.sql_db")
    def test_import_refused(self):
        Request = self.env["dura.service.request"].with_user(self.user_center)
        result = Request.load([".id", "state"], [[str(self.request.id), "filed"]])
        self.assertFalse(result["ids"])
        self.assertTrue(any(m["type"] == "error" for m in result["messages"]))
        self.assertEqual(self.request.state, "awaiting_payment")
        result = Request.load(
            ["partner_id/.id", "service_type_id/.id", "state"],
            [[str(self.citizen_en.id), str(self.service_water.id), "done"]],
        )
        self.assertFalse(result["ids"])
        self.assertFalse(
            Request.search([("partner_id", "=", self.citizen_en.id), ("state", "=", "done")])
        )

    def test_server_action_refused(self):
        model = self.env["ir.model"]._get("dura.service.request")
        for vals in (
            {"state": "code", "code": "records.write({'state': 'filed'})"},
            {
                "state": "object_write",
                "update_path": "state",
                "selection_value": self.env.ref(
                    "dura_municipal_requests.selection__dura_service_request__state__filed"
                ).id,
            },
        ):
            action = self.env["ir.actions.server"].create(
                {"name": "File it", "model_id": model.id, **vals}
            )
            with self.subTest(kind=vals["state"]), self.assertRaises(ValidationError):
                action.with_user(self.user_director).with_context(
                    active_model="dura.service.request",
                    active_id=self.request.id,
                    active_ids=self.request.ids,
                ).run()
        self.assertEqual(self.request.state, "awaiting_payment")

    def test_partial_payment_does_not_file(self):
        invoice = self.request.invoice_id
        self._pay(invoice, amount=80.0)
        self.assertEqual(invoice.payment_state, "partial")
        self.assertEqual(self.request.state, "awaiting_payment")
        with self.assertRaises(ValidationError):
            self.request.with_user(self.user_director).write({"state": "filed"})
        self._pay(invoice, amount=120.0)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(self.request.state, "filed")

    def test_reversed_invoice(self):
        invoice = self.request.invoice_id
        reversal = (
            self.env["account.move.reversal"]
            .with_user(self.user_center)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "wrong citizen"})
        )
        reversal.refund_moves()
        credit_note = invoice.reversal_move_ids
        if credit_note.state == "draft":
            credit_note.action_post()
        if invoice.payment_state != "reversed":
            (invoice | credit_note).line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
            ).reconcile()
        self.assertEqual(invoice.payment_state, "reversed")
        self.assertEqual(self.request.state, "awaiting_payment", "a credit note never files")
        self.assertIn("invoice the fee again", self.request.message_ids[0].body)
        with self.assertRaises(ValidationError):
            self.request.with_user(self.user_director).write({"state": "filed"})
        self.request.with_user(self.user_center).action_reinvoice()
        self.assertNotEqual(self.request.invoice_id, invoice)
        self._pay(self.request.invoice_id)
        self.assertEqual(self.request.state, "filed")

    def _credit(self, invoice, user):
        reversal = (
            self.env["account.move.reversal"]
            .with_user(user)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "fee returned"})
        )
        reversal.refund_moves()
        credit_note = invoice.reversal_move_ids
        if credit_note.state == "draft":
            credit_note.with_user(user).action_post()
        return credit_note

    def test_paid_fee_of_an_open_request_cannot_be_credited(self):
        """Money that goes back: the Reverse wizard, or a credit note typed by hand, on the paid
        fee of a request being served is refused; once the request is rejected, the same credit
        note returns the fee."""
        invoice = self.request.invoice_id
        self._pay(invoice)
        for state in ("filed", "in_progress"):
            if state == "in_progress":
                self.request.with_user(self.user_water).action_start()
            self.assertEqual(self.request.state, state)
            with self.subTest(state=state), self.assertRaises(UserError) as caught:
                self._credit(invoice, self.user_center)
            self.assertIn("reject or cancel the request first", str(caught.exception))
            self.assertFalse(invoice.reversal_move_ids.filtered(lambda m: m.state == "posted"))
        # by hand, through the RPC layer's create then post
        manual = (
            self.env["account.move"]
            .with_user(self.user_center)
            .create(
                {
                    "move_type": "out_refund",
                    "partner_id": invoice.partner_id.id,
                    "reversed_entry_id": invoice.id,
                    "invoice_line_ids": [
                        Command.create({"name": "fee back", "price_unit": invoice.amount_total})
                    ],
                }
            )
        )
        with self.assertRaises(UserError):
            manual.with_user(self.user_center).action_post()
        self.assertEqual(manual.state, "draft")
        # in Arabic for an Arabic user
        with self.assertRaises(UserError) as caught:
            manual.with_user(self.user_center).with_context(lang="ar_001").action_post()
        self.assertIn("ارفض الطلب أو ألغه أولًا", str(caught.exception))
        self.assertEqual(self.request.state, "in_progress", "nothing changed")
        # rejected: the fee is returned with the same credit note
        self._reason_wizard(self.request, "reject", "Outside the municipality", self.user_water)
        self.assertEqual(self.request.state, "rejected")
        manual.with_user(self.user_center).action_post()
        self.assertEqual(manual.state, "posted")

    def test_reason_states_refuse_a_plain_write(self):
        """On hold and rejected are entered with the reason the citizen is told: a plain write
        of the state (RPC, import) is refused, whatever the role, and its SMS never leaves."""
        self._pay(self.request.invoice_id)
        self.request.with_user(self.user_water).action_start()
        sms_before = self.env["sms.sms"].sudo().search_count([])
        for user in (self.user_water, self.user_director):
            for vals in (
                {"state": "on_hold"},
                {"state": "on_hold", "hold_reason": "  "},
                {"state": "rejected"},
            ):
                with (
                    self.subTest(user=user.login, vals=vals),
                    self.assertRaises(ValidationError) as caught,
                ):
                    as_rpc(
                        self.env,
                        lambda vals=vals, user=user: self.request.with_user(user).write(vals),
                    )()
                self.assertIn("with its button", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            self.request.with_user(self.user_director).with_context(lang="ar_001").write(
                {"state": "rejected"}
            )
        self.assertIn("بزرّه", str(caught.exception))
        self.assertEqual(self.request.state, "in_progress", "nothing changed")
        self.assertEqual(self.env["sms.sms"].sudo().search_count([]), sms_before, "no SMS")
        # cancelling a filed, paid request by a plain write is refused too
        with self.assertRaises(ValidationError):
            self.request.with_user(self.user_director).write({"state": "cancelled"})
        # with the reason, through the wizard, it holds
        self._reason_wizard(
            self.request, "hold", "Bring the site plan", self.user_water, self.doc_site_plan
        )
        self.assertEqual(self.request.state, "on_hold")

    def test_payment_removed_puts_back_to_awaiting_payment(self):
        payment = self._pay(self.request.invoice_id)
        self.assertEqual(self.request.state, "filed")
        payment.action_draft()
        payment.action_cancel()
        self.assertEqual(self.request.invoice_id.payment_state, "not_paid")
        self.assertEqual(self.request.state, "awaiting_payment")
        self.assertIn("no longer paid", self.request.message_ids[0].body)
        self.assertFalse(self.request.activity_ids)

    def test_invoice_reset_and_cancelled_after_filing(self):
        invoice = self.request.invoice_id
        self._pay(invoice)
        self.request.with_user(self.user_water).action_start()
        invoice.button_draft()
        self.assertEqual(self.request.state, "awaiting_payment")
        invoice.button_cancel()
        self.assertEqual(self.request.state, "awaiting_payment")
        self.assertIn("invoice the fee again", self.request.message_ids[0].body)

    def test_foreign_invoice_refused(self):
        other = self._submitted_request()
        other.partner_id = self.citizen_ar
        other_invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.citizen_en.id,
                "invoice_line_ids": [
                    Command.create({"product_id": self.fee_water.id, "tax_ids": [Command.clear()]})
                ],
            }
        )
        other_invoice.action_post()
        self._pay(other_invoice)
        with self.assertRaises(AccessError):
            self.request.with_user(self.user_director).invoice_id = other_invoice
        with self.assertRaises(ValidationError):
            self.request.invoice_id = other_invoice
        # a paid invoice of the same citizen for something else does not pay the fee either
        bill = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.citizen_ar.id,
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": self.fee_engineering.id, "tax_ids": [Command.clear()]}
                    )
                ],
            }
        )
        bill.action_post()
        self._pay(bill)
        with self.assertRaises(ValidationError):
            self.request.invoice_id = bill

    def test_fee_cannot_be_zeroed(self):
        for user in (self.user_center, self.user_director):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.request.with_user(user).write({"fee_amount": 0.0, "state": "filed"})
        draft = self.env["dura.service.request"].create(
            {"partner_id": self.citizen_en.id, "service_type_id": self.service_water.id}
        )
        with self.assertRaises(AccessError):
            draft.with_user(self.user_center).fee_amount = 0.0

    def test_only_director_waives(self):
        with self.assertRaises(AccessError):
            self.request.with_user(self.user_center).write(
                {"fee_waived": True, "fee_waiver_reason": "friend"}
            )
        with self.assertRaises(ValidationError):
            self.request.with_user(self.user_director).write({"fee_waived": True})

    def test_cancel_reset_and_resubmit(self):
        with self.assertRaises(UserError):
            self.request.with_user(self.user_center).action_reinvoice()
        invoice = self.request.invoice_id
        self.request.with_user(self.user_center).action_cancel()
        self.assertEqual(self.request.state, "cancelled")
        self.assertEqual(invoice.state, "cancel")
        self.request.with_user(self.user_center).action_draft()
        self.assertEqual(self.request.state, "draft")
        self.assertFalse(self.request.invoice_id)
        self.request.with_user(self.user_center).action_submit()
        self.assertNotEqual(self.request.invoice_id, invoice)
        self.assertEqual(self.request.invoice_id.state, "posted")

    def test_no_payment_once_the_request_was_cancelled(self):
        """The cashier opened the payment wizard, the request was cancelled meanwhile: the
        payment is refused, in the cashier's language, and nothing is reconciled."""
        invoice = self.request.invoice_id
        wizard = (
            self.env["account.payment.register"]
            .with_user(self.user_center)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({})
        )
        self.request.with_user(self.user_center).action_cancel()
        payments = self.env["account.payment"].search_count([])
        with self.assertRaisesRegex(UserError, "was cancelled meanwhile"):
            wizard._create_payments()
        self.env["res.lang"]._activate_lang("ar_001")
        self.env["ir.module.module"]._load_module_terms(["dura_municipality"], ["ar_001"])
        with self.assertRaisesRegex(UserError, "في هذه الأثناء: لم تُسجَّل أي دفعة"):
            wizard.with_context(lang="ar_001")._create_payments()
        self.assertEqual(self.env["account.payment"].search_count([]), payments)
        self.assertEqual((invoice.state, invoice.payment_state), ("cancel", "not_paid"))

    def test_cancel_refused_once_partly_paid(self):
        self._pay(self.request.invoice_id, amount=50.0)
        with self.assertRaises(UserError):
            self.request.with_user(self.user_center).action_cancel()
        with self.assertRaises(UserError):
            self._reason_wizard(self.request, "waive", "poor family", self.user_director)
        self.assertEqual(self.request.state, "awaiting_payment")

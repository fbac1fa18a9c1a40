from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import format_amount

from .common import DuraUtilityRequestCommon


class DuraClearanceCommon(DuraUtilityRequestCommon):
    """A no-arrears clearance service, a building licence that asks for the clearance document,
    and subscriptions of both utilities whose documents the tests post."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # connection deposits (the demo's rates) are invoiced at activation and owed like any
        # bill: these tests count the bills alone
        cls.env["dura.utility.deposit.rate"].search([]).unlink()
        cls.doc_clearance = cls.env["dura.service.document.type"].create(
            {"name": "Municipal clearance (no debts)"}
        )
        cls.doc_clearance.update_field_translations("name", {"ar_001": "براءة ذمة من البلدية"})
        cls.service_clearance = cls.env["dura.service.type"].create(
            {
                "name": "No-debts clearance",
                "code": "T-CLR",
                "department_id": cls.department_water.id,
                "fee_product_id": cls._create_fee_product("Fee: clearance", 25.0).id,
                "completion_effect": "certificate",
                "dura_clearance": True,
                "dura_clearance_document_type_id": cls.doc_clearance.id,
                "document_type_ids": [Command.set(cls.doc_id_card.ids)],
            }
        )
        cls.service_licence = cls.env["dura.service.type"].create(
            {
                "name": "Building licence renewal",
                "code": "T-LIC",
                "department_id": cls.department_engineering.id,
                "document_type_ids": [Command.set((cls.doc_id_card + cls.doc_clearance).ids)],
            }
        )
        product = cls.env.ref("dura_utility_billing.product_water")
        cls.tariff_water = cls.env["dura.utility.tariff"].create(
            {
                "name": "Clearance water",
                "utility": "water",
                "product_id": product.id,
                "block_ids": [Command.create({"from_units": 0, "to_units": 0, "price": 5})],
            }
        )
        cls.tariff_electricity = cls.env["dura.utility.tariff"].create(
            {
                "name": "Clearance electricity",
                "utility": "electricity",
                "product_id": cls.env.ref("dura_utility_billing.product_electricity").id,
                "block_ids": [Command.create({"from_units": 0, "to_units": 0, "price": 0.5})],
            }
        )
        cls.water = cls._subscription(cls.citizen_ar, "water", "W-CLR-1")
        cls.electricity = cls._subscription(cls.citizen_ar, "electricity", "E-CLR-1")

    @classmethod
    def _subscription(cls, partner, utility, meter):
        tariff = cls.tariff_water if utility == "water" else cls.tariff_electricity
        subscription = cls.env["dura.utility.subscription"].create(
            {
                "partner_id": partner.id,
                "utility": utility,
                "meter_number": meter,
                "tariff_id": tariff.id,
                "start_date": fields.Date.today() - timedelta(days=200),
            }
        )
        subscription.action_activate()
        return subscription

    def _document(self, subscription, amount, days_due=-10, move_type="out_invoice", **extra):
        """A posted document of `subscription` (an opening balance: no billed period)."""
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": subscription.partner_id.id,
                "dura_subscription_id": subscription.id,
                "invoice_date": fields.Date.today() - timedelta(days=40),
                "invoice_date_due": fields.Date.today() + timedelta(days=days_due),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Opening balance",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
                **extra,
            }
        )
        move.action_post()
        return move

    def _complete(self, request):
        request.with_user(self.user_center).action_submit()
        self._pay(request.invoice_id)
        request.with_user(self.user_water).action_start()
        request.with_user(self.user_water).action_done()


@tagged("post_install", "-at_install")
class TestArrears(DuraClearanceCommon):
    """res.partner._dura_utility_arrears: the ledger's open residual per subscription."""

    def test_arrears_per_subscription(self):
        currency = self.env.company.currency_id
        # water: an overdue bill partly paid (100 - 40), a bill not yet due (25), in a plan (30)
        overdue = self._document(self.water, 100)
        self._pay(overdue, amount=40)
        self._document(self.water, 25, days_due=20)
        self._document(self.water, 30, dura_collection_hold="plan")
        # electricity: a bill of 50 and a credit note of 50 not reconciled yet: nothing owed
        self._document(self.electricity, 50)
        self._document(self.electricity, 50, move_type="out_refund")
        # neither a paid nor a draft document counts
        paid = self._document(self.electricity, 70)
        self._pay(paid)
        draft = self._document(self.water, 999)
        draft.button_draft()
        # a subscription of another contact of the same family (commercial entity) counts
        self.citizen_ar.is_company = True
        son = self.env["res.partner"].create({"name": "Son", "parent_id": self.citizen_ar.id})
        sons = self._subscription(son, "water", "W-CLR-SON")
        self._document(sons, 12.5)

        with self.assertQueryCount(1):
            lines = self.citizen_ar._dura_utility_arrears()
        self.assertEqual(
            [
                (
                    line.subscription,
                    line.currency,
                    line.amount,
                    line.plan_amount,
                    line.invoice_count,
                )
                for line in lines
            ],
            sorted(
                [(self.water, currency, 115.0, 30.0, 3), (sons, currency, 12.5, 0.0, 1)],
                key=lambda row: row[0].name,
            ),
        )
        water_line = next(line for line in lines if line.subscription == self.water)
        self.assertEqual(water_line.date_due, fields.Date.today() - timedelta(days=10))
        # asked for the son: the family's arrears, the same lines
        self.assertEqual(son._dura_utility_arrears(), lines)
        self.assertEqual(self.citizen_en._dura_utility_arrears(), [])

    def test_batch_of_citizens_is_one_query(self):
        self._document(self.water, 10)
        other = self._subscription(self.citizen_en, "water", "W-CLR-EN")
        self._document(other, 20)
        with self.assertQueryCount(1):
            lines = (self.citizen_ar | self.citizen_en)._dura_utility_arrears()
        self.assertEqual(
            {line.subscription: line.amount for line in lines}, {self.water: 10, other: 20}
        )


@tagged("post_install", "-at_install")
class TestClearanceRequest(DuraClearanceCommon):
    def test_refused_at_submit_with_the_arrears_listed(self):
        self._document(self.water, 100)
        self._document(self.electricity, 40, dura_collection_hold="plan")
        request = self._new_request(self.citizen_ar, self.service_clearance)
        currency = self.env.company.currency_id

        def amount(value):
            return format_amount(self.env, value, currency)

        with self.assertRaises(UserError) as refused:
            request.with_user(self.user_center).action_submit()
        self.assertEqual(
            refused.exception.args[0],
            "No clearance can be issued to أحمد محمود الشريف: the following utility "
            "subscriptions still owe (bills due or not yet due, and instalments of a payment "
            "plan).\n"
            # by subscription reference: the water subscription was created first
            f"- {self.water.name} (Water, meter W-CLR-1): {amount(100)}\n"
            f"- {self.electricity.name} (Electricity, meter E-CLR-1): {amount(40)}, of which "
            f"{amount(40)} in a running payment plan\n"
            "The citizen pays these amounts at the cashier first.",
        )
        self.assertEqual((request.state, request.invoice_id.id), ("draft", False))

    def test_refusal_in_arabic(self):
        self._document(self.water, 100)
        request = self._new_request(self.citizen_ar, self.service_clearance)
        # the web client's context of an Arabic officer
        with self.assertRaises(UserError) as refused:
            request.with_user(self.user_center).with_context(lang="ar_001").action_submit()
        text = refused.exception.args[0]
        self.assertIn("لا يمكن إصدار براءة ذمة", text)
        self.assertIn(f"{self.water.name} (مياه، العداد W-CLR-1)", text)

    def test_no_arrears_issues_the_certificate(self):
        paid = self._document(self.water, 100)
        self._pay(paid)
        request = self._new_request(self.citizen_ar, self.service_clearance)
        self._complete(request)
        self.assertEqual(request.state, "done")
        self.assertTrue(request.certificate_code)
        self.assertTrue(request.certificate_attachment_id)
        self.assertEqual(
            request.dura_clearance_valid_until, request._certificate_local_date() + timedelta(30)
        )
        # a certificate service that is no clearance has no validity
        plain = self.service_clearance.copy({"code": "T-CERT", "dura_clearance": False})
        other = self._new_request(self.citizen_ar, plain)
        self._complete(other)
        self.assertTrue(other.certificate_code)
        self.assertFalse(other.dura_clearance_valid_until)

    def test_checked_again_at_completion(self):
        request = self._new_request(self.citizen_ar, self.service_clearance)
        request.with_user(self.user_center).action_submit()
        self._pay(request.invoice_id)
        request.with_user(self.user_water).action_start()
        # a bill posted between the submit and the completion
        self._document(self.electricity, 33)
        # assertRaises (Odoo's, unlike assertRaisesRegex) rolls the completion back
        with self.assertRaises(UserError) as refused:
            request.with_user(self.user_water).action_done()
        self.assertIn("cannot be completed", refused.exception.args[0])
        self.assertIn("E-CLR-1", refused.exception.args[0])
        self.assertEqual(request.state, "in_progress")
        self.assertFalse(request.certificate_code)
        self.assertFalse(request.dura_clearance_valid_until)

    def test_clearance_must_issue_a_certificate(self):
        with self.assertRaises(ValidationError) as refused:
            self.service_clearance.completion_effect = "none"
        self.assertIn("must issue a certificate", refused.exception.args[0])

    def test_html_stand_in_is_not_accepted_as_a_document(self):
        """In a test database the certificate is rendered as HTML (no wkhtmltopdf): never
        attached as a document (the real PDF is, see test_clearance_pdf)."""
        request = self._new_request(self.citizen_ar, self.service_clearance)
        self._complete(request)
        self.assertNotEqual(request.certificate_attachment_id.mimetype, "application/pdf")
        licence = self._new_request(self.citizen_ar, self.service_licence, attach_all=False)
        self.assertEqual(
            licence._get_missing_documents().document_type_id, self.doc_id_card + self.doc_clearance
        )

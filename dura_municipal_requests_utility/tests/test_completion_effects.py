from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DuraUtilityRequestCommon


@tagged("post_install", "-at_install")
class TestUtilityCompletionEffects(DuraUtilityRequestCommon):
    """What a done utility request does in dura_utility_billing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # only this test's tariffs (the utility app's demo data has its own)
        cls.env["dura.utility.tariff"].search([]).active = False
        cls.electricity_tariff = cls.env["dura.utility.tariff"].create(
            {
                "name": "Domestic electricity",
                "utility": "electricity",
                "category": "residential",
                "billing_mode": "both",
                "currency_id": cls.company.currency_id.id,
                "product_id": cls.env.ref("dura_utility_billing.product_electricity").id,
                "block_ids": [
                    Command.create({"from_units": 0, "to_units": 160, "price": 0.49}),
                    Command.create({"from_units": 160, "to_units": 0, "price": 0.53}),
                ],
            }
        )
        cls.service_electricity = cls.service_complaint.copy(
            {
                "code": "T-ELEC-SUB",
                "name": "Electricity subscription",
                "completion_effect": "electricity_subscription",
            }
        )
        cls.service_water_sub = cls.service_complaint.copy(
            {
                "code": "T-WATER-SUB",
                "name": "Water subscription",
                "completion_effect": "water_subscription",
            }
        )
        cls.service_conversion = cls.service_complaint.copy(
            {
                "code": "T-CONV",
                "name": "Card to invoice",
                "completion_effect": "card_to_invoice",
            }
        )

    def _in_progress(self, service, citizen=None, **vals):
        request = self._new_request(citizen or self.citizen_ar, service)
        request.with_user(self.user_center).action_submit()
        request.with_user(self.user_water).action_start()
        if vals:
            request.with_user(self.user_water).write(vals)
        return request

    def test_electricity_subscription_created(self):
        request = self._in_progress(self.service_electricity)
        self.assertEqual(request.utility, "electricity")
        with self.assertRaisesRegex(UserError, "meter"):
            request.with_user(self.user_water).action_done()
        self.assertEqual(request.state, "in_progress")
        request.with_user(self.user_water).write({"meter_number": "E-7781", "quarter": "Al-Hadab"})
        request.with_user(self.user_water).action_done()
        self.assertEqual(request.state, "done")
        subscription = request.subscription_id
        self.assertEqual(subscription.partner_id, self.citizen_ar)
        self.assertEqual(subscription.utility, "electricity")
        self.assertEqual(subscription.meter_number, "E-7781")
        self.assertEqual(subscription.billing_mode, "postpaid")
        self.assertEqual(subscription.tariff_id, self.electricity_tariff)
        self.assertEqual(subscription.state, "draft")
        self.assertIn(subscription, self.citizen_ar.utility_subscription_ids)

    def test_water_subscription_without_tariff_refused(self):
        request = self._in_progress(self.service_water_sub, meter_number="W-1")
        self.assertEqual(request.utility, "water")
        with self.assertRaisesRegex(UserError, "tariff"):
            request.with_user(self.user_water).action_done()
        self.assertEqual(request.state, "in_progress")
        self.assertFalse(request.subscription_id)

    def test_duplicate_meter_refused(self):
        self.env["dura.utility.subscription"].create(
            {
                "partner_id": self.citizen_en.id,
                "utility": "electricity",
                "meter_number": "E-1",
                "tariff_id": self.electricity_tariff.id,
            }
        )
        request = self._in_progress(self.service_electricity, meter_number="E-1")
        with self.assertRaises(UserError):
            request.with_user(self.user_water).action_done()
        self.assertEqual(request.state, "in_progress")

    def _prepaid(self, citizen=None, **vals):
        return self.env["dura.utility.subscription"].create(
            {
                "partner_id": (citizen or self.citizen_ar).id,
                "utility": "electricity",
                "meter_number": vals.pop("meter_number", "CARD-1"),
                "billing_mode": "prepaid",
                "tariff_id": self.electricity_tariff.id,
                "state": "active",
                **vals,
            }
        )

    def test_card_to_invoice_conversion(self):
        subscription = self._prepaid()
        request = self._in_progress(
            self.service_conversion,
            subscription_id=subscription.id,
            final_reading=1520.0,
            opening_reading=0.0,
            new_meter_number="E-9001",
            remaining_credit=12.5,
            credit_policy="credit_note",
        )
        request.with_user(self.user_water).action_done()
        self.assertEqual(request.state, "done")
        self.assertEqual(subscription.billing_mode, "postpaid")
        self.assertEqual(subscription.meter_number, "E-9001")
        self.assertEqual(subscription.conversion_credit, 12.5)
        self.assertTrue(subscription.conversion_refund_id)
        self.assertEqual(sorted(subscription.reading_ids.mapped("kind")), ["final", "opening"])

    def test_card_to_invoice_refusals(self):
        subscription = self._prepaid()
        postpaid = self._prepaid(meter_number="E-2", billing_mode="postpaid")
        other = self._prepaid(citizen=self.citizen_en, meter_number="CARD-9")
        cases = [
            ({}, "Choose the prepaid subscription"),
            ({"subscription_id": postpaid.id}, "already billed by invoice"),
            ({"subscription_id": other.id}, "does not belong"),
            ({"subscription_id": subscription.id, "remaining_credit": -3.0}, "negative"),
        ]
        for vals, message in cases:
            with self.subTest(message=message):
                request = self._in_progress(self.service_conversion, **vals)
                with self.assertRaisesRegex(UserError, message):
                    request.with_user(self.user_water).action_done()
                self.assertEqual(request.state, "in_progress")
        self.assertEqual(subscription.billing_mode, "prepaid")
        self.assertFalse(subscription.reading_ids, "a refused conversion leaves nothing behind")

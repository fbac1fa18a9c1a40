from odoo.tests import Form, tagged

from .common import DuraUtilityCommon


@tagged("post_install", "-at_install")
class TestForms(DuraUtilityCommon):
    """The forms users work with: create records through them as the web client does."""

    def test_subscription_reading_and_run_forms(self):
        with Form(self.env["dura.utility.subscription"]) as form:
            form.partner_id = self.citizen_ar
            form.utility = "water"
            form.meter_number = "W-FORM-1"
            form.billing_mode = "postpaid"
            form.tariff_id = self.water_tariff
            form.quarter = "Karma"
            form.initial_reading = 10
        subscription = form.record
        self.assertTrue(subscription.name.startswith("SUB/"))
        self.assertEqual(subscription.state, "draft")
        subscription.action_activate()

        with Form(self.env["dura.utility.reading"]) as form:
            form.subscription_id = subscription
            form.date = self.period_date
            form.value = 35
        reading = form.record
        self.assertEqual(reading.period, self.period)
        self.assertEqual(reading.meter_number, "W-FORM-1")
        self.assertEqual(reading.consumption, 25)

        with Form(self.env["dura.utility.billing.run"]) as form:
            form.utility = "water"
            form.period = self.period
        run = form.record
        self.assertEqual((run.date_due - run.date).days, self.env.company.dura_bill_due_days)
        self.assertEqual(run.remaining_count, 1)
        run.action_run_now()
        self.assertEqual(run.progress, 100.0)
        self.assertEqual(subscription.bill_ids.move_id.amount_total, 42 + 110 + 36)

    def test_tariff_form(self):
        with Form(self.env["dura.utility.tariff"]) as form:
            form.name = "Commercial water"
            form.utility = "water"
            form.category = "commercial"
            form.product_id = self.env.ref("dura_utility_billing.product_water")
            form.fixed_charge = 42
            with form.block_ids.new() as block:
                block.from_units = 0
                block.price = 12.5
        tariff = form.record
        self.assertEqual(tariff.unit_label, "m³")
        self.assertEqual(tariff.block_ids.range_label, "0+")

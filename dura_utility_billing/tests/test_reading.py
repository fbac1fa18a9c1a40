from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DuraUtilityCommon


@tagged("post_install", "-at_install")
class TestReading(DuraUtilityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.subscription = cls._subscriptions(1, initial_reading=50)
        cls.first = cls._read(cls.subscription, 80, date=cls.previous_period_date)

    def test_consumption_from_previous_reading(self):
        self.assertEqual(self.first.previous_value, 50)
        self.assertEqual(self.first.consumption, 30)
        self.assertEqual(self.first.period, self.previous_period)
        reading = self._read(self.subscription, 95, estimated=True)
        self.assertEqual(reading.previous_value, 80)
        self.assertEqual(reading.consumption, 15)
        self.assertTrue(reading.estimated)
        self.assertEqual(self.subscription.last_reading_value, 95)

    def test_lower_value_refused(self):
        with self.assertRaisesText(ValidationError, "below the previous reading"):
            self._read(self.subscription, 79)
        self.assertEqual(self.subscription.reading_ids, self.first)

    def test_future_reading_refused(self):
        tomorrow = fields.Date.context_today(self.subscription) + relativedelta(days=1)
        with self.assertRaisesText(ValidationError, "future"):
            self._read(self.subscription, 90, date=tomorrow)

    def test_backdated_reading_refused(self):
        with self.assertRaisesText(ValidationError, "date order"):
            self._read(
                self.subscription, 90, date=self.previous_period_date - relativedelta(days=5)
            )

    def test_meter_replacement_accepted(self):
        reading = self._read(
            self.subscription,
            7,
            kind="replacement",
            meter_number="W-NEW-1",
            old_meter_final_value=92,
            new_meter_initial_value=2,
        )
        # 12 units on the old meter, 5 on the new one
        self.assertEqual(reading.consumption, 17)
        self.assertEqual(self.subscription.meter_number, "W-NEW-1")
        nxt = self._read(self.subscription, 10, date=fields.Date.context_today(reading))
        self.assertEqual(nxt.consumption, 3)

    def test_replacement_needs_new_meter_number(self):
        with self.assertRaisesText(ValidationError, "new meter"):
            self._read(self.subscription, 7, kind="replacement", old_meter_final_value=92)

    def test_rollover_accepted(self):
        reading = self._read(self.subscription, 4, kind="rollover", rollover_capacity=100)
        self.assertEqual(reading.consumption, 24)  # 80 -> 100 (=0) -> 4
        with self.assertRaisesText(ValidationError, "rollover"):
            self._read(
                self._subscriptions(1, initial_reading=10),
                40,
                kind="rollover",
                rollover_capacity=100,
            )

    def test_one_billable_reading_per_period(self):
        self._read(self.subscription, 90)
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.cr.savepoint(),
        ):
            self._read(self.subscription, 95)

    def test_billed_reading_locked(self):
        self._read(self.subscription, 90)
        run = self._run()
        run.action_run_now()
        reading = run.bill_ids.reading_id
        self.assertTrue(reading)
        with self.assertRaisesText(UserError, "already billed"):
            reading.value = 91
        with self.assertRaisesText(UserError, "already billed"):
            reading.unlink()

    def test_meter_number_unique_among_open_subscriptions(self):
        with self.assertRaisesText(ValidationError, "already belongs"):
            self._subscriptions(1, meter_number=self.subscription.meter_number)
        # another utility may reuse the number; a closed subscription frees it
        self._subscriptions(1, "electricity", meter_number=self.subscription.meter_number)
        self.subscription.action_close()
        self._subscriptions(1, meter_number=self.subscription.meter_number)

    def test_tariff_blocks_validated(self):
        with self.assertRaisesText(ValidationError, "gap"):
            self.water_tariff.block_ids[1].from_units = 25

    def test_subscription_found_on_a_new_reading(self):
        """The web client evaluates the field's domain on the new row, which has no company
        yet: it must not restrict the subscriptions to that empty company."""
        for model in ("dura.utility.reading", "dura.utility.topup"):
            domain = self.env[model]._fields["subscription_id"]._description_domain(self.env)
            self.assertNotIn("company_id", str(domain), model)
        other = self._subscriptions(1, partner=self.citizen_ar)
        Subscription = self.env["dura.utility.subscription"].with_context(
            dura_subscription_meter=True
        )
        domain = [("state", "in", ("active", "suspended", "draft"))]
        found = Subscription.name_search(self.subscription.meter_number, domain)
        self.assertEqual([sid for sid, _name in found], self.subscription.ids)
        self.assertIn(self.subscription.meter_number, found[0][1])
        self.assertIn(self.subscription.partner_id.name, found[0][1])
        by_citizen = Subscription.name_search("محمد أحمد", domain)
        self.assertIn(other.id, [sid for sid, _name in by_citizen])
        by_reference = Subscription.name_search(other.name, domain)
        self.assertEqual([sid for sid, _name in by_reference], other.ids)
        # without the context, the reference alone, as elsewhere
        self.assertEqual(other.display_name, other.name)

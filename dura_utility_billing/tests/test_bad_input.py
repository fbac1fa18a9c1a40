"""Bad input refused with a clear error, and nothing written: readings, tariffs, fees, runs."""

from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.dura_municipality.tests.common import as_rpc

from .common import DuraUtilityCommon

COUNTED = (
    "dura.utility.reading",
    "dura.utility.tariff",
    "dura.utility.tariff.block",
    "dura.utility.topup",
    "dura.utility.billing.run",
    "dura.utility.bill",
    "account.move",
)


@tagged("post_install", "-at_install")
class TestUtilityBadInput(DuraUtilityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.subscription = cls._subscriptions(1, initial_reading=50)
        cls._read(cls.subscription, 80, date=cls.previous_period_date)
        cls.closed = cls._subscriptions(1)
        cls.closed.action_close()
        cls.card = cls._subscriptions(1, "electricity", "prepaid")
        cls.cash = cls.company_data["default_journal_cash"]

    def _counts(self):
        return {model: self.env[model].search_count([]) for model in COUNTED}

    def _tariff(self, blocks, **values):
        return self.env["dura.utility.tariff"].create(
            {
                "name": "Bad tariff",
                "utility": "water",
                "category": "residential",
                "currency_id": self.env.company.currency_id.id,
                "product_id": self.env.ref("dura_utility_billing.product_water").id,
                "block_ids": [
                    Command.create({"from_units": start, "to_units": end, "price": price})
                    for start, end, price in blocks
                ],
                **values,
            }
        )

    def _topup(self, subscription, amount):
        return self.env["dura.utility.topup"].create(
            {"subscription_id": subscription.id, "amount": amount, "journal_id": self.cash.id}
        )

    def _as_rpc(self, action):
        return as_rpc(self.env, action)

    def _cases(self):
        today = fields.Date.context_today(self.subscription)
        sub = self.subscription
        return [
            ("reading going backwards", lambda: self._read(sub, 79), ValidationError,
             "below the previous reading"),
            ("reading in the future", lambda: self._read(sub, 90, date=today + relativedelta(
                days=1)), ValidationError, "cannot be dated in the future"),
            ("negative reading", lambda: self._read(sub, -5), ValidationError,
             "cannot be negative"),
            ("reading dated before the last one", lambda: self._read(
                sub, 90, date=self.previous_period_date - relativedelta(days=3)),
             ValidationError, "entered in date order"),
            ("replacement without a new meter", lambda: self._read(
                sub, 7, kind="replacement", old_meter_final_value=92), ValidationError,
             "needs the number of the new meter"),
            ("old meter's final reading going backwards", lambda: self._read(
                sub, 7, kind="replacement", meter_number="W-NEW-9", old_meter_final_value=60),
             ValidationError, "final reading of the old meter"),
            ("rollover above the previous reading", lambda: self._read(
                sub, 95, kind="rollover", rollover_capacity=100), ValidationError,
             "A rollover needs the meter capacity"),
            ("reading on a closed subscription", lambda: self._read(self.closed, 10),
             UserError, "is closed: no reading can be added"),
            ("tariff blocks overlapping", lambda: self._tariff(
                [(0, 20, 5), (15, 0, 7)]), ValidationError, "the blocks overlap"),
            ("tariff blocks with a gap", lambda: self._tariff(
                [(0, 20, 5), (25, 0, 7)]), ValidationError, "there is a gap"),
            ("tariff without blocks", lambda: self._tariff([]), ValidationError,
             "needs at least one block"),
            ("tariff not starting at zero", lambda: self._tariff([(5, 0, 5)]),
             ValidationError, "Bad tariff"),
            ("two open-ended blocks", lambda: self._tariff([(0, 0, 5), (10, 0, 7)]),
             ValidationError, "may be open-ended"),
            ("negative block price", self._as_rpc(lambda: self._tariff([(0, 0, -1)])),
             ValidationError, "A block price cannot be negative"),
            ("negative fixed charge", lambda: self._tariff(
                [(0, 0, 1)], fixed_charge=-42), ValidationError,
             "fixed charge of tariff Bad tariff cannot be negative"),
            ("tariff ending before it starts", lambda: self._tariff(
                [(0, 0, 1)], date_from=today, date_to=today - relativedelta(days=1)),
             ValidationError, "ends before it starts"),
            ("negative top-up", self._as_rpc(lambda: self._topup(self.card, -20)),
             ValidationError, "A top-up amount must be positive"),
            ("zero top-up", self._as_rpc(lambda: self._topup(self.card, 0)), ValidationError,
             "A top-up amount must be positive"),
            ("top-up of a postpaid meter", lambda: self._topup(sub, 20), ValidationError,
             "is not a prepaid card meter"),
            ("billing period badly written", lambda: self._run(period="2026/01"),
             ValidationError, "must be written YYYY-MM"),
            ("billing run batch of zero", lambda: self._run(batch_size=0), ValidationError,
             "batch size must be at least 1"),
            ("meter already on an open subscription", lambda: self._subscriptions(
                1, meter_number=sub.meter_number), ValidationError, "already belongs"),
        ]  # fmt: skip

    def test_refused_actions_table(self):
        for label, action, error, fragment in self._cases():
            with self.subTest(label):
                before = self._counts()
                with self.assertRaisesText(error, fragment):
                    action()
                self.assertEqual(self._counts(), before, "nothing written")

    def test_refusals_in_arabic(self):
        today = fields.Date.context_today(self.subscription)
        sub = self.subscription.with_context(lang="ar_001")
        Reading = self.env["dura.utility.reading"].with_context(lang="ar_001")
        cases = [
            ({"value": 79}, "أقل من القراءة السابقة"),
            ({"value": 90, "date": today + relativedelta(days=1)}, "في المستقبل"),
        ]
        for values, fragment in cases:
            with self.subTest(fragment=fragment):
                before = self._counts()
                with self.assertRaisesText(ValidationError, fragment):
                    Reading.create({"subscription_id": sub.id, "date": today, **values})
                self.assertEqual(self._counts(), before)
        self.env = self.env(context=dict(self.env.context, lang="ar_001"))
        with self.assertRaisesText(ValidationError, "موجب"):
            self._as_rpc(lambda: self._topup(self.card, -5))()

    def test_duplicate_billing_period(self):
        """A second reading for the same period is refused by PostgreSQL; a second run for a
        billed period bills nobody."""
        self._read(self.subscription, 90)
        before = self._counts()
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaisesText(IntegrityError, "dura_utility_reading_period_uniq"),
            self.cr.savepoint(),
        ):
            self._read(self.subscription, 95)
        self.assertEqual(self._counts(), before)
        self._run().action_run_now()
        billed = self._counts()
        second = self._run()
        second.action_run_now()
        self.assertFalse(second.bill_ids)
        after = self._counts()
        after["dura.utility.billing.run"] -= 1
        self.assertEqual(after, billed, "no bill nor invoice twice")

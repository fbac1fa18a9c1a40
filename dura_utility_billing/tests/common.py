import itertools
from contextlib import contextmanager

from dateutil.relativedelta import relativedelta

from odoo import Command, fields

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class DuraUtilityCommon(AccountTestInvoicingCommon):
    """Tariffs from the research file, two citizens (Arabic and English) and helpers that
    create subscriptions and readings in batch."""

    _meter_numbers = itertools.count(1)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the bill text as the municipality's SMS approver approved it
        cls.env.ref("dura_utility_billing.sms_template_utility_bill").sudo().action_dura_approve()
        # the accounting test user (Billing rights) is also a Utility Officer
        cls.env.user.groups_id |= cls.env.ref("dura_utility_billing.group_utility_officer")
        cls.env["res.lang"]._activate_lang("ar_001")
        # with the letterhead's (dura_municipality): the printed documents use both
        cls.env["ir.module.module"]._load_module_terms(
            ["dura_municipality", "dura_utility_billing"], ["ar_001"]
        )
        today = fields.Date.context_today(cls.env["res.users"])
        cls.period = (today - relativedelta(months=1)).strftime("%Y-%m")
        cls.period_date = today - relativedelta(months=1)
        cls.previous_period_date = today - relativedelta(months=2)
        cls.previous_period = cls.previous_period_date.strftime("%Y-%m")
        cls.water_tariff = cls.env["dura.utility.tariff"].create(
            {
                "name": "Domestic water",
                "utility": "water",
                "category": "residential",
                "fixed_charge": 42.0,
                "currency_id": cls.env.company.currency_id.id,
                "product_id": cls.env.ref("dura_utility_billing.product_water").id,
                "block_ids": [
                    Command.create({"from_units": 0, "to_units": 20, "price": 5.5}),
                    Command.create({"from_units": 20, "to_units": 40, "price": 7.2}),
                    Command.create({"from_units": 40, "to_units": 80, "price": 9.5}),
                    Command.create({"from_units": 80, "to_units": 120, "price": 12.0}),
                    Command.create({"from_units": 120, "to_units": 0, "price": 13.0}),
                ],
            }
        )
        cls.electricity_tariff = cls.env["dura.utility.tariff"].create(
            {
                "name": "Domestic electricity",
                "utility": "electricity",
                "category": "residential",
                "currency_id": cls.env.company.currency_id.id,
                "product_id": cls.env.ref("dura_utility_billing.product_electricity").id,
                "block_ids": [
                    Command.create({"from_units": 0, "to_units": 160, "price": 0.49}),
                    Command.create({"from_units": 160, "to_units": 250, "price": 0.53}),
                    Command.create({"from_units": 250, "to_units": 400, "price": 0.63}),
                    Command.create({"from_units": 400, "to_units": 0, "price": 0.70}),
                ],
            }
        )
        cls.citizen_ar = cls.env["res.partner"].create(
            {"name": "محمد أحمد عمرو", "lang": "ar_001", "mobile": "+970599123456"}
        )
        cls.citizen_en = cls.env["res.partner"].create(
            {"name": "Sami Dudeen", "lang": "en_US", "mobile": "+970599654321"}
        )

    @classmethod
    def _subscriptions(cls, count, utility="water", mode="postpaid", partner=None, **extra):
        tariff = cls.water_tariff if utility == "water" else cls.electricity_tariff
        partner = partner or cls.citizen_en
        subscriptions = cls.env["dura.utility.subscription"].create(
            [
                {
                    "partner_id": partner.id,
                    "utility": utility,
                    "meter_number": f"{utility[0].upper()}-{next(cls._meter_numbers):06d}",
                    "billing_mode": mode,
                    "tariff_id": tariff.id,
                    "quarter": "Karma" if index % 2 else "Hanina",
                    "start_date": cls.previous_period_date - relativedelta(months=6),
                    **extra,
                }
                for index in range(count)
            ]
        )
        subscriptions.action_activate()
        return subscriptions

    @classmethod
    def _read(cls, subscriptions, values, date=None, **extra):
        if not isinstance(values, list | tuple):
            values = [values] * len(subscriptions)
        return cls.env["dura.utility.reading"].create(
            [
                {
                    "subscription_id": subscription.id,
                    "date": date or cls.period_date,
                    "value": value,
                    **extra,
                }
                for subscription, value in zip(subscriptions, values, strict=True)
            ]
        )

    @classmethod
    def _run(cls, utility="water", period=None, **vals):
        return cls.env["dura.utility.billing.run"].create(
            {"utility": utility, "period": period or cls.period, **vals}
        )

    @contextmanager
    def assertRaisesText(self, exception, text):
        """assertRaises (which rolls back to a savepoint in Odoo) plus a check of the message."""
        with self.assertRaises(exception) as catcher:
            yield
        self.assertIn(text, str(catcher.exception))

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestUtilityRoleTours(HttpCase):
    """The meter reader's and the utility office's day in a browser, on the demo data, as the
    demo users (logins ``reader`` and ``utility``) with only their role's groups."""

    def _menu_visible(self, login, xmlid):
        user = self.env["res.users"].search([("login", "=", login)])
        menus = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        return self.env.ref(xmlid).id in menus

    def test_meter_reader_enters_a_route(self):
        reader = self.env.ref("dura_utility_billing.user_meter_reader")
        # the meter reader's role alone: no utility office, no Invoicing
        self.assertTrue(reader.has_group("dura_utility_billing.group_meter_reader"))
        self.assertFalse(reader.has_group("dura_utility_billing.group_utility_officer"))
        self.assertFalse(reader.has_group("account.group_account_invoice"))
        self.assertTrue(self._menu_visible("reader", "dura_utility_billing.menu_utility_reading"))
        subscriptions = self.env["dura.utility.subscription"].search(
            [("meter_number", "in", ("W-20400", "W-20413", "W-20426"))]
        )
        last = {s.meter_number: s.last_reading_value for s in subscriptions}
        self.start_tour("/odoo", "dura_utility_reader_readings", login="reader", timeout=180)
        readings = self.env["dura.utility.reading"].search(
            [("subscription_id", "in", subscriptions.ids), ("reader_id", "=", reader.id)]
        )
        self.assertEqual(
            {r.meter_number: r.value for r in readings},
            {"W-20400": 2840.0, "W-20413": 1410.0, "W-20426": 3425.0},
        )
        for reading in readings:
            self.assertEqual(reading.previous_value, last[reading.meter_number])
            self.assertEqual(reading.consumption, reading.value - last[reading.meter_number])

    def test_utility_office_activates_a_draft(self):
        draft = self.env.ref("dura_utility_billing.demo_subscription_57")
        self.assertEqual(draft.state, "draft")
        self.start_tour("/odoo", "dura_utility_office_activate", login="utility", timeout=120)
        self.assertEqual(draft.state, "active")
        self.assertEqual(draft.reading_ids.mapped("value"), [5.0])
        self.assertEqual(draft.reading_ids.consumption, 5.0)

    def test_utility_office_conversion_proposes_card_credit(self):
        card = self.env.ref("dura_utility_billing.demo_subscription_54")
        self.assertEqual(card.balance, 100.0)
        self.start_tour("/odoo", "dura_utility_office_conversion", login="utility", timeout=120)
        # looked at, not made
        self.assertEqual(card.billing_mode, "prepaid")

    def test_utility_office_sells_a_topup(self):
        card = self.env.ref("dura_utility_billing.demo_subscription_54")
        self.start_tour("/odoo", "dura_utility_office_topup", login="utility", timeout=120)
        topup = card.topup_ids.filtered(lambda t: t.token == "11112222333344445555")
        self.assertEqual(topup.state, "paid")
        self.assertTrue(topup.name.startswith("TOP/"))
        self.assertEqual(card.balance, 150.0)
        sms = self.env["sms.sms"].search(
            [("dura_res_model", "=", "dura.utility.topup"), ("dura_res_id", "=", topup.id)]
        )
        self.assertEqual(len(sms), 1)
        self.assertIn(topup.name, sms.body)
        self.assertIn("11112222333344445555", sms.body)

    def test_utility_office_bills_a_period(self):
        run = self.env.ref("dura_utility_billing.demo_billing_run_electricity_m1")
        self.assertEqual(run.state, "draft")
        to_bill = run.remaining_count
        self.assertTrue(to_bill)
        self.assertTrue(
            self._menu_visible("utility", "dura_utility_billing.menu_utility_billing_run")
        )
        self.start_tour("/odoo", "dura_utility_office_billing", login="utility", timeout=120)
        self.assertEqual(run.state, "done")
        # and those left without a reading, billed on an estimate
        self.assertEqual(len(run.bill_ids), to_bill + run.estimated_count)
        self.assertTrue(all(move.state == "posted" for move in run.bill_ids.move_id))

    def test_utility_office_reads_totals_in_shekels(self):
        ils = self.env.ref("base.ILS")
        run = self.env.ref("dura_utility_billing.demo_billing_run_water_m2")
        self.assertEqual(run.state, "done")
        self.assertEqual(run.currency_id, ils)
        self.assertGreater(run.amount_billed, 0)
        billed = self.env["dura.utility.billing.report"].search([])
        self.assertEqual(billed.currency_id, ils)
        self.assertTrue(
            self._menu_visible("utility", "dura_utility_billing.menu_utility_billing_report")
        )
        self.start_tour("/odoo", "dura_utility_office_totals_in_shekels", login="utility")

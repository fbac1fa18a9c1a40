from dateutil.relativedelta import relativedelta

from odoo import Command, fields

from .common import DuraUtilityCommon

TEMPLATES = (
    "sms_template_collection_reminder",
    "sms_template_collection_notice",
    "sms_template_collection_final",
    "sms_template_order_disconnect",
    "sms_template_order_disconnected",
    "sms_template_order_reconnect",
    "sms_template_order_reconnected",
)


class DuraCollectionCommon(DuraUtilityCommon):
    """Bills due 40 days ago (water and electricity), the issue's policy for the test company
    (reminder -3, notice +7 with a fee, final notice +21, disconnection +30) and helpers that
    run a collection on a given day and pay a bill."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        templates = cls.env["sms.template"].union(
            *(ref(f"dura_utility_billing.{name}") for name in TEMPLATES)
        )
        templates.sudo().action_dura_approve()
        # every SMS is "delivered" at once in the audit log, as the demo's
        cls.env["dura.sms.provider"].sudo().search([]).active = False
        cls.env["dura.sms.provider"].sudo().create(
            {"name": "Sandbox (tests)", "kind": "sandbox", "company_id": False}
        )
        cls.env.user.groups_id |= ref("dura_utility_billing.group_utility_finance_manager")
        cls.today = fields.Date.context_today(cls.env.user)
        cls.due = cls.today - relativedelta(days=40)
        (cls.water_tariff | cls.electricity_tariff).date_from = cls.due - relativedelta(months=3)
        cls.water_policy = cls._policy("water", percent=2.0)
        cls.electricity_policy = cls._policy("electricity", fixed=10.0)

    @classmethod
    def _policy(cls, utility, fixed=0.0, percent=0.0, **extra):
        ref = cls.env.ref
        fee = (
            {"fee_kind": "fixed", "fee_amount": fixed}
            if fixed
            else {"fee_kind": "percent", "fee_percent": percent}
        )
        return cls.env["dura.utility.collection.policy"].create(
            {
                "name": f"{utility} collection",
                "utility": utility,
                "reconnection_fee": 50.0,
                "level_ids": [
                    Command.create(
                        {
                            "sequence": 10,
                            "name": "Reminder",
                            "delay": -3,
                            "action": "reminder",
                            "sms_template_id": ref(
                                "dura_utility_billing.sms_template_collection_reminder"
                            ).id,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 20,
                            "name": "Overdue notice",
                            "delay": 7,
                            "action": "notice",
                            "sms_template_id": ref(
                                "dura_utility_billing.sms_template_collection_notice"
                            ).id,
                            **fee,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 30,
                            "name": "Final notice",
                            "delay": 21,
                            "action": "final",
                            "sms_template_id": ref(
                                "dura_utility_billing.sms_template_collection_final"
                            ).id,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 40,
                            "name": "Disconnection",
                            "delay": 30,
                            "action": "disconnect",
                        }
                    ),
                ],
                **extra,
            }
        )

    @classmethod
    def _bills(cls, count=1, utility="water", partner=None, value=30):
        """Posted bills of `count` new subscriptions, due on cls.due."""
        subscriptions = cls._subscriptions(count, utility, partner=partner)
        cls._read(subscriptions, value)
        run = cls._run(utility, date=cls.due - relativedelta(days=15))
        run.date_due = cls.due
        run.action_run_now()
        return run.bill_ids.move_id.sorted("id")

    def _collect(self, days, **vals):
        """A collection run on the due date + `days`, worked through at once."""
        run = self.env["dura.utility.collection.run"].create(
            {"date": self.due + relativedelta(days=days), **vals}
        )
        run.action_run_now()
        self.assertEqual(run.state, "done", run.error_message)
        return run

    def _dispatch(self):
        self.env["sms.sms"].sudo()._process_queue()

    def _pay(self, moves, amount=None):
        vals = {"journal_id": self.company_data["default_journal_cash"].id}
        if amount is not None:
            vals["amount"] = amount
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=moves.ids)
            .create(vals)
            ._create_payments()
        )

    def _levels(self, moves):
        moves.invalidate_recordset()
        return [move.dura_collection_level_id.name or False for move in moves]

from odoo.tests import new_test_user, tagged

from odoo.addons.dura_sms_gateway.tests.common import ScriptedProvider
from odoo.addons.dura_sms_gateway.tools.providers import DeliveryReport

from .common import DuraUtilityCommon

NUMBERS = ("+970599100001", "+970599100002", "+970599100003", "+970599100004")


@tagged("post_install", "-at_install")
class TestBillingRunSmsCounters(DuraUtilityCommon):
    """A run's bill SMS counters follow the gateway: the queue, then the audit log
    (dura.sms.message), each SMS counted once, through a real loopback provider."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["dura.sms.provider"].sudo().search([]).active = False
        partners = cls.env["res.partner"].create(
            [{"name": f"Citizen {n}", "mobile": number} for n, number in enumerate(NUMBERS)]
            + [{"name": "No mobile"}]
        )
        cls.subscriptions = cls.env["dura.utility.subscription"]
        for partner in partners:
            cls.subscriptions |= cls._subscriptions(1, partner=partner)
        cls._read(cls.subscriptions, 30)

    def _provider(self):
        server = ScriptedProvider().start()
        self.addCleanup(server.stop)

        def answer(request):
            if request["json"]["to"] == NUMBERS[3]:
                return {"json": {"status": "rejected", "error": "blocked by operator"}}
            return {"json": {"status": "accepted", "message_id": request["json"]["id"][:8]}}

        server.default = answer
        return (
            self.env["dura.sms.provider"]
            .sudo()
            .create(
                {
                    "name": "Loopback",
                    "kind": "http_json",
                    "url": server.url,
                    "timeout": 2,
                    "max_attempts": 1,
                }
            )
        )

    def _audit_counts(self, moves):
        return dict(
            self.env["dura.sms.message"]
            .sudo()
            ._read_group(
                [("res_model", "=", "account.move"), ("res_id", "in", moves.ids)],
                ["state"],
                ["__count"],
            )
        )

    def _counters(self, run):
        run.invalidate_recordset()
        return {
            "bills": run.bill_count,
            "queued": run.sms_count,
            "waiting": run.sms_waiting_count,
            "sent": run.sms_sent_count,
            "delivered": run.sms_delivered_count,
            "failed": run.sms_failed_count,
        }

    def test_counters_match_the_audit_log(self):
        provider = self._provider()
        run = self._run()
        run.action_run_now()
        moves = run.bill_ids.move_id
        # billed and queued: nothing in the audit log yet
        self.assertEqual(
            self._counters(run),
            {"bills": 5, "queued": 4, "waiting": 4, "sent": 0, "delivered": 0, "failed": 0},
        )
        self.assertEqual(run.no_mobile_count, 1)
        self.assertFalse(self._audit_counts(moves))

        self.env["sms.sms"].sudo()._process_queue()
        self.assertEqual(self._audit_counts(moves), {"accepted": 3, "failed": 1})
        self.assertEqual(
            self._counters(run),
            {"bills": 5, "queued": 4, "waiting": 0, "sent": 3, "delivered": 0, "failed": 1},
        )

        # the operator reports: the first delivered, the second not
        Message = self.env["dura.sms.message"].sudo()
        entries = {
            entry.number: entry
            for entry in Message.search(
                [("res_model", "=", "account.move"), ("res_id", "in", moves.ids)]
            )
        }
        Message._apply_delivery_reports(
            provider,
            [
                DeliveryReport(entries[NUMBERS[0]].uuid, "delivered"),
                DeliveryReport(entries[NUMBERS[1]].uuid, "not_delivered"),
            ],
        )
        audit = self._audit_counts(moves)
        self.assertEqual(audit, {"accepted": 1, "delivered": 1, "failed": 2})
        counters = self._counters(run)
        self.assertEqual(
            counters,
            {"bills": 5, "queued": 4, "waiting": 0, "sent": 1, "delivered": 1, "failed": 2},
        )
        self.assertEqual(counters["sent"], audit["accepted"])
        self.assertEqual(counters["delivered"], audit["delivered"])
        self.assertEqual(counters["failed"], audit["failed"])

        # an approver sends the rejected one again: it waits in the queue, counted once
        approver = new_test_user(
            self.env, login="run_sms_approver", groups="dura_sms_gateway.group_sms_approver"
        )
        Message.with_user(approver).browse(entries[NUMBERS[3]].id).action_resend_failed()
        self.assertEqual(
            self._audit_counts(moves), {"accepted": 1, "delivered": 1, "failed": 1, "queued": 1}
        )
        counters = self._counters(run)
        self.assertEqual(
            counters,
            {"bills": 5, "queued": 4, "waiting": 1, "sent": 1, "delivered": 1, "failed": 1},
        )
        self.assertEqual(
            sum(counters[key] for key in ("waiting", "sent", "delivered", "failed")),
            counters["queued"],
        )

    def test_counters_of_several_runs_in_a_fixed_number_of_queries(self):
        self._provider()
        run = self._run()
        run.action_run_now()
        other = self._subscriptions(3, "electricity")
        self._read(other, 100)
        run2 = self._run("electricity")
        run2.action_run_now()
        runs = run | run2
        self.env.invalidate_all()
        with self.assertQueryCount(3):
            runs.mapped("sms_waiting_count")
        self.assertEqual(runs.mapped("sms_waiting_count"), [4, 3])

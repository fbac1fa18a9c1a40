import random
import sys
import threading
import time
import traceback
from collections import Counter

from psycopg2 import OperationalError
from stdnum import luhn

from odoo import SUPERUSER_ID, api, sql_db
from odoo.exceptions import UserError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tests import BaseCase, get_db_name, new_test_user, tagged
from odoo.tools import mute_logger


def retrying(func, env, tries=5):
    """`odoo.service.model.retrying` without its `env.reset()`: that reloads the registry, whose
    lock the test runner's thread holds; the registry is unchanged here, so clearing the
    transaction's cache is the same reset."""
    for tryno in range(1, tries + 1):
        try:
            result = func()
            env.cr.flush()
            return result
        except OperationalError as exc:
            env.cr.rollback()
            env.transaction.clear()
            env.registry.reset_changes()
            if not isinstance(exc, PG_CONCURRENCY_EXCEPTIONS_TO_RETRY) or tryno == tries:
                raise
            time.sleep(random.uniform(0.0, 0.1 * 2**tryno))
    return None


@tagged("post_install", "-at_install")
class TestConcurrentCounter(BaseCase):
    """Two people act on the same request at the same moment, each in their own database
    connection with real commits, retried on serialization failures the way Odoo retries an
    HTTP or RPC call (`odoo.service.model.retrying`): one of them wins, the other gets the
    error a user would get a second later, and nothing is doubled or left half done."""

    ROUNDS = 8

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = get_db_name()
        with cls._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env.company.country_id = env.ref("base.ps")
            cls.user_ids = [
                new_test_user(
                    env,
                    login=f"race_center_{i}",
                    groups="dura_municipal_requests.group_service_center_officer",
                ).id
                for i in range(2)
            ]
            department = env["dura.municipal.department"].create(
                {"name": "Race department", "code": "T-RACE"}
            )
            fee = env["product.product"].create(
                {"name": "Race fee", "type": "service", "list_price": 30.0, "taxes_id": []}
            )
            cls.service_id = (
                env["dura.service.type"]
                .create(
                    {
                        "name": "Race service",
                        "code": "T-RACE-SRV",
                        "department_id": department.id,
                        "fee_product_id": fee.id,
                        "sla_days": 3,
                    }
                )
                .id
            )
            cls.partner_id = (
                env["res.partner"]
                .create(
                    {
                        "name": "مواطن السباق",
                        "dura_national_id": "77665544" + luhn.calc_check_digit("77665544"),
                        "mobile": "0599777111",
                        "country_id": env.ref("base.ps").id,
                    }
                )
                .id
            )
            cls.ids_to_clean = {"department": department.id, "fee": fee.id}

    @classmethod
    def tearDownClass(cls):
        with cls._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            requests = env["dura.service.request"].search([("partner_id", "=", cls.partner_id)])
            payments = env["account.payment"].search([("partner_id", "=", cls.partner_id)])
            payments.action_draft()
            payments.unlink()
            moves = env["account.move"].search([("partner_id", "=", cls.partner_id)])
            moves.filtered(lambda m: m.state != "draft").button_draft()
            moves.with_context(force_delete=True).unlink()
            requests.activity_unlink(["mail.mail_activity_data_todo"])
            sms = env["sms.sms"].search(
                [("dura_res_model", "=", requests._name), ("dura_res_id", "in", requests.ids)]
            )
            env["dura.sms.message"].search([("uuid", "in", sms.mapped("uuid"))]).unlink()
            sms.unlink()
            # filed requests refuse deletion by design; this test's own rows go by SQL
            cr.execute(
                "DELETE FROM dura_service_request WHERE id IN %s", [tuple(requests.ids) or (0,)]
            )
            env["dura.service.type"].browse(cls.service_id).unlink()
            env["dura.municipal.department"].browse(cls.ids_to_clean["department"]).unlink()
            env["product.product"].browse(cls.ids_to_clean["fee"]).unlink()
            env["res.partner"].browse(cls.partner_id).active = False
            env["res.users"].browse(cls.user_ids).active = False
        super().tearDownClass()

    @classmethod
    def _cursor(cls):
        return sql_db.db_connect(cls.db).cursor()

    # helpers

    def _new_request(self, submit=False):
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            request = env["dura.service.request"].create(
                {"partner_id": self.partner_id, "service_type_id": self.service_id}
            )
            if submit:
                request.with_user(self.user_ids[0]).action_submit()
            return request.id

    def _race(self, *actions):
        """Run each action(env) in its own thread and connection, started together; each is
        retried like an HTTP call and committed. Returns what each returned or raised."""
        cursors = [self._cursor() for _ in actions]
        # Environments are made here: the main thread holds the registry lock during tests
        envs = [api.Environment(cr, SUPERUSER_ID, {}) for cr in cursors]
        results = [None] * len(actions)
        barrier = threading.Barrier(len(actions))

        def run(index):
            env = envs[index]
            try:
                barrier.wait(30)
                results[index] = retrying(lambda: actions[index](env), env)
                # the SMS gateway's post-commit cron trigger opens the registry, whose lock
                # the test runner holds: the queued SMS are counted, not dispatched, here
                env.cr.postcommit.clear()
                env.cr.commit()
            except Exception as exc:  # the outcome under test: kept, asserted below
                env.cr.rollback()
                results[index] = exc
            finally:
                env.cr.close()

        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
        with mute_logger("odoo.sql_db"):  # "bad query" of each serialization failure retried
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(120)
        hung = [thread for thread in threads if thread.is_alive()]
        frames = sys._current_frames()
        self.assertFalse(
            hung,
            "a racer hung:\n"
            + "\n".join("".join(traceback.format_stack(frames[t.ident])) for t in hung),
        )
        return results

    def _read(self, request_id):
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            request = env["dura.service.request"].browse(request_id)
            invoices = env["account.move"].search(
                [("dura_request_ids", "in", request.ids), ("move_type", "=", "out_invoice")]
            )
            payments = env["account.payment"].search(
                [("partner_id", "=", self.partner_id), ("state", "!=", "canceled")]
            )
            return {
                "state": request.state,
                "date_filed": request.date_filed,
                "invoices": [(inv.state, inv.payment_state) for inv in invoices],
                "paid": sum(
                    payments.filtered(
                        lambda p: request.invoice_id in p.reconciled_invoice_ids
                    ).mapped("amount")
                ),
                "activities": len(request.activity_ids),
                "filed_sms": env["sms.sms"].search_count(
                    [("dura_res_model", "=", request._name), ("dura_res_id", "=", request.id)]
                ),
            }

    def _submit_as(self, index, request_id):
        def action(env):
            env["dura.service.request"].browse(request_id).with_user(
                self.user_ids[index]
            ).action_submit()
            return "submitted"

        return action

    def _pay_as(self, index, request_id):
        def action(env):
            request = env["dura.service.request"].browse(request_id)
            wizard = (
                env["account.payment.register"]
                .with_user(self.user_ids[index])
                .with_context(active_model="account.move", active_ids=request.invoice_id.ids)
                .create({})
            )
            wizard._create_payments()
            return "paid"

        return action

    def _cancel_as(self, index, request_id):
        def action(env):
            env["dura.service.request"].browse(request_id).with_user(
                self.user_ids[index]
            ).action_cancel()
            return "cancelled"

        return action

    # tests

    def test_two_officers_submit_the_same_request(self):
        request_id = self._new_request()
        results = self._race(self._submit_as(0, request_id), self._submit_as(1, request_id))
        self.assertEqual(results.count("submitted"), 1, results)
        (error,) = [r for r in results if r != "submitted"]
        self.assertIsInstance(error, UserError)
        self.assertIn("already submitted", str(error))
        state = self._read(request_id)
        self.assertEqual(state["state"], "awaiting_payment")
        self.assertEqual(state["invoices"], [("posted", "not_paid")], "one fee invoice, not two")

    def test_two_cashiers_file_the_same_request(self):
        request_id = self._new_request(submit=True)
        results = self._race(self._pay_as(0, request_id), self._pay_as(1, request_id))
        self.assertEqual(results.count("paid"), 1, results)
        (error,) = [r for r in results if r != "paid"]
        self.assertIsInstance(error, UserError, "the second cashier finds nothing left to pay")
        state = self._read(request_id)
        self.assertEqual(state["state"], "filed")
        self.assertEqual(state["invoices"], [("posted", "paid")])
        self.assertEqual(state["paid"], 30.0, "paid once, not twice")
        self.assertEqual(state["activities"], 1, "routed to the department once")
        self.assertEqual(state["filed_sms"], 1, "the citizen is told once")

    def test_payment_while_cancelling(self):
        outcomes = Counter()
        for _round in range(self.ROUNDS):
            request_id = self._new_request(submit=True)
            paid, cancelled = self._race(
                self._pay_as(0, request_id), self._cancel_as(1, request_id)
            )
            state = self._read(request_id)
            if paid == "paid":
                # the payment won: the request is filed and the cancel was refused
                self.assertIsInstance(cancelled, UserError, (cancelled, state))
                self.assertEqual(state["state"], "filed")
                self.assertEqual(state["invoices"], [("posted", "paid")])
                self.assertEqual(state["paid"], 30.0)
                outcomes["paid"] += 1
            else:
                # the cancel won: nothing was paid on the cancelled invoice
                self.assertEqual(cancelled, "cancelled", (paid, cancelled))
                self.assertIsInstance(paid, UserError, paid)
                self.assertEqual(state["state"], "cancelled")
                self.assertEqual(state["invoices"], [("cancel", "not_paid")])
                self.assertEqual(state["paid"], 0)
                self.assertFalse(state["date_filed"])
                outcomes["cancelled"] += 1
        self.assertEqual(sum(outcomes.values()), self.ROUNDS)

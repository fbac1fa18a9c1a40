import threading

from psycopg2 import IntegrityError
from stdnum import luhn

from odoo import SUPERUSER_ID, api, sql_db
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestNationalIdRace(BaseCase):
    """Two counters register the same citizen at the same instant, each in its own connection:
    neither sees the other's uncommitted contact, so the check in Python passes twice. The
    database's unique constraint makes the second one fail instead of keeping two people with one
    national ID."""

    NUMBER = "66554433" + luhn.calc_check_digit("66554433")

    @classmethod
    def _cursor(cls):
        return sql_db.db_connect(get_db_name()).cursor()

    def tearDown(self):
        with self._cursor() as cr:
            cr.execute("DELETE FROM res_partner WHERE dura_national_id = %s", [self.NUMBER])
        super().tearDown()

    def test_two_counters_saving_one_national_id_keep_one_contact(self):
        first, second = self._cursor(), self._cursor()
        # Environments are made here: the test runner's thread holds the registry lock
        first_env = api.Environment(first, SUPERUSER_ID, {})
        second_env = api.Environment(second, SUPERUSER_ID, {})
        outcome = {}

        def second_counter():
            try:
                with mute_logger("odoo.sql_db"):
                    second_env["res.partner"].create(
                        {"name": "مواطن ثان", "dura_national_id": self.NUMBER}
                    )
                    second.flush()
                second.commit()
                outcome["second"] = "saved"
            except IntegrityError as exc:
                second.rollback()
                outcome["second"] = exc.diag.constraint_name
            except Exception as exc:
                second.rollback()
                outcome["second"] = repr(exc)

        thread = threading.Thread(target=second_counter)
        try:
            first_env["res.partner"].create({"name": "مواطن أول", "dura_national_id": self.NUMBER})
            first.flush()
            thread.start()
            # the second insert waits on the first transaction's uncommitted row
            for _attempt in range(50):
                with self._cursor() as probe:
                    probe.execute(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                    )
                    if probe.fetchone()[0]:
                        break
                thread.join(0.1)
            else:
                self.fail("the second save never waited for the first")
            first.commit()
            thread.join(30)
            self.assertFalse(thread.is_alive(), "the second save hung")
        finally:
            first.close()
            second.close()
        self.assertEqual(outcome.get("second"), "res_partner_dura_national_id_uniq")
        with self._cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM res_partner WHERE dura_national_id = %s", [self.NUMBER]
            )
            self.assertEqual(cr.fetchone()[0], 1)

    def test_an_empty_national_id_is_stored_as_none(self):
        """Blank numbers are NULL, so the unique constraint never makes two citizens without an
        ID clash."""
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partners = env["res.partner"].create(
                [{"name": "بلا هوية 1", "dura_national_id": ""}, {"name": "بلا هوية 2"}]
            )
            partners.write({"dura_national_id": "  "})
            cr.flush()
            cr.execute(
                "SELECT count(*) FROM res_partner WHERE id IN %s AND dura_national_id IS NULL",
                [tuple(partners.ids)],
            )
            self.assertEqual(cr.fetchone()[0], 2)
            cr.rollback()

from odoo.tests import BaseCase, tagged

from ..models.dura_sms_message import STATES
from ..tools.sms_states import (
    AUDIT_STATES,
    SMS_STATE,
    changes_state,
    state_of_report,
    state_of_send,
)


@tagged("post_install", "-at_install")
class TestSmsStates(BaseCase):
    def test_one_table_for_every_audit_state(self):
        self.assertEqual(set(AUDIT_STATES), {key for key, _label in STATES})
        self.assertEqual(
            SMS_STATE,
            {
                "to_approve": "to_approve",
                "queued": "outgoing",
                "accepted": "pending",
                "delivered": "sent",
                "failed": "error",
                "canceled": "canceled",
            },
        )

    def test_words_of_providers(self):
        sends = {
            "success": "accepted",
            "sent": "accepted",
            "processing": "accepted",
            "delivered": "delivered",
            "canceled": "canceled",
            "wrong_number_format": "failed",
            "server_error": "failed",
            "anything else": "failed",
        }
        for word, state in sends.items():
            with self.subTest(send=word):
                self.assertEqual(state_of_send(word), state)
        reports = {
            "delivered": "delivered",
            "sent": "accepted",
            "buffered": "accepted",
            "expired": "failed",
        }
        for word, state in reports.items():
            with self.subTest(report=word):
                self.assertEqual(state_of_report(word), state)

    def test_only_forward_never_out_of_a_final_state(self):
        self.assertTrue(changes_state("queued", "accepted"))
        self.assertTrue(changes_state("accepted", "delivered"))
        self.assertTrue(changes_state("accepted", "failed"))
        self.assertTrue(changes_state("to_approve", "canceled"))
        self.assertFalse(changes_state("accepted", "accepted"), "a replayed report")
        self.assertFalse(changes_state("accepted", "queued"))
        for final in ("delivered", "failed", "canceled"):
            for new in AUDIT_STATES:
                with self.subTest(final=final, new=new):
                    self.assertFalse(changes_state(final, new))

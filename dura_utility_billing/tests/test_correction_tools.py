from odoo.tests import BaseCase

from ..tools.bill_correction import (
    ABOVE_DUE,
    BELOW_PREVIOUS,
    NOT_POSITIVE,
    SELF_APPROVAL,
    corrected_consumption,
    credit_reason,
    refusal_reason,
)


class TestCorrectionRules(BaseCase):
    def test_four_eyes(self):
        self.assertEqual(refusal_reason(7, [7, 8]), SELF_APPROVAL)
        self.assertEqual(refusal_reason(8, [7, 8]), SELF_APPROVAL)
        self.assertIsNone(refusal_reason(9, [7, 8]))
        # a correction not submitted yet has no submitter: only its creator counts
        self.assertIsNone(refusal_reason(9, [7, None]))

    def test_corrected_consumption(self):
        self.assertEqual(corrected_consumption(1000.0, 1150.0), (150.0, None))
        # a typo billed 1500: the corrected index is below the billed one, not the previous
        self.assertEqual(corrected_consumption(1000.0, 1000.0), (0.0, None))
        self.assertEqual(corrected_consumption(1000.1, 1000.3), (0.2, None))
        self.assertEqual(corrected_consumption(1000.0, 999.999), (None, BELOW_PREVIOUS))

    def test_credit_capped_at_due(self):
        self.assertIsNone(credit_reason(50.0, 120.0, 0.01))
        self.assertIsNone(credit_reason(120.0, 120.0, 0.01))
        self.assertIsNone(credit_reason(120.004, 120.0, 0.01))
        self.assertEqual(credit_reason(120.01, 120.0, 0.01), ABOVE_DUE)
        self.assertEqual(credit_reason(0.0, 120.0, 0.01), NOT_POSITIVE)
        self.assertEqual(credit_reason(-5.0, 120.0, 0.01), NOT_POSITIVE)
        self.assertEqual(credit_reason(5.0, 0.0, 0.01), ABOVE_DUE)

from odoo.tests import BaseCase, tagged

from ..tools import fee_formula


@tagged("post_install", "-at_install")
class TestFeeFormulaTools(BaseCase):
    def test_base_plus_rate_times_quantity(self):
        # a building permit: 100 ₪ + 2.5 ₪ per m² of a 240 m² floor
        self.assertEqual(fee_formula.amount(100.0, 2.5, 240.0), 700.0)
        self.assertEqual(fee_formula.amount(0.0, 30.0, 2), 60.0, "per unit, no base")

    def test_minimum_applies_below_it_only(self):
        self.assertEqual(fee_formula.amount(0.0, 2.0, 10.0, minimum=150.0), 150.0)
        self.assertEqual(fee_formula.amount(0.0, 2.0, 100.0, minimum=150.0), 200.0)
        self.assertEqual(fee_formula.amount(0.0, 2.0, 75.0, minimum=150.0), 150.0, "equal")

    def test_decimal_rounding(self):
        self.assertEqual(fee_formula.amount(0.0, 3.0, 0.1), 0.3)
        self.assertEqual(fee_formula.amount(0.0, 0.333, 10.015), 3.33)
        self.assertEqual(fee_formula.amount(0.0, 1.0, 2.005), 2.01, "half up, not to even")
        self.assertEqual(fee_formula.amount(0.0, 1.0, 2.5, digits=0), 3.0)

    def test_quantity_must_be_positive(self):
        for quantity in (0, 0.0, -1.0, None):
            with self.assertRaises(ValueError):
                fee_formula.amount(10.0, 1.0, quantity)

    def test_negative_terms_refused(self):
        with self.assertRaises(ValueError):
            fee_formula.amount(-1.0, 1.0, 1.0)
        with self.assertRaises(ValueError):
            fee_formula.amount(0.0, -1.0, 1.0)
        with self.assertRaises(ValueError):
            fee_formula.check_terms(0.0, 1.0, -5.0)
        fee_formula.check_terms(0.0, 0.0, 0.0)

    def test_is_free(self):
        self.assertTrue(fee_formula.is_free("fixed", 0.0, 5.0, 5.0, 5.0))
        self.assertFalse(fee_formula.is_free("fixed", 50.0, 0.0, 0.0, 0.0))
        self.assertTrue(fee_formula.is_free("per_quantity", 50.0, 0.0, 0.0, 0.0))
        self.assertFalse(fee_formula.is_free("per_quantity", 0.0, 0.0, 2.0, 0.0))

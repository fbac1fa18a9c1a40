from decimal import Decimal

from odoo.tests import BaseCase, tagged
from odoo.tools.float_utils import float_round

from ..tools.tariff_blocks import (
    bill_amount,
    exact_quantity,
    line_amount,
    round_amount,
    split_consumption,
)
from .test_tariff_blocks import ELECTRICITY, WB_WATER

D = Decimal


def odoo_line_total(quantity, price, rounding=0.01, quantity_digits=3):
    """One invoice line as Odoo computes it: the quantity as the field keeps it (rounded to its
    decimal precision), then ``currency.round(price_unit * quantity)``."""
    quantity = float_round(float(quantity), precision_digits=quantity_digits)
    return float_round(float(price) * quantity, precision_rounding=rounding)


def odoo_bill(consumption, blocks, fixed=0, quantity_digits=3):
    lines = split_consumption(consumption, blocks)
    total = sum(odoo_line_total(q, p, quantity_digits=quantity_digits) for _i, q, p, _a in lines)
    return D(str(float_round(total + fixed, precision_rounding=0.01)))


@tagged("post_install", "-at_install")
class TestTariffRounding(BaseCase):
    """Quantities exact to the meter's thousandth, one rounding per line (half up, to the
    agora), bill = sum of the rounded lines. Expected values computed by hand."""

    def test_water_block_edges(self):
        # 42 fixed; 0-20 x 5.5, 20-40 x 7.2, 40-80 x 9.5, 80-120 x 12, 120+ x 13
        cases = [
            ("0.001", "42.01"),  # 0.0055 -> 0.01 (a tie, away from zero)
            ("0.009", "42.05"),  # 0.0495 -> 0.05
            ("19.999", "151.99"),  # 109.9945 -> 109.99
            ("20.000", "152.00"),  # edge of block 1
            ("20.001", "152.01"),  # 110 + 0.0072 -> 0.01; 2-decimal quantities gave 152.00
            ("20.005", "152.04"),  # 110 + 0.036 -> 0.04; 2-decimal quantities gave 152.07
            ("39.999", "295.99"),  # 110 + 143.9928 -> 143.99
            ("40.000", "296.00"),
            ("40.001", "296.01"),  # 110 + 144 + 0.0095 -> 0.01
            ("80.125", "677.50"),  # 634 + 1.5
            ("119.999", "1155.99"),  # 634 + 39.999 x 12 = 479.988 -> 479.99
            ("120.001", "1156.01"),  # 1114 + 0.013 -> 0.01
        ]
        for consumption, expected in cases:
            with self.subTest(consumption=consumption):
                self.assertEqual(bill_amount(consumption, WB_WATER, 42), D(expected))

    def test_water_odd_quantities(self):
        cases = [
            ("37.777", "279.99"),  # 110 + 17.777 x 7.2 = 127.9944 -> 127.99
            ("123.456", "1200.93"),  # 1114 + 3.456 x 13 = 44.928 -> 44.93
            ("0.333", "43.83"),  # 1.8315 -> 1.83
            ("55.555", "443.77"),  # 254 + 15.555 x 9.5 = 147.7725 -> 147.77, + 42
        ]
        for consumption, expected in cases:
            with self.subTest(consumption=consumption):
                self.assertEqual(bill_amount(consumption, WB_WATER, 42), D(expected))

    def test_electricity_block_edges_and_odd_quantities(self):
        # 0-160 x 0.49, 160-250 x 0.53, 250-400 x 0.63, 400+ x 0.70, no fixed charge
        cases = [
            ("159.999", "78.40"),  # 78.39951 -> 78.40
            ("160.000", "78.40"),
            ("160.001", "78.40"),  # + 0.00053 -> 0.00
            ("160.010", "78.41"),  # + 0.0053 -> 0.01
            ("250.500", "126.42"),  # 78.40 + 47.70 + 0.315 -> 0.32 (a tie)
            ("333.333", "178.60"),  # 78.40 + 47.70 + 83.333 x 0.63 = 52.49979 -> 52.50
            ("1234.567", "804.80"),  # 78.40 + 47.70 + 94.50 + 584.1969 -> 584.20
        ]
        for consumption, expected in cases:
            with self.subTest(consumption=consumption):
                self.assertEqual(bill_amount(consumption, ELECTRICITY), D(expected))

    def test_lines_carry_the_exact_quantity(self):
        lines = split_consumption("20.005", WB_WATER)
        self.assertEqual(
            [(q, a) for _i, q, _p, a in lines],
            [(D("20.000"), D("110.00")), (D("0.005"), D("0.04"))],
        )
        self.assertEqual(str(lines[1][1]), "0.005")
        # float noise of a subtraction never moves a bill
        self.assertEqual(exact_quantity(2840.1 - 2800.0), D("40.100"))
        self.assertEqual(bill_amount(2840.1 - 2800.0, WB_WATER, 42), D("296.95"))

    def test_rounding_rule(self):
        self.assertEqual(line_amount("0.001", "5.5"), D("0.01"))
        self.assertEqual(line_amount("0.5", "0.63"), D("0.32"))
        self.assertEqual(round_amount("-0.315"), D("-0.32"))  # away from zero, as Odoo
        self.assertEqual(round_amount("1.2345", "0.001"), D("1.235"))  # the dinar's fils
        self.assertEqual(round_amount("1.12", "0.05"), D("1.10"))  # a cash rounding
        self.assertEqual(round_amount("1.125", "0.05"), D("1.15"))
        self.assertEqual(split_consumption(0, WB_WATER), [])

    def test_same_as_odoo_invoice_lines_for_every_reading(self):
        """Each thousandth around every block edge and a stride over the whole range: this
        arithmetic and Odoo's line totals (3-decimal quantities) never differ; with the
        2-decimal quantities of Odoo's default 'Product Unit of Measure', many bills did."""
        for blocks, fixed, top in ((WB_WATER, 42, 150), (ELECTRICITY, 0, 500)):
            edges = [D(str(start)) for start, _end, _price in blocks[1:]]
            readings = {D(n).scaleb(-3) for n in range(0, top * 1000, 7)}
            for edge in edges:
                readings |= {edge + D(n).scaleb(-3) for n in range(-50, 51)}
            off_with_two_decimals = 0
            for consumption in sorted(readings):
                exact = bill_amount(consumption, blocks, fixed)
                self.assertEqual(odoo_bill(consumption, blocks, fixed), exact, consumption)
                off_with_two_decimals += odoo_bill(consumption, blocks, fixed, 2) != exact
            # measured over every thousandth: 131,200 of the 150,001 water readings up to
            # 150 m3 (up to 6 agorot), 73,030 of the 500,001 electricity readings up to 500 kWh
            self.assertGreater(off_with_two_decimals, 0)

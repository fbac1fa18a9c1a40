from decimal import Decimal

from odoo.tests import BaseCase, tagged

from ..tools.tariff_blocks import TariffError, bill_amount, split_consumption

# Example increasing blocks (ILS per m3), shaped like the West Bank domestic water tariff.
WATER = [(0, 10, "3.00"), (10, 20, "4.50"), (20, 40, "6.00"), (40, None, "8.00")]


@tagged("post_install", "-at_install")
class TestTariffBlocks(BaseCase):
    def test_amount_table(self):
        cases = [
            (0, "10", "10.00"),  # only the fixed charge
            (10, "0", "30.00"),  # first block edge
            (11, "0", "34.50"),
            (20, "0", "75.00"),
            (25, "0", "105.00"),
            (1000, "0", "7875.00"),  # 30 + 45 + 120 + 960 * 8
            ("12.5", "0", "41.25"),
        ]
        for consumption, fixed, expected in cases:
            with self.subTest(consumption=consumption):
                self.assertEqual(bill_amount(consumption, WATER, fixed), Decimal(expected))

    def test_lines_per_block(self):
        lines = split_consumption(25, WATER)
        self.assertEqual(
            [(i, q, a) for i, q, _p, a in lines],
            [
                (0, Decimal(10), Decimal("30.00")),
                (1, Decimal(10), Decimal("45.00")),
                (2, Decimal(5), Decimal("30.00")),
            ],
        )

    def test_flat_rate(self):
        self.assertEqual(bill_amount(300, [(0, None, "0.65")], 20), Decimal("215.00"))

    def test_bad_blocks(self):
        for blocks in (
            [],
            [(0, 10, 1), (12, None, 2)],
            [(0, 10, 1), (8, None, 2)],
            [(0, None, 1), (10, None, 2)],
            [(1, None, 1)],
            [(0, 10, -1)],
        ):
            with self.subTest(blocks=blocks), self.assertRaises(TariffError):
                split_consumption(5, blocks)
        with self.assertRaises(TariffError):
            split_consumption(-1, WATER)

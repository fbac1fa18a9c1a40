from decimal import Decimal

from odoo.tests import BaseCase, tagged

from ..tools.tariff_blocks import TariffError, bill_amount, check_blocks, split_consumption

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


# West Bank unified domestic water tariff (research §3.3.4): 42 ILS fixed + blocks.
WB_WATER = [(0, 20, "5.5"), (20, 40, "7.2"), (40, 80, "9.5"), (80, 120, "12"), (120, None, "13")]
# Historical domestic post-paid electricity blocks (agorot -> ILS/kWh, research §3.3.3).
ELECTRICITY = [(0, 160, "0.49"), (160, 250, "0.53"), (250, 400, "0.63"), (400, None, "0.70")]


@tagged("post_install", "-at_install")
class TestPublishedTariffs(BaseCase):
    def test_west_bank_water_table(self):
        cases = [
            (0, "42.00"),  # only the fixed charge
            (20, "152.00"),  # 42 + 20 x 5.5, edge of block 1
            ("20.1", "152.72"),  # first tenth of block 2
            (40, "296.00"),  # 42 + 110 + 144
            (80, "676.00"),  # + 40 x 9.5
            (120, "1156.00"),  # + 40 x 12
            (121, "1169.00"),  # + 1 x 13
            (10000, "129596.00"),  # very large: 1156 + 9880 x 13
        ]
        for consumption, expected in cases:
            with self.subTest(consumption=consumption):
                self.assertEqual(bill_amount(consumption, WB_WATER, 42), Decimal(expected))

    def test_electricity_table(self):
        cases = [
            (0, "0.00"),
            (160, "78.40"),
            (161, "78.93"),
            (250, "126.10"),
            (400, "220.60"),
            (401, "221.30"),
        ]
        for consumption, expected in cases:
            with self.subTest(consumption=consumption):
                self.assertEqual(bill_amount(consumption, ELECTRICITY), Decimal(expected))

    def test_commercial_flat_rate(self):
        # commercial / industrial / tourist water: 12.5 ILS/m3 flat, plus the fixed charge
        self.assertEqual(bill_amount(37, [(0, None, "12.5")], 42), Decimal("504.50"))

    def test_lines_rounding_per_line(self):
        lines = split_consumption("0.333", [(0, None, "0.49")])
        self.assertEqual(lines, [(0, Decimal("0.333"), Decimal("0.49"), Decimal("0.16"))])

    def test_check_blocks_kinds(self):
        self.assertIsNone(check_blocks(WB_WATER))
        with self.assertRaisesRegex(TariffError, "gap"):
            check_blocks([(0, 10, 1), (12, None, 2)])
        with self.assertRaisesRegex(TariffError, "overlap"):
            check_blocks([(0, 10, 1), (8, None, 2)])
        with self.assertRaisesRegex(TariffError, "exceeds"):
            split_consumption(50, [(0, 10, 1), (10, 40, 2)])

    def test_error_codes(self):
        cases = [
            ([], "empty"),
            ([(0, 10, 1), (12, None, 2)], "gap"),
            ([(0, 10, 1), (8, None, 2)], "overlap"),
            ([(0, None, 1), (10, None, 2)], "open"),
            ([(0, 0, 1)], "range"),
            ([(0, 10, -1)], "negative"),
        ]
        for blocks, code in cases:
            with self.subTest(code=code), self.assertRaises(TariffError) as catcher:
                check_blocks(blocks)
            self.assertEqual(catcher.exception.code, code)
        with self.assertRaises(TariffError) as catcher:
            check_blocks([(0, 10, 1), (12, None, 2)])
        self.assertEqual(catcher.exception.params["block"], 2)

import datetime

from odoo.tests import BaseCase, tagged

from ..tools import monthly_figures as mf


@tagged("post_install", "-at_install")
class TestMonthlyFiguresTools(BaseCase):
    def test_month_bounds(self):
        d = datetime.date
        self.assertEqual(mf.month_bounds(2026, 3), (d(2026, 3, 1), d(2026, 4, 1), d(2026, 2, 1)))
        self.assertEqual(mf.month_bounds(2026, 1), (d(2026, 1, 1), d(2026, 2, 1), d(2025, 12, 1)))
        self.assertEqual(mf.month_bounds(2026, 12), (d(2026, 12, 1), d(2027, 1, 1), d(2026, 11, 1)))

    def test_percentile(self):
        self.assertIsNone(mf.percentile([], 50))
        self.assertEqual(mf.percentile([7], 90), 7)
        self.assertEqual(mf.median([3, 1, 2]), 2)
        self.assertEqual(mf.median([4, 1, 3, 2]), 2.5)
        # numpy.percentile(range(1, 11), 90) == 9.1
        self.assertAlmostEqual(mf.percentile(range(1, 11), 90), 9.1)
        self.assertEqual(mf.percentile([5, 1], 0), 1)
        self.assertEqual(mf.percentile([5, 1], 100), 5)
        with self.assertRaises(ValueError):
            mf.percentile([1], 101)

    def test_processing_days_and_ratios(self):
        filed = datetime.datetime(2026, 3, 1, 8, 0)
        self.assertEqual(mf.processing_days(filed, datetime.datetime(2026, 3, 3, 20, 0)), 2.5)
        self.assertIsNone(mf.ratio_percent(3, 0))
        self.assertEqual(mf.ratio_percent(1, 3), 33.3)
        d = datetime.date
        pairs = [
            (d(2026, 3, 5), d(2026, 3, 5)),
            (d(2026, 3, 6), d(2026, 3, 5)),
            (d(2026, 3, 1), None),
        ]
        self.assertEqual(mf.sla_compliance(pairs), 66.7)
        self.assertIsNone(mf.sla_compliance([]))

    def test_average_rating(self):
        self.assertIsNone(mf.average_rating(0, 0))
        self.assertEqual(mf.average_rating(7, 2), 3.5)
        self.assertEqual(mf.average_rating(13, 3), 4.3)

from datetime import date, timedelta

from odoo.tests import BaseCase

from ..tools.collection import Level, late_fee, next_level

LEVELS = [
    Level(10, -3, "reminder", "R"),
    Level(20, 7, "notice", "N"),
    Level(30, 21, "final", "F"),
    Level(40, 30, "disconnect", "D"),
]
DUE = date(2026, 5, 31)


def on(days):
    return DUE + timedelta(days=days)


class TestCollectionLevels(BaseCase):
    def test_each_level_on_its_day(self):
        self.assertIsNone(next_level(LEVELS, None, None, None, DUE, on(-4)))
        self.assertEqual(next_level(LEVELS, None, None, None, DUE, on(-3)).key, "R")
        self.assertIsNone(next_level(LEVELS, 10, -3, on(-3), DUE, on(6)))
        self.assertEqual(next_level(LEVELS, 10, -3, on(-3), DUE, on(7)).key, "N")
        self.assertEqual(next_level(LEVELS, 20, 7, on(7), DUE, on(21)).key, "F")
        self.assertEqual(next_level(LEVELS, 30, 21, on(21), DUE, on(30)).key, "D")
        self.assertIsNone(next_level(LEVELS, 40, 30, on(30), DUE, on(90)))

    def test_one_level_a_day_and_never_back(self):
        self.assertIsNone(next_level(LEVELS, 20, 7, on(40), DUE, on(40)))
        self.assertIsNone(next_level(LEVELS, 45, 7, on(7), DUE, on(90)))

    def test_late_reminder_passed_over(self):
        self.assertEqual(next_level(LEVELS, None, None, None, DUE, on(1)), None)
        self.assertEqual(next_level(LEVELS, None, None, None, DUE, on(50)).key, "N")

    def test_found_late_keeps_the_gaps(self):
        # notice reached on day 50: the final waits 14 days (21 - 7), the order 9 more
        self.assertIsNone(next_level(LEVELS, 20, 7, on(50), DUE, on(63)))
        self.assertEqual(next_level(LEVELS, 20, 7, on(50), DUE, on(64)).key, "F")
        self.assertIsNone(next_level(LEVELS, 30, 21, on(64), DUE, on(72)))
        self.assertEqual(next_level(LEVELS, 30, 21, on(64), DUE, on(73)).key, "D")

    def test_policy_edited_after_the_level(self):
        edited = [Level(5, -3, "reminder", "R"), Level(25, 14, "notice", "N2"), *LEVELS[2:]]
        self.assertEqual(next_level(edited, 20, 7, on(7), DUE, on(14)).key, "N2")


class TestLateFee(BaseCase):
    def test_amounts(self):
        self.assertEqual(late_fee("none", 10, 0, 100), 0.0)
        self.assertEqual(late_fee("fixed", 10, 0, 100), 10.0)
        self.assertEqual(late_fee("fixed", 10, 0, 0), 0.0)
        self.assertEqual(late_fee("percent", 0, 2, 224), 4.48)
        self.assertEqual(late_fee("percent", 0, 2.5, 10.10), 0.25)  # 0.2525 half up
        self.assertEqual(late_fee("percent", 0, 5, 0.05, rounding=0.01), 0.0)
        self.assertEqual(late_fee("percent", 0, 3, 100.0, rounding=1.0), 3.0)
        with self.assertRaises(ValueError):
            late_fee("daily", 1, 1, 1)

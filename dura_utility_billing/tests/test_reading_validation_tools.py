from odoo.tests import BaseCase

from ..tools.reading_validation import (
    HistoryPeriod,
    ValidationSettings,
    consumption_of,
    usual_consumption,
    validate,
)

SETTINGS = ValidationSettings(
    high_factor=2.0, low_factor=0.3, history_periods=3, flag_zero=True, estimate_periods=2
)
USUAL_10 = [HistoryPeriod(12), HistoryPeriod(8), HistoryPeriod(10), HistoryPeriod(500)]


class TestReadingValidationRules(BaseCase):
    def test_usual_is_the_last_n_periods(self):
        # the fourth (oldest) period is outside the last three
        self.assertEqual(usual_consumption(USUAL_10, SETTINGS), 10.0)
        self.assertIsNone(usual_consumption(USUAL_10[:2], SETTINGS))

    def test_within_the_usual_range_is_valid(self):
        for consumption in (3.0, 10.0, 20.0):
            self.assertEqual(validate(consumption, USUAL_10, "regular", SETTINGS), ("valid", None))

    def test_high_and_low(self):
        self.assertEqual(validate(20.001, USUAL_10, "regular", SETTINGS), ("exception", "high"))
        self.assertEqual(validate(2.9, USUAL_10, "regular", SETTINGS), ("exception", "low"))
        # a replacement or a rollover is checked on its consumption too
        self.assertEqual(validate(45, USUAL_10, "rollover", SETTINGS), ("exception", "high"))

    def test_zero_flagged_only_when_asked(self):
        self.assertEqual(validate(0, USUAL_10, "regular", SETTINGS), ("exception", "zero"))
        no_zero = ValidationSettings(flag_zero=False)
        self.assertEqual(validate(0, USUAL_10, "regular", no_zero), ("valid", None))

    def test_no_history_no_comparison(self):
        # a new subscription: neither high, low nor zero means anything yet
        for consumption in (0, 1, 1000):
            self.assertEqual(validate(consumption, [], "regular", SETTINGS), ("valid", None))
            self.assertEqual(
                validate(consumption, USUAL_10[:2], "regular", SETTINGS), ("valid", None)
            )
        never = [HistoryPeriod(0)] * 3
        self.assertEqual(validate(50, never, "regular", SETTINGS), ("valid", None))

    def test_negative_consumption(self):
        # a replacement whose new meter reads below its stated initial index
        self.assertEqual(
            validate(-4, [], "replacement", SETTINGS), ("exception", "negative_unstated")
        )

    def test_prolonged_estimation(self):
        estimated = [HistoryPeriod(10, True), HistoryPeriod(10, True), HistoryPeriod(10)]
        self.assertEqual(
            validate(10, estimated, "regular", SETTINGS, estimated=True),
            ("exception", "prolonged_estimate"),
        )
        # one estimate in a row only, or an actual reading after estimates: fine
        self.assertEqual(
            validate(10, estimated[1:], "regular", SETTINGS, estimated=True), ("valid", None)
        )
        self.assertEqual(validate(10, estimated, "regular", SETTINGS), ("valid", None))

    def test_unchecked_kinds(self):
        for kind in ("opening", "final", "correction"):
            self.assertEqual(validate(-5, USUAL_10, kind, SETTINGS), ("valid", None))

    def test_consumption_of(self):
        self.assertEqual(consumption_of("regular", 130, 100), 30)
        self.assertEqual(consumption_of("opening", 130, 100), 0)
        self.assertEqual(consumption_of("replacement", 7, 100, old_final=120, new_initial=2), 25)
        self.assertEqual(consumption_of("rollover", 5, 99990, capacity=100000), 15)

    def test_true_up_of_an_estimate_is_valid(self):
        # after an estimate the consumption corrects it (negative when it was too high): no
        # month's use to compare with the usual
        for consumption in (-15.0, 0.0, 90.0):
            self.assertEqual(
                validate(consumption, USUAL_10, "regular", SETTINGS, previous_estimated=True),
                ("valid", None),
            )

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.reading_validation import ValidationSettings

UTILITY_KEYS = ("water", "electricity")
# each utility's validation rules are fields of their own, named dura_<utility>_<rule>
VALIDATION_RULES = (
    "high_factor",
    "low_factor",
    "history_periods",
    "flag_zero",
    "estimate_periods",
)


class ResCompany(models.Model):
    # the reading validation rules, per utility, in a file of their own
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    dura_water_high_factor = fields.Float(
        "Water: High Factor",
        default=2.0,
        help="A water reading above this many times the household's usual consumption waits "
        "for a supervisor's decision. 0: no check.",
    )
    dura_water_low_factor = fields.Float(
        "Water: Low Factor",
        default=0.3,
        help="A water reading below this many times the usual consumption waits for a "
        "supervisor's decision. 0: no check.",
    )
    dura_water_history_periods = fields.Integer(
        "Water: Periods of History",
        default=3,
        help="The usual consumption is the average of this many last billed periods; with "
        "fewer, readings are not compared.",
    )
    dura_water_flag_zero = fields.Boolean(
        "Water: Flag Zero Consumption",
        default=True,
        help="A reading with no consumption where the household usually consumes waits for a "
        "supervisor's decision.",
    )
    dura_water_estimate_periods = fields.Integer(
        "Water: Estimated Periods in a Row",
        default=2,
        help="An estimate after this many estimated billed periods in a row waits for a "
        "supervisor's decision: the meter must be read. 0: no check.",
    )
    dura_electricity_high_factor = fields.Float(
        "Electricity: High Factor",
        default=2.0,
        help="An electricity reading above this many times the household's usual consumption "
        "waits for a supervisor's decision. 0: no check.",
    )
    dura_electricity_low_factor = fields.Float(
        "Electricity: Low Factor",
        default=0.3,
        help="An electricity reading below this many times the usual consumption waits for a "
        "supervisor's decision. 0: no check.",
    )
    dura_electricity_history_periods = fields.Integer(
        "Electricity: Periods of History",
        default=3,
        help="The usual consumption is the average of this many last billed periods; with "
        "fewer, readings are not compared.",
    )
    dura_electricity_flag_zero = fields.Boolean(
        "Electricity: Flag Zero Consumption",
        default=True,
        help="A reading with no consumption where the household usually consumes waits for a "
        "supervisor's decision.",
    )
    dura_electricity_estimate_periods = fields.Integer(
        "Electricity: Estimated Periods in a Row",
        default=2,
        help="An estimate after this many estimated billed periods in a row waits for a "
        "supervisor's decision: the meter must be read. 0: no check.",
    )
    # the leak alert reuses the water high rule: the household is told exactly when its
    # reading is held for being far above its usual, no second threshold to keep in step
    dura_leak_alert = fields.Boolean(
        "Leak Alert SMS",
        default=True,
        help="Text the citizen when a water reading is far above the household's usual "
        "consumption (the water high factor), before the bill goes out.",
    )

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains(
        *(f"dura_{utility}_{rule}" for utility in UTILITY_KEYS for rule in VALIDATION_RULES)
    )
    def _check_dura_validation_rules(self):
        for company in self:
            for utility in UTILITY_KEYS:
                rules = company._dura_validation_settings(utility)
                if min(rules.high_factor, rules.low_factor) < 0 or (
                    rules.high_factor and rules.high_factor <= 1
                ):
                    raise ValidationError(
                        self.env._(
                            "The high factor must be above 1 (or 0, no check) and the low "
                            "factor at least 0."
                        )
                    )
                if rules.low_factor >= 1:
                    raise ValidationError(self.env._("The low factor must be below 1."))
                if rules.history_periods < 1 or rules.estimate_periods < 0:
                    raise ValidationError(
                        self.env._(
                            "At least one period of history is needed; the estimated periods "
                            "in a row cannot be negative."
                        )
                    )

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _dura_validation_settings(self, utility):
        """The company's rules for `utility`, as the plain-Python validator takes them."""
        self.ensure_one()
        return ValidationSettings(
            **{rule: self[f"dura_{utility}_{rule}"] for rule in VALIDATION_RULES}
        )

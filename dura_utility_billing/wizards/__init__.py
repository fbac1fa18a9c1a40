from . import dura_utility_conversion_wizard
from . import dura_utility_billing_report_wizard
from . import account_payment_register
from . import dura_utility_fee_waive_wizard
from . import dura_utility_reading_sheet_wizard
from . import dura_utility_reading_decision_wizard

from . import dura_utility_billing_report
from . import dura_utility_arrears_report
from . import dura_utility_reading_sheet

from . import dura_utility_billing_report

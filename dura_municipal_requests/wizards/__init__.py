from . import account_payment_register
from . import dura_service_request_reason_wizard
from . import dura_service_center_report

from . import dura_dashboard_request_report
from . import dura_dashboard_revenue_report
from . import dura_dashboard_sms_report

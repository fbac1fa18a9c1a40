from . import test_tariff_blocks
from . import test_reading
from . import test_billing_run
from . import test_prepaid
from . import test_reporting_security
from . import test_forms
from . import test_i18n
from . import test_billing_report_pdf

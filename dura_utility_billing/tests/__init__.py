from . import test_tariff_blocks
from . import test_reading
from . import test_billing_run
from . import test_prepaid

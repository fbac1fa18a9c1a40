from . import test_national_id
from . import test_request_flow
from . import test_payment_gate
from . import test_request_security
from . import test_completion_effects
from . import test_sms
from . import test_i18n
from . import test_views

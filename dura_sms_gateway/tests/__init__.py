from . import test_sms_segments
from . import test_numbers
from . import test_dispatch
from . import test_approval
from . import test_routes
from . import test_kannel
from . import test_concurrency

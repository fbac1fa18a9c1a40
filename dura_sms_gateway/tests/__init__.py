from . import test_sms_segments
from . import test_dispatch

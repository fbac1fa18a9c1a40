from . import test_sms_segments

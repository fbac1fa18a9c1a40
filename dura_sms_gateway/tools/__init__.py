from . import sms_segments

from . import sms_sms
from . import dura_sms_inbound

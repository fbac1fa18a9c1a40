from . import dura_sms_inbound_simulate

from . import dura_municipal_department
from . import dura_service_document_type
from . import dura_service_type
from . import dura_service_request_document
from . import dura_service_request
from . import account_move
from . import res_partner
from . import dura_sms_inbound

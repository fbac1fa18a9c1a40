from . import dura_service_type
from . import dura_service_request
from . import res_company
from . import dura_service_type_clearance
from . import dura_service_request_clearance

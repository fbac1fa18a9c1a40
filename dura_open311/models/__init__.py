from . import dura_open311_client
from . import dura_service_type_attribute
from . import dura_service_type_attribute_value
from . import dura_service_type
from . import dura_service_request

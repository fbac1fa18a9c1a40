from . import api_key
from . import georeport
from . import citizen_check
from . import rate_limit

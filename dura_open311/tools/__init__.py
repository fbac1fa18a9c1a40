from . import api_key
from . import georeport
from . import citizen_check

from . import test_tools
from . import test_georeport_api
from . import test_status_page
from . import test_i18n
from . import test_backend
from . import test_receipt
from . import test_public_routes_security

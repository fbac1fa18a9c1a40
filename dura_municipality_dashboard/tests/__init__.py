from . import test_dashboard_data
from . import test_dashboard_figures
from . import test_access_matrix
from . import test_tour
from . import test_i18n

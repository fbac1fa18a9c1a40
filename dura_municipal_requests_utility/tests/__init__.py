from . import test_completion_effects
from . import test_counter_desk
from . import test_access_matrix
from . import test_role_menus
from . import test_demo_identity
from . import test_tour
from . import test_tour_cashier
from . import test_i18n

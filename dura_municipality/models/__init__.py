from . import dura_rate_limit
from . import res_company

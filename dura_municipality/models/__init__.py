from . import dura_rate_limit
from . import res_company
from . import dura_municipality_demo

from . import dura_rate_limit
from . import res_company
from . import dura_municipality_demo
from . import ir_actions_report
from . import ir_qweb_field_dura_bidi
from . import ir_qweb_field_barcode

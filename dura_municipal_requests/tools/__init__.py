from . import certificate_code
from . import national_id
from . import monthly_figures
from . import document_content
from . import certificate_wording
from . import bidi_runs
from . import fee_formula

from . import test_public_lang
from . import test_rate_limit
from . import test_pdf_tools
from . import test_report_layout
from . import test_upgrade_hook
from . import test_i18n
from . import test_bidi_text
from . import test_qr_code

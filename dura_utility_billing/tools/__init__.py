from . import selections
from . import tariff_blocks
from . import collection
from . import balance_sms
from . import golive_import
from . import reading_sheet
from . import reading_validation
from . import bill_correction

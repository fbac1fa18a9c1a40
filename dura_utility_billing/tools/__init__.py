from . import selections
from . import tariff_blocks
from . import balance_sms

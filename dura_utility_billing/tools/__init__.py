from . import selections
from . import tariff_blocks
from . import golive_import

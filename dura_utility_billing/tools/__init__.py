from . import selections
from . import tariff_blocks

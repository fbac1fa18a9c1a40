from . import tariff_blocks

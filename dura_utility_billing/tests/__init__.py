from . import test_tariff_blocks

from . import dura_utility_conversion_wizard

from . import dura_open311_key_wizard

from . import bidi_text
from . import public_lang
from . import rate_limit
from . import timezone

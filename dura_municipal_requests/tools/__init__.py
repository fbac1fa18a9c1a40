from . import national_id

from . import test_national_id

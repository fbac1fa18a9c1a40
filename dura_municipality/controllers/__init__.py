from . import public_page

from . import georeport
from . import status_page

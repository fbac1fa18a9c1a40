from . import certificate_verification

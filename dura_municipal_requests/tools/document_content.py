"""What a document file really is, from its first bytes, whatever its name says.

Odoo types an upload by its file name; a web page or a program renamed ``scan.pdf`` would then
pass as a scan and be opened by the officers. Odoo's own sniffer knows PDF, JPEG, PNG and WebP;
TIFF and HEIC (phone photos) are recognised here by their signatures.
"""

from odoo.tools.mimetypes import guess_mimetype

HEAD_BYTES = 64
_TIFF = (b"II*\x00", b"MM\x00*")
# ISO base media "ftyp" brands of HEIF/HEIC photos
_HEIC_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis")


def sniff(head):
    """The mimetype the content `head` (the file's first bytes) shows, or None if unknown."""
    if not head:
        return None
    if head.startswith(_TIFF):
        return "image/tiff"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIC_BRANDS:
        return "image/heic"
    found = guess_mimetype(head, default="")
    return found or None

"""What a document file really is, from its first bytes, whatever its name says.

Odoo types an upload by its file name; a web page or a program renamed ``scan.pdf`` would then
pass as a scan and be opened by the officers. Only the formats a scan or a photo comes in are
recognised (the signatures Odoo's own sniffer uses for PDF, JPEG, PNG and WebP, plus TIFF and
HEIC); anything else is unknown, and unknown is refused.
"""

HEAD_BYTES = 64
_SIGNATURES = (
    (b"%PDF", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)
# ISO base media "ftyp" brands of HEIF/HEIC photos
_HEIC_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis")


def sniff(head):
    """The mimetype of a scan or photo whose content starts with `head`, else None."""
    if not head:
        return None
    for signature, mimetype in _SIGNATURES:
        if head.startswith(signature):
            return mimetype
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIC_BRANDS:
        return "image/heic"
    return None

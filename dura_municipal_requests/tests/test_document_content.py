from odoo.tests import BaseCase, tagged

from ..tools.document_content import sniff


@tagged("post_install", "-at_install")
class TestDocumentContent(BaseCase):
    def test_sniff(self):
        cases = {
            b"%PDF-1.7\n": "application/pdf",
            b"\xff\xd8\xff\xe0\x00\x10JFIF\x00": "image/jpeg",
            b"\x89PNG\r\n\x1a\n\x00": "image/png",
            b"II*\x00\x08\x00": "image/tiff",
            b"MM\x00*\x00\x08": "image/tiff",
            b"\x00\x00\x00\x18ftypheic\x00\x00": "image/heic",
            b"RIFF\x10\x00\x00\x00WEBPVP8 ": "image/webp",
        }
        for head, expected in cases.items():
            with self.subTest(expected=expected):
                self.assertEqual(sniff(head), expected)
        for head in (
            b"<html><script>",
            b"MZ\x90\x00",
            b"PK\x03\x04",
            b"",
            b"hello",
            b"RIFFxxxxWAVE",
        ):
            with self.subTest(head=head):
                self.assertIsNone(sniff(head))

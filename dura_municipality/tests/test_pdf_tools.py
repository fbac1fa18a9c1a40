from unittest.mock import patch

from odoo.tests import BaseCase, tagged

from . import pdf_tools


@tagged("post_install", "-at_install")
class TestPdfTools(BaseCase):
    def test_missing_poppler_fails_the_pdf_tests(self):
        """Without poppler a PDF test fails with the way out, instead of skipping unseen."""
        with (
            patch.object(pdf_tools.shutil, "which", lambda _name: None),
            self.assertRaises(AssertionError) as caught,
        ):
            pdf_tools.require_poppler(self)
        self.assertIn("make setup", str(caught.exception))
        pdf_tools.require_poppler(self)  # here it is installed

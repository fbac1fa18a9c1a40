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

    def test_glyphs_joined_into_words(self):
        """pdftotext gives a right-to-left word glyph by glyph: touching boxes are one word,
        boxes apart or drawn over each other are not."""
        line = [("ة", (10.0, 0, 14.0, 9)), ("ب", (14.0, 0, 18.0, 9)), ("x", (20.0, 0, 24.0, 9))]
        self.assertEqual(
            pdf_tools.join_glyphs(line), [("ةب", (10.0, 0, 18.0, 9)), ("x", (20.0, 0, 24.0, 9))]
        )
        over = [("a", (10.0, 0, 20.0, 9)), ("b", (15.0, 0, 25.0, 9))]
        self.assertEqual(len(pdf_tools.join_glyphs(over)), 2)

    def test_misplaced_words(self):
        page = (100.0, 100.0, [("in", (10, 10, 20, 20)), ("next", (20.5, 10, 30, 20))])
        self.assertEqual(pdf_tools.misplaced_words([page]), [])
        page[2].append(("over", (25, 12, 35, 22)))
        page[2].append(("out", (95, 50, 103, 60)))
        problems = pdf_tools.misplaced_words([page])
        self.assertEqual(len(problems), 2)
        self.assertIn("'out' leaves the page", problems[0])
        self.assertIn("'next' overlaps 'over'", problems[1])
        # inside the page but in its margin, where wkhtmltopdf clips what it draws
        self.assertIn("'in' leaves the page", pdf_tools.misplaced_words([page], (15, 0, 0, 0))[0])

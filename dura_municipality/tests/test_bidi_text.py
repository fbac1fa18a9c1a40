from markupsafe import Markup

from odoo.tests import BaseCase, TransactionCase, tagged

from ..models.ir_actions_report import join_bodies, split_bodies
from ..tools.bidi_text import text_pieces


@tagged("post_install", "-at_install")
class TestBidiText(BaseCase):
    def test_pieces_of_one_kind(self):
        """Arabic letters, Latin words and numbers, and other signs apart (the cases that
        Debian's wkhtmltopdf misplaced, see tools/bidi_text.py)."""
        self.assertEqual(text_pieces("رسوم: توصيل مياه"), [["رسوم", ":"], ["توصيل"], ["مياه"]])
        self.assertEqual(text_pieces("INV/2026/00001 الفاتورة"), [["INV/2026/00001"], ["الفاتورة"]])
        self.assertEqual(
            text_pieces("كهرباء منزلية، فاتورة (مثال)"),
            [["كهرباء"], ["منزلية", "،"], ["فاتورة"], ["(", "مثال", ")"]],
        )
        self.assertEqual(text_pieces("+970 2 228 0000"), [["+", "970"], ["2"], ["228"], ["0000"]])
        self.assertEqual(text_pieces("50.00 ₪"), [["50.00"], ["₪"]])
        self.assertEqual(text_pieces("Omar Khalil"), [["Omar"], ["Khalil"]])
        self.assertEqual(text_pieces("م³"), [["م", "³"]])
        # vowel marks stay on their letters
        self.assertEqual(text_pieces("يُسجَّل"), [["يُسجَّل"]])
        self.assertEqual(text_pieces(""), [])
        self.assertEqual(text_pieces(None), [])
        self.assertEqual(text_pieces(" a\n b "), [["a"], ["b"]])


@tagged("post_install", "-at_install")
class TestBidiWidget(TransactionCase):
    def test_widget_escapes_and_splits(self):
        html = self.env["ir.qweb.field.dura_bidi"].value_to_html("رسوم: <b>x</b>")
        self.assertEqual(
            str(html),
            "<span>رسوم</span><span>:</span> <span>&lt;</span><span>b</span>"
            "<span>&gt;</span><span>x</span><span>&lt;/</span><span>b</span><span>&gt;</span>",
        )
        # a template's own text, as markup: its words are split, not its entities
        html = self.env["ir.qweb.field.dura_bidi"].value_to_html(Markup("a &amp; b"))
        self.assertEqual(str(html), "<span>a</span> <span>&amp;</span> <span>b</span>")
        rendered = self.env["ir.qweb"]._render(
            "dura_municipality.report_dura_letterhead",
            {"company": self.env.company.with_context(lang="en_US")},
        )
        self.assertIn("<span>", str(rendered))


@tagged("post_install", "-at_install")
class TestJoinBodies(BaseCase):
    def test_documents_on_their_own_pages(self):
        page = (
            '<!DOCTYPE html><html><head><link rel="stylesheet" href="/a.css"/></head>'
            '<body class="o_body_pdf" dir="{dir}"><div class="article">{text}</div></body></html>'
        )
        html = join_bodies(
            [page.format(dir="ltr", text="one"), page.format(dir="rtl", text="اثنان")]
        )
        self.assertEqual(html.count("<head>"), 1)
        self.assertEqual(html.count('class="article"'), 2)
        self.assertIn('<div dir="ltr"><div class="article">one</div></div>', html)
        self.assertIn(
            '<div dir="rtl" style="page-break-before: always;"><div class="article">اثنان</div>',
            html,
        )

    def test_parts_below_odoo_rewrite(self):
        """Parts of at most `count` documents and `size` characters (Odoo rewrites a page of
        4 MiB without its doctype); a document larger alone is a part of its own."""
        bodies = ["a" * 10, "b" * 10, "c" * 25, "d" * 5, "e", "f"]
        self.assertEqual(
            split_bodies(bodies, size=20, count=3),
            [["a" * 10, "b" * 10], ["c" * 25], ["d" * 5, "e", "f"]],
        )
        self.assertEqual(split_bodies([], size=20, count=3), [])

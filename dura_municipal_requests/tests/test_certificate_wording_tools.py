from lxml import html

from odoo.tests import BaseCase, tagged

from ..tools import certificate_wording as cw

ALLOWED = ("object.name", "object.partner_id.name")


@tagged("post_install", "-at_install")
class TestCertificateWordingTools(BaseCase):
    def test_shorthand_becomes_placeholder(self):
        self.assertEqual(
            cw.normalize("<p>{{ object.partner_id.name }} / {{object.name}}</p>"),
            '<p><t t-out="object.partner_id.name"></t> / <t t-out="object.name"></t></p>',
        )
        # only field paths of the request: anything else stays, and is refused below
        self.assertEqual(cw.normalize("<p>{{ user.name }}</p>"), "<p>{{ user.name }}</p>")
        self.assertFalse(cw.normalize(False))

    def test_valid_wordings(self):
        for wording in (
            '<p>Mr <t t-out="object.partner_id.name"/>, request <t t-out="object.name"/>.</p>',
            '<p><strong><t t-out="object.partner_id.name">the citizen</t></strong></p>',
            "<p>No placeholder at all.</p>",
            "",
            False,
        ):
            with self.subTest(wording=wording):
                self.assertEqual(cw.problems(wording, ALLOWED), [])

    def test_problems(self):
        cases = [
            (
                '<p><t t-out="object.partner_id.phone"/></p>',
                (cw.UNKNOWN, "object.partner_id.phone"),
            ),
            (
                "<p><t t-out=\"object.env['res.users'].search([])\"/></p>",
                (cw.UNKNOWN, "object.env['res.users'].search([])"),
            ),
            ('<p><t t-if="object.name">x</t></p>', (cw.DIRECTIVE, "t-if")),
            ('<p><span t-att-title="object.name">x</span></p>', (cw.DIRECTIVE, "t-att-title")),
            ('<p><t t-esc="object.name"/></p>', (cw.DIRECTIVE, "t-esc")),
            ('<p><span class="x" t-out="object.name"/></p>', (cw.NOT_ALONE, "object.name")),
            ('<p><t t-out="object.name"><b>x</b></t></p>', (cw.NOT_ALONE, "object.name")),
            ("<p>{{ user.name }}</p>", (cw.SHORTHAND_LEFT, "{{ user.name }}")),
            ("<p>{{ object.name </p>", (cw.SHORTHAND_LEFT, "{{")),
        ]
        for wording, expected in cases:
            with self.subTest(wording=wording):
                self.assertEqual(cw.problems(wording, ALLOWED)[:1], [expected])

    def test_rtl_lines(self):
        wording = (
            "<p>تشهد بلدية دورا بأن <strong>أحمد محمود</strong>، رقم الهوية 401234562، "
            "في الطلب DR-2026-00015 بتاريخ 2\N{NO-BREAK SPACE}ديسمبر\N{NO-BREAK SPACE}2026.</p>"
            "<p>سطر ثان</p>"
        )
        laid_out = html.fragment_fromstring(cw.rtl_lines(wording, 30), create_parent="div")
        paragraphs = laid_out.findall("div")
        self.assertEqual(len(paragraphs), 2)
        lines = [
            "".join(cell.text_content() for cell in table.iter("td"))
            for table in paragraphs[0].iter("table")
        ]
        self.assertTrue(all(len(line) <= 34 for line in lines), lines)  # 30 + the cells' gaps
        # every word kept, in order (the spaces between cells are their padding)
        self.assertEqual(
            "".join("".join(lines).split(" ")),
            "تشهدبلديةدورابأنأحمدمحمود،رقمالهوية401234562،فيالطلبDR-2026-00015"
            "بتاريخ2\N{NO-BREAK SPACE}ديسمبر\N{NO-BREAK SPACE}2026.",
        )
        # the date (no-break spaces) on one line
        self.assertTrue(any("2026." in line and "ديسمبر" in line for line in lines))
        cells = {cell.text_content(): cell for cell in laid_out.iter("td")}
        self.assertEqual(cells["401234562"].get("dir"), "ltr")
        self.assertEqual(cells["DR-2026-00015"].get("dir"), "ltr")
        bold = [
            cell.text_content()
            for cell in laid_out.iter("td")
            if len(cell) and cell[0].tag == "strong"
        ]
        self.assertEqual(" ".join(bold), "أحمد محمود")
        self.assertEqual(laid_out.findall(".//table")[0].get("dir"), "rtl")

    def test_rtl_lines_widths(self):
        laid_out = cw.rtl_lines("<p>رقم 12 (أ)</p>", 80, measure=lambda text, bold: 10 * len(text))
        root = html.fragment_fromstring(laid_out, create_parent="div")
        widths = [cell.get("style") for cell in root.iter("td")]
        self.assertIn("width: 35px;", widths[0])  # "رقم" 30 * 1.1 + 2
        self.assertIn("width: 24px;", widths[1])  # "12"
        self.assertIn("calc(0.25em + 0.3em)", widths[2])  # a space and a bracket before "(أ)"
        self.assertIn("table-layout: fixed", root.find(".//table").get("style"))
        self.assertEqual(cw.rtl_lines("", 80), "")
        self.assertEqual(cw.rtl_lines("<p> </p>", 80), "")

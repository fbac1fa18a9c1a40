from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestReportLayout(TransactionCase):
    def test_letterhead(self):
        company = self.env.company
        company.write({"name": "بلدية دورا", "dura_name_en": "Dura Municipality"})
        html = str(
            self.env["ir.qweb"]._render(
                "dura_municipality.report_dura_letterhead",
                {"company": company, "letterhead_subtitle": "Public Service Center"},
            )
        )
        # the Arabic name word by word, each in a span (the dura_bidi widget)
        for text in (
            "<span>بلدية</span> <span>دورا</span>",
            "Dura Municipality",
            "Public Service Center",
        ):
            self.assertIn(text, html)
        company.dura_name_en = "بلدية دورا"  # the same name is not printed twice
        html = str(
            self.env["ir.qweb"]._render(
                "dura_municipality.report_dura_letterhead", {"company": company}
            )
        )
        self.assertEqual(html.count("بلدية"), 1)
        self.assertNotIn("Public Service Center", html)

    def test_one_paperformat(self):
        """The suite's reports share the municipality's paperformat."""
        paperformat = self.env.ref("dura_municipality.paperformat_dura_body_only")
        reports = self.env["ir.actions.report"].search([("report_name", "=like", "dura\\_%")])
        for report in reports:
            with self.subTest(report=report.report_name):
                self.assertEqual(report.paperformat_id, paperformat)
        copies = self.env["report.paperformat"].search([("name", "ilike", "Dura utilities")])
        self.assertFalse(copies, "billing's copy of the paperformat is gone")

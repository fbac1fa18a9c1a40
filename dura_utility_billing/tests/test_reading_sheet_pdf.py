from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dura_municipality.tests.pdf_tools import assert_clean_pdf, render_pdf

SHEET = "dura_utility_billing.action_report_reading_sheet"


@tagged("post_install", "-at_install")
class TestReadingSheetPdf(HttpCase):
    """The printed reading sheet of the demo route وسط البلد, in Arabic (right to left) and in
    English, as a real PDF read back: header, the meters in the order of the walk, the last
    reading and the boxes to write in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ar_001")
        cls.env["ir.module.module"]._load_module_terms(
            ["dura_municipality", "dura_utility_billing"], ["ar_001"]
        )
        cls.route = cls.env.ref("dura_utility_billing.demo_route_water_center")

    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_sheet_arabic_and_english(self):
        period = fields.Date.context_today(self.env.user).strftime("%Y-%m")
        first = self.route.subscription_ids.sorted("route_sequence")[0]
        self.assertEqual(first.meter_number, "W-20400")
        content = render_pdf(self, SHEET, self.route.ids, "reading_sheet_ar", lang="ar_001")
        text = assert_clean_pdf(
            self,
            content,
            ("ورقة القراءة", "مسار القراءة", "وسط البلد", "القارئ", "يوسف العواودة", "محمد عمرو",
             "W-20400", "القراءة السابقة", "ملاحظات", "2826", "W-01", period, first.name),
        )  # fmt: skip
        self.assertLess(text.index("W-20400"), text.index("W-20413"), "the order of the walk")
        content = render_pdf(self, SHEET, self.route.ids, "reading_sheet_en", lang="en_US")
        assert_clean_pdf(
            self,
            content,
            ("Reading Sheet", "Previous Reading", "Notes", "Reader", "Ahmad Awawdeh",
             "W-20413", "1395", period),
        )  # fmt: skip

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.dura_municipality.tests.pdf_tools import assert_clean_pdf, render_pdf

from .collection_common import DuraCollectionCommon

NOTICE = "dura_utility_billing.action_report_collection_notice"


@tagged("post_install", "-at_install")
class TestCollectionNoticePdf(DuraCollectionCommon, HttpCase):
    """The printed notice of a citizen without a mobile, on the letterhead, in the citizen's
    language, as a real PDF read back."""

    @mute_logger("odoo.addons.base.models.assetsbundle")
    def test_notice_arabic_and_english(self):
        arabic = self.env["res.partner"].create({"name": "محمد أحمد عمرو", "lang": "ar_001"})
        english = self.env["res.partner"].create({"name": "Sami Dudeen", "lang": "en_US"})
        bill_ar = self._bills(partner=arabic)
        bill_en = self._bills(partner=english)
        run = self._collect(7)
        self.assertEqual(run.print_count, 2)
        line_ar = run.line_ids.filtered(lambda line: line.move_id == bill_ar)
        line_en = run.line_ids.filtered(lambda line: line.move_id == bill_en)
        action = line_ar.action_print_notice()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertTrue(line_ar.printed)
        content = render_pdf(self, NOTICE, line_ar.ids, "collection_notice_ar")
        assert_clean_pdf(
            self,
            content,
            (
                "إشعار تأخر",
                "محمد أحمد عمرو",
                bill_ar.name,
                bill_ar.dura_subscription_id.meter_number,
                "224.00",
                "4.48",
                "غرامة تأخير الدفع",
            ),
        )
        content = render_pdf(self, NOTICE, line_en.ids, "collection_notice_en")
        assert_clean_pdf(
            self,
            content,
            ("Overdue Notice", "Sami Dudeen", bill_en.name, "224.00", "Late payment fee"),
        )

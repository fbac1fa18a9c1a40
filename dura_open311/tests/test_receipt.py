from odoo.tests import tagged

from .common import DuraOpen311Common


@tagged("post_install", "-at_install")
class TestReceiptStatusPage(DuraOpen311Common):
    def test_receipt_points_to_status_page(self):
        """The citizen's receipt (in their language) says where the status page is."""
        request = self.env["dura.service.request"].create(
            {"partner_id": self.citizen.id, "service_type_id": self.service_light.id}
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "dura_municipal_requests.action_report_request_receipt", request.ids
            )[0]
            .decode()
        )
        self.assertIn(request.get_base_url() + "/status", html)
        self.assertIn("آخر أربعة أرقام", html)

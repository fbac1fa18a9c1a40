import datetime

from odoo.tests import tagged

from .common import DuraRequestCommon


@tagged("post_install", "-at_install")
class TestReportingMenu(DuraRequestCommon):
    def test_director_reporting_menu(self):
        menus = self.env["ir.ui.menu"].with_user(self.user_director)._visible_menu_ids()
        for xmlid in (
            "dura_municipality.menu_municipality_reporting",
            "menu_dura_service_center_report",
            "menu_dura_service_request_reporting",
            "menu_dura_request_fee_analysis",
            "menu_dura_service_request_processing_time",
        ):
            xmlid = xmlid if "." in xmlid else f"dura_municipal_requests.{xmlid}"
            self.assertIn(self.env.ref(xmlid).id, menus, xmlid)
        center_menus = self.env["ir.ui.menu"].with_user(self.user_center)._visible_menu_ids()
        self.assertNotIn(
            self.env.ref("dura_municipality.menu_municipality_reporting").id, center_menus
        )

    def test_reporting_actions_open(self):
        """Each analysis opens for the director, on its pivot with the default measures."""
        for xmlid in (
            "action_dura_service_request_reporting",
            "action_dura_service_request_processing_time",
            "action_dura_request_fee_analysis",
        ):
            action = self.env.ref(f"dura_municipal_requests.{xmlid}")
            model = self.env[action.res_model].with_user(self.user_director)
            views = model.get_views(
                [(view.view_id.id, view.view_mode) for view in action.view_ids]
                or [(False, "pivot"), (False, "graph")]
            )
            self.assertIn("pivot", views["views"])
            model.read_group([], ["__count"], [])
        action = self.env.ref("dura_municipal_requests.action_dura_service_request_processing_time")
        self.assertIn("processing_days", action.context)
        self.assertEqual(action.domain, "[('state', '=', 'done')]")

    def test_processing_days(self):
        request = self._new_request(self.citizen_en, self.service_complaint)
        request.with_user(self.user_center).action_submit()
        request.with_user(self.user_water).action_start()
        request.with_user(self.user_water).action_done()
        request.date_filed = request.date_done - datetime.timedelta(days=2, hours=12)
        self.assertAlmostEqual(request.processing_days, 2.5)
        groups = self.env["dura.service.request"]._read_group(
            [("id", "=", request.id)], [], ["processing_days:avg"]
        )
        self.assertAlmostEqual(groups[0][0], 2.5)

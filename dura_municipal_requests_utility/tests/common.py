from odoo.addons.dura_municipal_requests.tests.common import DuraRequestCommon


class DuraUtilityRequestCommon(DuraRequestCommon):
    """The service center's test catalogue, its water connection creating a water subscription."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service_water.completion_effect = "water_subscription"
        cls.env["ir.module.module"]._load_module_terms(
            ["dura_municipal_requests_utility"], ["ar_001"]
        )

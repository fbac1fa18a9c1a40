from odoo.tests import tagged

from odoo.addons.dura_municipal_requests.tests.common import DuraRequestCommon
from odoo.addons.dura_municipal_requests_utility.tests import test_access_matrix as utility_matrix
from odoo.addons.dura_municipality.tests.common import assert_access_matrix

GROUPS = utility_matrix.GROUPS
# the figures are the director's: read only, and nobody else's (the SMS figures carry no
# message nor number; the revenue figures are read by finance in Invoicing itself)
MATRIX = {
    "dura.dashboard.request.report": {"director": "r"},
    "dura.dashboard.revenue.report": {"director": "r"},
    "dura.dashboard.sms.report": {"director": "r"},
}


@tagged("post_install", "-at_install")
class TestDashboardAccessMatrix(DuraRequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = cls._role_users(GROUPS, "dmatrix")

    def test_matrix(self):
        models = {
            name
            for name in self.env
            if not self.env[name]._abstract
            and self.env[name]._original_module == "dura_municipality_dashboard"
        }
        self.assertEqual(models, set(MATRIX), "a model of the dashboard has no row")
        assert_access_matrix(self, MATRIX, self.users)

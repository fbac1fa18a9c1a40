from odoo.tests import tagged

from odoo.addons.dura_municipal_requests.tests import test_role_menus


@tagged("post_install", "-at_install")
class TestUtilityRoleMenus(test_role_menus.TestRoleMenus):
    """The utility side's demo role users (dura_utility_billing's demo) walk the menus they see
    with the service center installed: Invoicing for the cashier, the Utilities app under
    Municipality for the meter reader and the utility office."""

    # Odoo's loader runs only the methods a class defines itself unless told otherwise: without
    # this the walk was inherited and never ran for these roles
    allow_inherited_tests_method = True
    ROLE_LOGINS = ("cashier", "reader", "supervisor", "utility")

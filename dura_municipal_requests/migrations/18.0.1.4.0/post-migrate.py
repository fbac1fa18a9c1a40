"""18.0.1.4.0: the utility side of the service center moves to dura_municipal_requests_utility.

Up to 18.0.1.3.0 this module depended on dura_utility_billing and carried the utility fields
of the request, the subscription and conversion effects, the ACLs on billing's models and the
Utility Billing reporting menu. They now live in the bridge dura_municipal_requests_utility
(auto_install), which Odoo installs on its own only when one of its dependencies is installed,
not when they are updated: mark it for installation here, and Odoo's loading loop installs it
in the same run (``load_marked_modules``). Its ``pre_init_hook`` takes over the records'
XML ids before the end of the update could delete them as obsolete.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

BRIDGE = "dura_municipal_requests_utility"


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Module = env["ir.module.module"]
    billing = Module.search(
        [("name", "=", "dura_utility_billing"), ("state", "in", ("installed", "to upgrade"))]
    )
    bridge = Module.search([("name", "=", BRIDGE), ("state", "=", "uninstalled")])
    if billing and bridge:
        _logger.info("utility billing is installed: installing %s", BRIDGE)
        bridge.button_install()

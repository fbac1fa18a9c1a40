from odoo.tools import SQL

from . import models

# Records that dura_municipal_requests 18.0.1.3.0 and older created and that this bridge owns
# now. Their XML ids are renamed before the bridge loads, not recreated: the fields keep their
# columns and data, the selection values the records holding them, the ACLs and the menu their
# ids. Without the rename, updating dura_municipal_requests would delete them as obsolete.
MOVED_XMLIDS = (
    # the utility fields of the request
    "field_dura_service_request__utility",
    "field_dura_service_request__meter_number",
    "field_dura_service_request__quarter",
    "field_dura_service_request__tariff_id",
    "field_dura_service_request__subscription_id",
    "field_dura_service_request__final_reading",
    "field_dura_service_request__opening_reading",
    "field_dura_service_request__new_meter_number",
    "field_dura_service_request__remaining_credit",
    "field_dura_service_request__credit_policy",
    "selection__dura_service_request__utility__electricity",
    "selection__dura_service_request__utility__water",
    "selection__dura_service_request__credit_policy__credit_note",
    "selection__dura_service_request__credit_policy__carry_forward",
    # the completion effects the bridge adds to the catalogue
    "selection__dura_service_type__completion_effect__electricity_subscription",
    "selection__dura_service_type__completion_effect__water_subscription",
    "selection__dura_service_type__completion_effect__card_to_invoice",
    # the service center's rights on billing's models
    "access_dura_utility_subscription_request_officer",
    "access_dura_utility_subscription_request_center",
    "access_dura_utility_tariff_request_officer",
    "access_dura_utility_tariff_request_center",
    # Municipality > Reporting > Utility Billing
    "menu_dura_utility_billing_reporting",
)


def pre_init_hook(env):
    """On a database where dura_municipal_requests carried the utility side itself, take over
    its records under this module's name (see MOVED_XMLIDS)."""
    env.cr.execute(
        SQL(
            "SELECT 1 FROM ir_module_module WHERE name = %s AND state IN %s",
            "dura_municipal_requests",
            ("installed", "to upgrade"),
        )
    )
    if not env.cr.fetchone():
        return
    env.cr.execute(
        SQL(
            "UPDATE ir_model_data SET module = %s WHERE module = %s AND name IN %s",
            "dura_municipal_requests_utility",
            "dura_municipal_requests",
            MOVED_XMLIDS,
        )
    )

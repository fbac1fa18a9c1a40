{
    "name": "Dura SMS Gateway",
    "version": "18.0.1.1.0",
    "category": "Hidden/Tools",
    "summary": "Send Odoo SMS through the municipality's own providers, "
    "with delivery reports, an audit log, approvals and opt-out",
    "author": "Dura Municipality",
    "development_status": "Beta",
    "website": "https://www.dura-mun.ps",
    "license": "LGPL-3",
    "depends": ["sms", "phone_validation", "dura_municipality"],
    "external_dependencies": {"python": ["phonenumbers", "requests"]},
    "data": [
        "security/dura_sms_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "data/dura_sms_message_actions.xml",
        "views/dura_sms_provider_views.xml",
        "views/dura_sms_message_views.xml",
        "views/dura_sms_batch_views.xml",
        "views/dura_sms_inbound_views.xml",
        "views/dura_sms_inbound_simulate_views.xml",
        "views/sms_template_views.xml",
        "views/dura_sms_menus.xml",
    ],
    "demo": ["demo/res_users_demo.xml", "demo/dura_sms_provider_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "dura_sms_gateway/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}

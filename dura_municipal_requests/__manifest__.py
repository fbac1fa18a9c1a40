{
    "name": "Dura Municipal Requests",
    "version": "18.0.1.1.0",
    "category": "Services",
    "summary": "Public Service Center: service catalogue, requests, pay-before-filing, "
    "routing to departments, documents, on-hold and citizen SMS",
    "author": "Dura Municipality",
    "website": "https://www.dura-mun.ps",
    "license": "LGPL-3",
    "depends": [
        "account",
        "base_automation",
        "dura_sms_gateway",
        "dura_utility_billing",
    ],
    "data": [
        "security/dura_request_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/sms_template_data.xml",
        "data/base_automation_data.xml",
        "report/dura_service_request_reports.xml",
        "report/dura_service_request_receipt.xml",
        "views/dura_service_request_views.xml",
        "views/dura_service_catalogue_views.xml",
        "views/account_move_views.xml",
        "views/res_company_views.xml",
        "views/dura_municipality_menus.xml",
    ],
    "demo": [
        "demo/res_company_demo.xml",
        "demo/dura_service_catalogue_demo.xml",
        "demo/dura_service_request_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dura_municipal_requests/static/tests/tours/*.js",
        ],
    },
    "application": True,
    "installable": True,
}

{
    "name": "Dura Municipal Requests - Utility Billing",
    "version": "18.0.1.0.0",
    "category": "Services",
    "summary": "Utility requests at the Public Service Center: a done request creates the "
    "electricity or water subscription, or converts a prepaid (card) meter to invoice billing",
    "author": "Dura Municipality",
    "development_status": "Beta",
    "website": "https://www.dura-mun.ps",
    "license": "LGPL-3",
    "depends": ["dura_municipal_requests", "dura_utility_billing"],
    "data": [
        "security/ir.model.access.csv",
        "views/dura_service_request_views.xml",
        "views/dura_service_clearance_views.xml",
        "views/res_partner_views.xml",
        "views/dura_municipality_menus.xml",
    ],
    "demo": [
        "demo/dura_service_catalogue_demo.xml",
        "demo/dura_clearance_demo.xml",
        "demo/dura_demo_arabic.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dura_municipal_requests_utility/static/tests/tours/*.js",
        ],
    },
    "pre_init_hook": "pre_init_hook",
    "auto_install": True,
    "installable": True,
}

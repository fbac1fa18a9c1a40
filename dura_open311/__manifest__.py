{
    "name": "Dura Open311",
    "version": "18.0.1.0.0",
    "category": "Services",
    "summary": "Open311 GeoReport v2 API for the service center's requests, and a public "
    "status page where citizens follow their request",
    "author": "Dura Municipality",
    "development_status": "Beta",
    "website": "https://www.dura-mun.ps",
    "license": "LGPL-3",
    "depends": [
        "dura_municipality",
        "dura_municipal_requests",
    ],
    "data": [
        "security/ir.model.access.csv",
        "data/dura_open311_data.xml",
        "views/dura_open311_client_views.xml",
        "views/dura_service_type_views.xml",
        "views/dura_service_request_views.xml",
        "views/status_page_templates.xml",
        "report/dura_service_request_receipt.xml",
        "views/dura_open311_menus.xml",
    ],
    "demo": [
        "demo/dura_open311_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dura_open311/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}

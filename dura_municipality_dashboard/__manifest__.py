{
    "name": "Dura Municipality Dashboard",
    "version": "18.0.1.1.0",
    "category": "Productivity/Dashboard",
    "summary": "The municipality's dashboard in Odoo's Dashboards app: requests received, filed, "
    "done and overdue, processing days, fees, utility billing and arrears, SMS",
    "author": "Dura Municipality",
    "development_status": "Beta",
    "website": "https://www.dura-mun.ps",
    "license": "LGPL-3",
    "depends": ["spreadsheet_dashboard", "dura_municipal_requests_utility"],
    "data": [
        "security/ir.model.access.csv",
        "security/ir_rule.xml",
        "data/spreadsheet_dashboard_data.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dura_municipality_dashboard/static/tests/tours/*.js",
        ],
    },
    "auto_install": True,
    "installable": True,
}

{
    "name": "Dura Municipal Requests",
    "version": "18.0.1.0.0",
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
        "views/dura_municipality_menus.xml",
    ],
    "demo": [],
    "application": True,
    "installable": True,
}

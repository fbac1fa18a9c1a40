{
    "name": "Dura Utility Billing",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "summary": "Electricity and water subscriptions, meters, tiered tariffs, readings, "
    "billing runs, prepaid card top-ups and bill SMS",
    "author": "Dura Municipality",
    "website": "https://www.dura-mun.ps",
    "license": "LGPL-3",
    "depends": ["account", "dura_sms_gateway"],
    "data": [
        "security/dura_utility_security.xml",
        "security/ir.model.access.csv",
        "views/dura_utility_menus.xml",
    ],
    "demo": [],
    "installable": True,
}

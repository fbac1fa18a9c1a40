{
    "name": "Dura SMS Gateway",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tools",
    "summary": "Send Odoo SMS through the municipality's own providers, "
    "with delivery reports, an audit log, approvals and opt-out",
    "author": "Dura Municipality",
    "website": "https://www.dura-mun.ps",
    "license": "LGPL-3",
    "depends": ["sms", "phone_validation"],
    "external_dependencies": {"python": ["phonenumbers", "requests"]},
    "data": [
        "security/dura_sms_security.xml",
        "security/ir.model.access.csv",
        "views/dura_sms_menus.xml",
    ],
    "demo": [],
    "installable": True,
}

{
    "name": "Dura Municipality",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tools",
    "summary": "What the Dura addons share: the Municipality app and its menus, the letterhead and "
    "report layout, the public-page layout, the shared rate limiter and the test toolbox",
    "author": "Dura Municipality",
    "development_status": "Beta",
    "website": "https://www.dura-mun.ps",
    "license": "LGPL-3",
    "depends": ["web"],
    "data": [
        "security/ir.model.access.csv",
        "report/dura_report_layout.xml",
        "views/dura_public_page_templates.xml",
        "views/res_company_views.xml",
        "views/dura_municipality_menus.xml",
    ],
    "pre_init_hook": "pre_init_hook",
    "installable": True,
}

"""What the public pages share (no route here): the language a visitor reads them in, the values
of their layout (dura_municipality.public_page_layout) and how they are answered."""

from odoo.http import request

from ..tools.public_lang import choose_lang


def public_env(lang=None, browser=False):
    """The request's environment, switched to the language the visitor asked for: `lang` (the
    page's ``?lang=``), then, when `browser` is set, the browser's language; else Arabic, else
    English (see :func:`~odoo.addons.dura_municipality.tools.public_lang.choose_lang`)."""
    installed = [code for code, _name in request.env["res.lang"].sudo().get_installed()]
    wanted = (lang, request.best_lang) if browser else (lang,)
    request.update_context(lang=choose_lang(installed, wanted))
    return request.env


def page_values(env, **values):
    """The layout's values in `env`'s language, then the page's own `values`."""
    return {
        "langs": env["res.lang"].sudo().get_installed(),
        "lang": env.lang,
        "company_name": env.company.sudo().name,
        "direction": env["res.lang"]._get_data(code=env.lang).direction or "ltr",
        **values,
    }


def render_page(template, values, status=200):
    """The page, never kept by a browser or a proxy: it shows what one visitor looked up."""
    response = request.render(template, values, status=status)
    response.headers["Cache-Control"] = "no-store"
    return response

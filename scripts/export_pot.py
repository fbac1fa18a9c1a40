"""Run by scripts/make-pot.sh through `odoo-bin shell`: writes i18n/<addon>.pot for each addon of
$POT_ADDONS (comma-separated) under $POT_ROOT, from Odoo's own exporter (the rows and the writer
of `odoo-bin --i18n-export`).

One thing differs from --i18n-export: with every addon installed, Odoo's exporter also lists,
under an addon, the values that addons depending on it write into its records in fields of their
own (dura_open311's Open311 group on dura_municipal_requests' service types). Those are left out:
they are the other addon's to translate.
"""

import io
import os

from odoo.tools.translate import PoFileWriter, TranslationModuleReader

from odoo.addons.dura_municipality.tests.i18n_check import dependencies

env = globals()["env"]  # provided by odoo-bin shell

# Odoo stamps the export time in the header: without it, an unchanged template stays unchanged
STAMPS = ('"POT-Creation-Date: ', '"PO-Revision-Date: ')


def defining_modules(model, field_name):
    """The modules that declare `field_name` on `model` (each has its ir.model.fields xmlid):
    a field that base_automation redefines is still sms's or base's too."""
    field = env["ir.model.fields"]._get(model, field_name)
    data = env["ir.model.data"].search(
        [("model", "=", "ir.model.fields"), ("res_id", "=", field.id)]
    )
    return set(data.mapped("module"))


def own_rows(module):
    own, cache = dependencies(module), {}
    for row in TranslationModuleReader(env.cr, [module], lang=None):
        kind, name = row[1], row[2]
        if kind in ("model", "model_terms") and "," in name:
            if name not in cache:
                cache[name] = bool(defining_modules(*name.split(",", 1)) & own)
            if not cache[name]:
                continue
        yield row


for addon in os.environ["POT_ADDONS"].split(","):
    rows = list(own_rows(addon))
    buffer = io.BytesIO()
    PoFileWriter(buffer, lang=None).write_rows(rows)
    lines = buffer.getvalue().decode().splitlines(keepends=True)
    path = os.path.join(os.environ["POT_ROOT"], addon, "i18n", f"{addon}.pot")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as pot:
        pot.writelines(line for line in lines if not line.startswith(STAMPS))
    print(f"{addon}/i18n/{addon}.pot: {len({row[4] for row in rows})} terms")

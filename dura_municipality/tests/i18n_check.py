"""Shared check that a module's i18n/ar.po translates every term Odoo exports for it."""

from odoo.modules.module import get_manifest
from odoo.tools.misc import file_open
from odoo.tools.translate import PoFileReader, TranslationModuleReader


def dependencies(module):
    """`module` and every module it depends on, directly or not."""
    seen, todo = set(), [module]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(get_manifest(name).get("depends", []))
    return seen


def missing_ar_terms(env, module):
    """Terms of `module`, as Odoo's own exporter lists them, without a non-fuzzy Arabic
    translation in `module`/i18n/ar.po.

    Values that modules installed later write on this module's records (e.g. a field that
    another addon adds to this module's demo data) are theirs to translate, not this module's.
    """
    with file_open(f"{module}/i18n/ar.po", "rb") as po_file:
        translated = {
            entry["src"]
            for entry in PoFileReader(po_file)
            if entry["value"] and "fuzzy" not in (entry.get("comments") or [])
        }
    own = dependencies(module)
    missing = set()
    for _module, kind, name, _res_id, source, _value, _comments in TranslationModuleReader(
        env.cr, [module]
    ):
        if not source or source in translated:
            continue
        if kind in ("model", "model_terms") and "," in name:
            model, field_name = name.split(",", 1)
            field = env[model]._fields.get(field_name) if model in env else None
            if field is not None and field._module and field._module not in own:
                continue
        missing.add(source)
    return missing

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import PoFileReader, TranslationModuleReader


@tagged("post_install", "-at_install")
class TestArabicTranslation(TransactionCase):
    def test_ar_po_complete(self):
        with open(file_path("dura_utility_billing/i18n/ar.po"), "rb") as po_file:
            translated = {
                entry["src"]: entry["value"] for entry in PoFileReader(po_file) if entry["value"]
            }
        terms = {
            source
            for _module, _type, _name, _res_id, source, _value, _comments in (
                TranslationModuleReader(self.env.cr, ["dura_utility_billing"])
            )
            if source
        }
        self.assertTrue(terms)
        self.assertFalse(terms - set(translated), "terms missing from ar.po")

import polib

from odoo.tests import BaseCase, tagged
from odoo.tools.misc import file_path


@tagged("post_install", "-at_install")
class TestArabicTranslation(BaseCase):
    def test_ar_po_complete(self):
        po = polib.pofile(file_path("dura_open311/i18n/ar.po"))
        self.assertGreater(len(po), 80)
        self.assertFalse([entry.msgid for entry in po if not entry.msgstr])
        self.assertFalse([entry.msgid for entry in po if entry.fuzzy])

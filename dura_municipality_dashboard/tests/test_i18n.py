from odoo.tests import TransactionCase, tagged

from odoo.addons.dura_municipality.tests.i18n_check import missing_ar_terms


@tagged("post_install", "-at_install")
class TestArabicTranslation(TransactionCase):
    def test_ar_po_complete(self):
        """Every term Odoo exports for the module has an Arabic translation in i18n/ar.po."""
        self.assertFalse(
            sorted(missing_ar_terms(self.env, "dura_municipality_dashboard")),
            "terms missing from ar.po",
        )

from odoo.tests import TransactionCase, tagged

from odoo.addons.dura_municipality.tests.i18n_check import missing_ar_terms


@tagged("post_install", "-at_install")
class TestArabicTranslation(TransactionCase):
    def test_ar_po_complete(self):
        """Every term Odoo exports for the module has an Arabic translation in i18n/ar.po."""
        self.assertFalse(
            sorted(missing_ar_terms(self.env, "dura_municipal_requests_utility")),
            "terms missing from ar.po",
        )

    def test_one_wording_of_the_credit_policy(self):
        """The service request offers the remaining card credit's choice in billing's words."""
        labels = {
            model: dict(self.env[model]._fields[name]._description_selection(self.env))
            for model, name in (
                ("dura.service.request", "credit_policy"),
                ("res.company", "dura_conversion_credit_policy"),
                ("dura.utility.subscription", "conversion_credit_policy"),
                ("dura.utility.conversion.wizard", "credit_policy"),
            )
        }
        self.assertEqual(len({tuple(sorted(label.items())) for label in labels.values()}), 1)
        arabic = self.env["dura.service.request"].with_context(lang="ar_001")
        self.env["res.lang"]._activate_lang("ar_001")
        self.env["ir.module.module"]._load_module_terms(
            ["dura_utility_billing", "dura_municipal_requests_utility"], ["ar_001"]
        )
        self.assertEqual(
            dict(arabic._fields["credit_policy"]._description_selection(arabic.env)),
            {"credit_note": "ردّ بإشعار دائن", "carry_forward": "ترحيل إلى الفواتير القادمة"},
        )

from odoo.tests import BaseCase, tagged

from ..tools.public_lang import choose_lang

INSTALLED = ["en_US", "ar_001", "fr_FR"]


@tagged("post_install", "-at_install")
class TestChooseLang(BaseCase):
    def test_cases(self):
        for wanted, installed, expected in (
            ((), INSTALLED, "ar_001"),  # nothing asked: Arabic
            ((None, ""), INSTALLED, "ar_001"),
            (("en_US",), INSTALLED, "en_US"),
            (("fr_FR", "en_US"), INSTALLED, "fr_FR"),  # the first wanted wins
            (("en_GB",), INSTALLED, "en_US"),  # same family
            (("en",), INSTALLED, "en_US"),
            (("ar",), INSTALLED, "ar_001"),
            (("ar_SY",), ["en_US", "ar_SY", "ar_001"], "ar_SY"),  # installed as asked
            (("ar_EG",), ["en_US", "ar_SY", "ar_001"], "ar_001"),  # the family's default first
            (("de_DE", "en-GB"), INSTALLED, "en_US"),  # unknown, then the browser's
            (("de_DE",), INSTALLED, "ar_001"),
            (("de_DE",), ["en_US", "fr_FR"], "en_US"),  # no Arabic: English
            ((), ["fr_FR"], "fr_FR"),
            ((), [], "en_US"),
        ):
            with self.subTest(wanted=wanted, installed=installed):
                self.assertEqual(choose_lang(installed, wanted), expected)

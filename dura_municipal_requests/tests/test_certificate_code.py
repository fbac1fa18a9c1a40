import itertools

from odoo.tests import BaseCase, tagged

from ..tools import certificate_code as cc


@tagged("post_install", "-at_install")
class TestCertificateCodeTools(BaseCase):
    def test_generated_codes(self):
        codes = {cc.generate() for _ in range(2000)}
        self.assertEqual(len(codes), 2000)
        for code in codes:
            self.assertRegex(code, r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")
            self.assertEqual(cc.normalize(code), code)
        self.assertEqual(cc.BASE, 31)
        self.assertFalse(set("01ILO") & set(cc.ALPHABET))
        # no character is much rarer or more frequent than the others in 22000 draws
        counts = [sum(code.count(char) for code in codes) for char in cc.ALPHABET]
        self.assertGreater(min(counts), 500)

    def test_check_character_refuses_typos(self):
        for _ in range(20):
            compact = cc.generate().replace("-", "")
            for index, char in itertools.product(range(cc.LENGTH), cc.ALPHABET):
                if char != compact[index]:
                    typo = compact[:index] + char + compact[index + 1 :]
                    self.assertIsNone(cc.normalize(typo), typo)
            for i, j in itertools.combinations(range(cc.LENGTH), 2):
                if compact[i] != compact[j]:
                    swapped = list(compact)
                    swapped[i], swapped[j] = swapped[j], swapped[i]
                    self.assertIsNone(cc.normalize("".join(swapped)))

    def test_normalize_as_typed(self):
        body = "K7QM3XPA9HW"
        code = cc.format_code(body + cc.check_character(body))
        self.assertEqual(len(code), 14)
        for typed in (
            code,
            code.lower(),
            code.replace("-", ""),
            f"  {code.replace('-', ' ')} ",
            code.replace("-", "\u2013"),
            code.replace("7", "\u0667").replace("3", "\u0663"),  # Arabic-Indic digits
            code.replace("K", "\uff2b"),  # full-width letter
        ):
            self.assertEqual(cc.normalize(typed), code, typed)
        for bad in (
            "",
            None,
            42,
            code[:-1],
            code + "2",
            code.replace("K", "0"),
            code.replace("K", "O"),
            code * 10,
            "../../etc/passwd",
            "' OR 1=1 --",
        ):
            self.assertIsNone(cc.normalize(bad), bad)

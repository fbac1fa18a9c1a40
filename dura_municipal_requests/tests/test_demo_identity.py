from odoo.tests import HttpCase, TransactionCase, tagged

from odoo.addons.dura_municipal_requests.models.res_company import DURA_IDENTITY


@tagged("post_install", "-at_install")
class TestDemoIdentity(TransactionCase):
    """The demo company is Dura municipality, counting in shekels (demo data required)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.ils = cls.env.ref("base.ILS")

    def test_company_is_dura_in_palestine(self):
        company = self.company
        self.assertEqual(company.name, "بلدية دورا")
        self.assertEqual(company.dura_name_en, "Dura Municipality")
        self.assertTrue(company.logo)
        self.assertEqual(company.country_id, self.env.ref("base.ps"))
        self.assertEqual(company.account_fiscal_country_id, self.env.ref("base.ps"))
        self.assertTrue(company.phone.startswith("+970"))
        self.assertIn("دورا", company.city)
        self.assertFalse(company.state_id, "no Californian state left over")
        self.assertFalse(company.zip)
        self.assertEqual(company.partner_id.tz, "Asia/Hebron")
        self.assertEqual(company.partner_id.lang, "ar_001")
        self.assertNotIn("YourCompany", company.partner_id.display_name)

    def test_company_currency_is_the_shekel(self):
        self.assertEqual(self.company.currency_id, self.ils)
        moves = self.env["account.move"].search([("company_id", "=", self.company.id)])
        self.assertTrue(moves, "the demo bills and fees")
        self.assertEqual(moves.currency_id, self.ils, "every demo invoice and bill is in ₪")
        self.assertEqual(moves.company_currency_id, self.ils)
        journals = self.env["account.journal"].search([("company_id", "=", self.company.id)])
        self.assertFalse(
            journals.filtered(lambda j: j.currency_id and j.currency_id != self.ils),
            "no journal keeps a foreign currency",
        )
        requests = self.env["dura.service.request"].search([("company_id", "=", self.company.id)])
        self.assertTrue(requests)
        self.assertEqual(requests.currency_id, self.ils)

    def test_set_up_a_new_company_as_dura(self):
        """A database without demo data: the company form's button sets the identity and the
        currency, as long as no journal item exists."""
        usd = self.env.ref("base.USD")
        usd.active = True
        self.company.name = "Old name"  # company names are unique
        company = self.env["res.company"].create({"name": "My Company", "currency_id": usd.id})
        company.action_dura_apply_municipality_identity()
        self.assertEqual(company.currency_id, self.ils)
        self.assertEqual(company.name, DURA_IDENTITY["name"])
        self.assertEqual(company.country_id.code, "PS")
        self.assertTrue(company.logo)
        self.assertEqual(company.partner_id.tz, "Asia/Hebron")
        self.assertIn("₪", self.ils.format(1543.3))
        # the identity is applied again without harm
        company.action_dura_apply_municipality_identity()
        self.assertEqual(company.currency_id, self.ils)


@tagged("post_install", "-at_install")
class TestBackOfficeSignup(HttpCase):
    def test_no_public_sign_up_but_password_reset(self):
        self.assertEqual(
            self.env["ir.config_parameter"].sudo().get_param("auth_signup.invitation_scope"),
            "b2b",
        )
        page = self.url_open("/web/login").text
        self.assertNotIn("/web/signup", page)
        self.assertIn("/web/reset_password", page)
        self.assertEqual(self.url_open("/web/signup").status_code, 404)


@tagged("post_install", "-at_install")
class TestDemoArabicChatter(TransactionCase):
    """The demo's chatter and activities read in Arabic, like the municipality works."""

    def test_creation_notes_and_tracked_states_in_arabic(self):
        request = self.env.ref("dura_municipal_requests.request_done")
        bodies = [str(body) for body in request.message_ids.mapped("body")]
        self.assertNotIn("<p>Service Request created</p>", bodies)
        self.assertTrue([body for body in bodies if body.endswith("تم إنشائها</p>")], bodies)
        values = request.message_ids.tracking_value_ids.mapped("new_value_char")
        self.assertIn("منجز", values)
        self.assertNotIn("Done", values)

    def test_activity_titles_in_the_assignee_language(self):
        activities = self.env["mail.activity"].search([("res_model", "=", "dura.service.request")])
        self.assertTrue(activities)
        # "Process ...", the SLA escalation's "Due on ..." / "Overdue since ...", and the
        # citizen's answer to the rating SMS ("Reopened by the citizen", "Call the citizen"),
        # a multi-step request's "Step ...: <service>"
        arabic = (
            "معالجة",
            "مستحق في",
            "متأخر منذ",
            "أعاد المواطن فتح الطلب",
            "الاتصال بالمواطن",
            "المرحلة",
        )
        for activity in activities.filtered(lambda a: a.user_id.lang == "ar_001"):
            self.assertTrue(activity.summary.startswith(arabic), activity.summary)
            self.assertNotIn("Building permit", activity.summary)

    def test_manual_payment_in_arabic(self):
        """Odoo copies "Manual Payment" on each journal's payment method lines in the
        installer's language; they follow the method's Arabic once Arabic terms are loaded."""
        line = self.env["account.payment.method.line"].search(
            [("payment_method_id.code", "=", "manual"), ("journal_id.type", "=", "cash")],
            limit=1,
        )
        self.assertTrue(line)
        self.assertEqual(line.with_context(lang="en_US").name, "Manual Payment")
        self.assertEqual(line.with_context(lang="ar_001").name, "الدفع اليدوي")

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestOpen311Backend(TransactionCase):
    """Configuration screens, key handling rights, and the cost of the public listing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.ps")
        cls.director = new_test_user(
            cls.env,
            login="o311_director",
            groups="dura_municipal_requests.group_director",
        )
        cls.officer = new_test_user(
            cls.env,
            login="o311_officer",
            groups="dura_municipal_requests.group_department_officer",
        )
        cls.department = cls.env["dura.municipal.department"].create(
            {"name": "Roads", "code": "O311-RD", "member_ids": [(6, 0, cls.officer.ids)]}
        )
        cls.service = cls.env["dura.service.type"].create(
            {"name": "Pothole", "code": "O311-POT", "department_id": cls.department.id}
        )
        cls.client = cls.env["dura.open311.client"].create({"name": "Backend app"})

    def test_director_defines_extra_fields(self):
        with Form(self.service.with_user(self.director)) as form:
            self.assertTrue(form.open311_published)
            form.open311_group = "Roads"
            with form.open311_attribute_ids.new() as attribute:
                attribute.code = "DEPTH"
                attribute.name = "How deep is it?"
                attribute.datatype = "singlevaluelist"
                with attribute.value_ids.new() as value:
                    value.key = "shallow"
                    value.name = "Less than 5 cm"
        definition = self.service._open311_definition_dict()
        self.assertEqual(
            definition["attributes"][0]["values"], [{"key": "shallow", "name": "Less than 5 cm"}]
        )
        self.assertTrue(self.service._open311_dict()["metadata"])
        with self.assertRaises(ValidationError):
            self.env["dura.service.type.attribute"].create(
                {
                    "service_type_id": self.service.id,
                    "code": "EMPTY",
                    "name": "A list without choices",
                    "datatype": "multivaluelist",
                }
            )

    def test_keys_only_for_administrators(self):
        self.assertEqual(self.client.with_user(self.director).name, "Backend app")
        with self.assertRaises(AccessError):
            self.client.with_user(self.director).action_generate_key()
        with self.assertRaises(AccessError):
            self.client.with_user(self.director).action_revoke_key()
        with self.assertRaises(AccessError):
            self.client.with_user(self.director).read(["key_digest"])
        action = self.client.action_generate_key()
        key = self.env[action["res_model"]].browse(action["res_id"]).api_key
        self.assertEqual(self.env["dura.open311.client"]._authenticate(key), self.client)
        self.assertFalse(self.env["dura.open311.client"]._authenticate(key[:-1]))
        self.assertFalse(self.env["dura.open311.client"]._authenticate("not-a-key"))
        self.client.action_revoke_key()
        self.assertIn("revoked", self.client.message_ids[0].body)
        self.assertNotIn(key, str(self.client.message_ids.mapped("body")))
        self.assertFalse(self.env["dura.open311.client"]._authenticate(key))

    def test_officer_opens_an_open311_request(self):
        citizen = self.env["res.partner"].create({"name": "Citizen", "mobile": "0599111222"})
        request = self.env["dura.service.request"]._open311_create(
            self.client,
            self.service,
            {"address_string": "Hebron road", "first_name": "Sami", "attributes": {}},
        )
        self.assertEqual(request.partner_id.name, "Sami")
        self.assertNotEqual(request.partner_id, citizen)
        form = Form(request.with_user(self.officer))
        self.assertEqual(form.open311_client_id, self.client)
        self.assertEqual(form.address_string, "Hebron road")

    def test_public_listing_query_count(self):
        """Listing requests costs the same number of queries for 3 or 12 requests."""
        citizen = self.env["res.partner"].create({"name": "Citizen", "mobile": "0599111222"})
        Request = self.env["dura.service.request"]
        domain = [("service_type_id", "=", self.service.id)]

        def create(count):
            Request.create(
                [
                    {"partner_id": citizen.id, "service_type_id": self.service.id}
                    for _index in range(count)
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()

        create(3)
        with self.assertQueryCount(4):
            self.assertEqual(len(Request._open311_read_public(domain, "Asia/Hebron")), 3)
        create(9)
        with self.assertQueryCount(4):
            self.assertEqual(len(Request._open311_read_public(domain, "Asia/Hebron")), 12)

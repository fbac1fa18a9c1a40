import base64

from odoo import Command
from odoo.tests import HttpCase, new_test_user

from ..controllers import georeport as georeport_controller
from ..controllers import status_page as status_page_controller


class DuraOpen311Common(HttpCase):
    """A department, published services with extra fields, staff, a client system with a key."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.country_id = cls.env.ref("base.ps")
        cls.env["res.lang"]._activate_lang("ar_001")
        cls.env["ir.module.module"]._load_module_terms(
            ["dura_municipal_requests", "dura_open311"], ["ar_001"]
        )
        cls.user_center = new_test_user(
            cls.env,
            login="o311_center",
            name="Center Officer",
            groups="dura_municipal_requests.group_service_center_officer",
        )
        cls.user_engineer = new_test_user(
            cls.env,
            login="o311_engineer",
            name="Engineer",
            groups="dura_municipal_requests.group_department_officer",
        )
        cls.department = cls.env["dura.municipal.department"].create(
            {
                "name": "Public Works",
                "code": "O311-PW",
                "default_user_id": cls.user_engineer.id,
                "member_ids": [Command.set(cls.user_engineer.ids)],
            }
        )
        cls.doc_photo = cls.env["dura.service.document.type"].create({"name": "Photo"})
        cls.doc_site_plan = cls.env["dura.service.document.type"].create({"name": "Site plan"})
        cls.doc_site_plan.update_field_translations("name", {"ar_001": "مخطط الموقع"})
        cls.fee = cls.env["product.product"].create(
            {
                "name": "Fee: street works",
                "type": "service",
                "list_price": 20.0,
                "taxes_id": [Command.clear()],
            }
        )
        cls.service_light = cls.env["dura.service.type"].create(
            {
                "name": "Broken street light",
                "code": "O311-LIGHT",
                "description": "A street light is off or damaged.",
                "department_id": cls.department.id,
                "sla_days": 3,
                "open311_group": "Streets",
                "open311_keywords": "light, lamp",
                "document_type_ids": [Command.set(cls.doc_photo.ids)],
                "open311_attribute_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "code": "KIND",
                            "name": "What is wrong?",
                            "datatype": "singlevaluelist",
                            "required": True,
                            "value_ids": [
                                Command.create({"key": "off", "name": "Always off"}),
                                Command.create({"key": "blinking", "name": "Blinking"}),
                            ],
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 2,
                            "code": "POLE",
                            "name": "Pole number",
                            "datatype": "number",
                            "datatype_description": "Painted on the pole",
                        }
                    ),
                ],
            }
        )
        cls.service_paid = cls.env["dura.service.type"].create(
            {
                "name": "Pavement repair",
                "code": "O311-PAVE",
                "department_id": cls.department.id,
                "fee_product_id": cls.fee.id,
                "sla_days": 10,
            }
        )
        cls.service_hidden = cls.env["dura.service.type"].create(
            {
                "name": "Internal audit",
                "code": "O311-HIDDEN",
                "department_id": cls.department.id,
                "open311_published": False,
            }
        )
        cls.client = cls.env["dura.open311.client"].create({"name": "Test app"})
        wizard_action = cls.client.action_generate_key()
        cls.api_key = cls.env["dura.open311.key.wizard"].browse(wizard_action["res_id"]).api_key
        cls.citizen = cls.env["res.partner"].create(
            {
                "name": "Huda Counter-Citizen",
                "dura_national_id": "401234562",
                "mobile": "0599000111",
                "lang": "ar_001",
            }
        )

    def setUp(self):
        super().setUp()
        for limiter in (
            georeport_controller.IP_LIMITER,
            georeport_controller.KEY_LIMITER,
            status_page_controller.IP_LIMITER,
            status_page_controller.NUMBER_LIMITER,
        ):
            limiter.reset(self.env)

    # helpers

    def _attachment(self):
        return self.env["ir.attachment"].create(
            {
                "name": "scan.pdf",
                "datas": base64.b64encode(b"%PDF-1.4"),
                "mimetype": "application/pdf",
            }
        )

    def _attach_all(self, request):
        for line in request.document_ids:
            line.attachment_ids = [Command.link(self._attachment().id)]

    def _pay(self, invoice):
        return (
            self.env["account.payment.register"]
            .with_user(self.user_center)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({})
            ._create_payments()
        )

    def _counter_request(self, service, citizen=None, description="Behind the mosque"):
        """A request registered at the counter (not through the API)."""
        return (
            self.env["dura.service.request"]
            .with_user(self.user_center)
            .create(
                {
                    "partner_id": (citizen or self.citizen).id,
                    "service_type_id": service.id,
                    "description": description,
                }
            )
        )

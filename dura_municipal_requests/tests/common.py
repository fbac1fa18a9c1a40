import base64

from odoo import Command
from odoo.tests import Form, TransactionCase, new_test_user


class DuraRequestCommon(TransactionCase):
    """A small catalogue, staff users and citizens, in the main company (generic chart)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.company
        # Arabic with this module's translations, as `make run` loads it
        cls.env["res.lang"]._activate_lang("ar_001")
        cls.env["ir.module.module"]._load_module_terms(
            ["dura_municipality", "dura_municipal_requests"], ["ar_001"]
        )
        cls.env["dura.service.request.demo"]._approve_sms_templates()
        # this company's partners' numbers are Palestinian
        cls.company.country_id = cls.env.ref("base.ps")

        # staff
        cls.user_center = new_test_user(
            cls.env,
            login="center",
            name="Salma Center",
            groups="dura_municipal_requests.group_service_center_officer",
        )
        cls.user_engineer = new_test_user(
            cls.env,
            login="engineer",
            name="Yousef Engineer",
            groups="dura_municipal_requests.group_department_officer",
        )
        cls.user_water = new_test_user(
            cls.env,
            login="waterman",
            name="Rami Water",
            groups="dura_municipal_requests.group_department_officer",
        )
        cls.user_director = new_test_user(
            cls.env,
            login="test_director",
            name="Nadia Director",
            groups="dura_municipal_requests.group_director",
        )
        cls.user_employee = new_test_user(
            cls.env, login="employee", name="Plain Employee", groups="base.group_user"
        )

        # catalogue
        cls.department_engineering = cls.env["dura.municipal.department"].create(
            {
                "name": "Engineering",
                "code": "T-ENG",
                "manager_id": cls.user_director.id,
                "default_user_id": cls.user_engineer.id,
                "member_ids": [Command.set(cls.user_engineer.ids)],
            }
        )
        cls.department_water = cls.env["dura.municipal.department"].create(
            {
                "name": "Water",
                "code": "T-WAT",
                "default_user_id": cls.user_water.id,
                "member_ids": [Command.set(cls.user_water.ids)],
            }
        )
        cls.doc_id_card = cls.env["dura.service.document.type"].create({"name": "ID card copy"})
        cls.doc_site_plan = cls.env["dura.service.document.type"].create({"name": "Site plan"})
        cls.doc_id_card.update_field_translations("name", {"ar_001": "صورة الهوية"})
        cls.doc_site_plan.update_field_translations("name", {"ar_001": "مخطط الموقع"})
        cls.fee_engineering = cls._create_fee_product("Fee: engineering transaction", 50.0)
        cls.fee_water = cls._create_fee_product("Fee: water connection", 200.0)
        cls.service_engineering = cls.env["dura.service.type"].create(
            {
                "name": "Engineering transaction",
                "code": "T-ENG-TRX",
                "department_id": cls.department_engineering.id,
                "fee_product_id": cls.fee_engineering.id,
                "sla_days": 10,
                "document_type_ids": [Command.set((cls.doc_id_card + cls.doc_site_plan).ids)],
            }
        )
        cls.service_water = cls.env["dura.service.type"].create(
            {
                "name": "Water connection",
                "code": "T-WAT-CON",
                "department_id": cls.department_water.id,
                "fee_product_id": cls.fee_water.id,
                "sla_days": 5,
            }
        )
        cls.service_complaint = cls.env["dura.service.type"].create(
            {
                "name": "Complaint",
                "code": "T-COMPLAINT",
                "department_id": cls.department_water.id,
                "sla_days": 3,
            }
        )

        # citizens
        cls.citizen_ar = cls.env["res.partner"].create(
            {
                "name": "أحمد محمود الشريف",
                "dura_national_id": "401234562",
                "mobile": "0599123456",
                "lang": "ar_001",
                "country_id": cls.env.ref("base.ps").id,
            }
        )
        cls.citizen_en = cls.env["res.partner"].create(
            {
                "name": "Omar Khalil",
                "dura_national_id": "852147966",
                "mobile": "+970598765432",
                "lang": "en_US",
                "country_id": cls.env.ref("base.ps").id,
            }
        )

    @classmethod
    def _role_users(cls, groups, login_prefix):
        """``{role: user}``: the common users for the service center's roles, and one new
        user per other role of `groups` (``{role: "module.group_xmlid,..."}``)."""
        users = {
            "center": cls.user_center,
            "officer": cls.user_engineer,
            "director": cls.user_director,
        }
        for key, group in groups.items():
            if key not in users:
                users[key] = new_test_user(
                    cls.env,
                    login=f"{login_prefix}_{key}",
                    name=f"{login_prefix} {key}",
                    groups=group,
                )
        return users

    @classmethod
    def _create_fee_product(cls, name, price):
        return cls.env["product.product"].create(
            {
                "name": name,
                "type": "service",
                "list_price": price,
                "taxes_id": [Command.clear()],
            }
        )

    # helpers

    def _attachment(self, name="scan.pdf", user=None):
        """A scan uploaded by `user` (as the web client does: not bound to any record yet)."""
        return (
            self.env["ir.attachment"]
            .with_user(user or self.env.user)
            .create(
                {
                    "name": name,
                    "datas": base64.b64encode(b"%PDF-1.4 scan"),
                    "mimetype": "application/pdf",
                }
            )
        )

    def _new_request(self, citizen, service=None, attach_all=True, user=None):
        user = user or self.user_center
        with Form(self.env["dura.service.request"].with_user(user)) as form:
            form.partner_id = citizen
            form.service_type_id = service or self.service_engineering
            form.description = "Parcel 12, basin 4"
        request = form.record
        if attach_all:
            for line in request.document_ids:
                line.attachment_ids = [Command.link(self._attachment(user=user).id)]
        return request

    def _pay(self, invoice, amount=None, user=None):
        wizard = (
            self.env["account.payment.register"]
            .with_user(user or self.user_center)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": amount} if amount is not None else {})
        )
        return wizard._create_payments()

    def _reason_wizard(self, requests, mode, reason, user, missing=None):
        form = Form(
            self.env["dura.service.request.reason.wizard"]
            .with_user(user)
            .with_context(default_mode=mode, default_request_ids=requests.ids)
        )
        form.reason = reason
        if missing is not None:
            form.missing_document_type_ids.clear()
            for doc_type in missing:
                form.missing_document_type_ids.add(doc_type)
        return form.save().action_confirm()

    def _sms_of(self, request):
        return (
            self.env["sms.sms"]
            .sudo()
            .search(
                [("dura_res_model", "=", "dura.service.request"), ("dura_res_id", "=", request.id)],
                order="id",
            )
        )

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.dura_municipal_requests.tests import test_access_matrix as requests_matrix
from odoo.addons.dura_municipal_requests.tests.common import DuraRequestCommon
from odoo.addons.dura_municipality.tests.common import assert_access_matrix

# dura_utility_billing's models, for the suite's roles (the service center's, finance's, the
# utility office's and the gateway's): written from the product's roles like the service
# center's matrix in dura_municipal_requests, whose roles and groups this one extends.
GROUPS = {
    **requests_matrix.GROUPS,
    "utility": "dura_utility_billing.group_utility_officer",
    "reader": "dura_utility_billing.group_meter_reader",
}
MATRIX = {
    # employees read templates; the utility office's roles add nothing to Odoo's rights
    "sms.template": dict.fromkeys(
        (
            "center",
            "officer",
            "director",
            "invoice",
            "acc_manager",
            "utility",
            "reader",
            "sms_user",
            "sms_approver",
            "sms_admin",
        ),
        "r",
    ),
    "dura.utility.tariff": {
        "center": "r",
        "officer": "r",
        "director": "r",
        "invoice": "r",
        "acc_manager": "r",
        "utility": "rwcu",
        "reader": "r",
    },
    "dura.utility.tariff.block": {
        "center": "r",
        "director": "r",
        "invoice": "r",
        "acc_manager": "r",
        "utility": "rwcu",
        "reader": "r",
    },
    "dura.utility.subscription": {
        "center": "r",
        "officer": "r",
        "director": "r",
        "invoice": "r",
        "acc_manager": "r",
        "utility": "rwcu",
        "reader": "r",
    },
    "dura.utility.reading": {
        "center": "r",
        "director": "r",
        "invoice": "r",
        "acc_manager": "r",
        "utility": "rwcu",
        "reader": "rwc",
    },
    # bills are written by billing runs only and never deleted (the invoice is the record);
    # runs are started by the utility office or a finance manager, not by the counter, whose
    # Billing rights are for fee invoices and payments
    "dura.utility.bill": {
        "center": "r",
        "director": "r",
        "invoice": "r",
        "acc_manager": "rc",
        "utility": "rc",
    },
    "dura.utility.billing.run": {
        "center": "r",
        "director": "r",
        "invoice": "r",
        "acc_manager": "rwc",
        "utility": "rwcu",
    },
    "dura.utility.topup": {
        "center": "rwc",
        "director": "rwc",
        "invoice": "rwc",
        "acc_manager": "rwc",
        "utility": "rwcu",
    },
    "dura.utility.conversion.wizard": {"utility": "rwcu"},
    "dura.utility.billing.report": {
        "center": "r",
        "director": "r",
        "invoice": "r",
        "acc_manager": "r",
        "utility": "r",
    },
    "dura.utility.billing.report.wizard": {"utility": "rwc"},
    # collection: the policy is the finance manager's (a group of its own, not a role here:
    # billing's TestCollectionAccess covers it); the utility office runs collections, marks
    # citizens informed and carries out field orders; the counter and finance read them
    "dura.utility.collection.policy": {
        "center": "r",
        "director": "r",
        "invoice": "r",
        "acc_manager": "r",
        "utility": "r",
    },
    # aged arrears: read like the billing analysis (the counter's Billing rights see invoices)
    "dura.utility.arrears.report": {
        "center": "r",
        "director": "r",
        "invoice": "r",
        "acc_manager": "r",
        "utility": "r",
    },
    # payment plans are agreed by the utility office at the counter (the finance manager, a
    # utility officer too, approves those beyond its limits); Invoicing users read them to
    # take the instalments' money on the bills
    "dura.utility.payment.plan": {
        "center": "r",
        "director": "r",
        "invoice": "r",
        "acc_manager": "r",
        "utility": "rwcu",
    },
    "dura.utility.payment.plan.line": {
        "center": "r",
        "director": "r",
        "invoice": "r",
        "acc_manager": "r",
        "utility": "rwcu",
    },
    # connection deposits are credit policy: the finance manager sets them (tested in
    # dura_utility_billing/tests/test_deposit.py), the utility office reads them
    "dura.utility.deposit.rate": {
        "center": "r",
        "director": "r",
        "invoice": "r",
        "acc_manager": "r",
        "utility": "r",
    },
    "dura.utility.collection.level": {
        "center": "r",
        "director": "r",
        "invoice": "r",
        "acc_manager": "r",
        "utility": "r",
    },
    "dura.utility.collection.run": {
        "center": "r",
        "director": "r",
        "invoice": "r",
        "acc_manager": "r",
        "utility": "rwc",
    },
    "dura.utility.collection.line": {
        "center": "r",
        "director": "r",
        "invoice": "r",
        "acc_manager": "r",
        "utility": "rwc",
    },
    "dura.utility.service.order": {
        "center": "r",
        "director": "r",
        "invoice": "r",
        "acc_manager": "r",
        "utility": "rwc",
        "reader": "r",
    },
    # waiving a fee: the finance manager only
    "dura.utility.fee.waive.wizard": {},
    # the go-live import and its staging lines: the utility office's
    "dura.utility.import": {"utility": "rwcu"},
    "dura.utility.import.line": {"utility": "rwcu"},
    # reading routes: readers read theirs and print or export the sheet; importing a filled
    # sheet and deciding on the readings held by validation is the supervisors' (the
    # utility office is one)
    "dura.utility.route": {"utility": "rwcu", "reader": "r"},
    "dura.utility.reading.sheet.wizard": {"utility": "rwc", "reader": "rwc"},
    "dura.utility.reading.import": {"utility": "rwcu"},
    "dura.utility.reading.import.line": {"utility": "rwcu"},
    "dura.utility.reading.decision.wizard": {"utility": "rwc"},
    # the readings citizens text in: made by the inbound SMS (as the system), read by the
    # supervisors (the utility office is one)
    "dura.utility.self.reading": {"utility": "r"},
    # a bill correction is requested by billing users (the counter and the director are
    # Invoicing users too) and approved by a finance manager who did not request it: the four
    # eyes are checked in the model (dura_utility_billing/tests/test_bill_correction.py)
    "dura.utility.bill.correction": dict.fromkeys(
        ("center", "director", "invoice", "acc_manager", "utility"), "rwcu"
    ),
}


@tagged("post_install", "-at_install")
class TestUtilityAccessMatrix(DuraRequestCommon):
    """Each role x each model of dura_utility_billing x read/write/create/unlink, then real
    operations, with the service center's roles beside the utility office's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = cls._role_users(GROUPS, "umatrix")
        cls.tariff = cls.env["dura.utility.tariff"].create(
            {
                "name": "Matrix water",
                "utility": "water",
                "product_id": cls.env.ref("dura_utility_billing.product_water").id,
                "block_ids": [Command.create({"from_units": 0, "to_units": 0, "price": 4})],
            }
        )
        cls.subscription = cls.env["dura.utility.subscription"].create(
            {
                "partner_id": cls.citizen_en.id,
                "utility": "water",
                "meter_number": "W-MATRIX-1",
                "tariff_id": cls.tariff.id,
                "start_date": fields.Date.today() - relativedelta(months=2),
            }
        )
        cls.subscription.action_activate()
        cls.reading = cls.env["dura.utility.reading"].create(
            {
                "subscription_id": cls.subscription.id,
                "value": 10,
                "date": fields.Date.today() - relativedelta(months=1),
            }
        )
        cls.request = cls.env["dura.service.request"].create(
            {
                "partner_id": cls.citizen_en.id,
                "service_type_id": cls.service_complaint.id,
                "description": "Leak in the street",
            }
        )
        cls.request.action_submit()

    def test_matrix(self):
        """has_access() per role, model and operation against the table above."""
        self.assertEqual(set(self.users), set(GROUPS))
        billing_models = {
            name
            for name in self.env
            if not self.env[name]._abstract
            and self.env[name]._original_module == "dura_utility_billing"
        }
        self.assertFalse(billing_models - set(MATRIX), "a model of utility billing has no row")
        for model, allowed in MATRIX.items():
            self.assertFalse(set(allowed) - set(GROUPS), model)
        assert_access_matrix(self, MATRIX, self.users)

    def test_refused_cells_raise_on_real_operations(self):
        """A few refused cells, through the ORM as the user: AccessError, nothing written."""
        users = self.users
        refused = [
            (
                "center creates a tariff",
                lambda: self.env["dura.utility.tariff"]
                .with_user(users["center"])
                .create({"name": "X", "utility": "water"}),
            ),
            (
                "finance edits a subscription",
                lambda: self.subscription.with_user(users["invoice"]).write({"quarter": "X"}),
            ),
            (
                "accounting manager edits a tariff",
                lambda: self.tariff.with_user(users["acc_manager"]).write({"name": "Cheaper"}),
            ),
            (
                "utility officer reads a request",
                lambda: self.request.with_user(users["utility"]).read(["name"]),
            ),
            (
                "meter reader edits a tariff",
                lambda: self.tariff.with_user(users["reader"]).write({"fixed_charge": 0}),
            ),
            (
                "meter reader deletes a reading",
                lambda: self.reading.with_user(users["reader"]).unlink(),
            ),
            (
                "meter reader reads a request",
                lambda: self.request.with_user(users["reader"]).read(["name"]),
            ),
        ]
        count = self.env["dura.utility.tariff"].search_count([])
        for label, action in refused:
            with self.subTest(label), self.assertRaises(AccessError):
                action()
        self.assertEqual(self.env["dura.utility.tariff"].search_count([]), count)
        self.assertTrue(self.reading.exists())
        self.assertEqual(self.tariff.name, "Matrix water")
        self.assertFalse(self.subscription.quarter)

    def test_allowed_cells_work_on_real_operations(self):
        users = self.users
        self.tariff.with_user(users["utility"]).write({"fixed_charge": 12})
        reading = (
            self.env["dura.utility.reading"]
            .with_user(users["reader"])
            .create({"subscription_id": self.subscription.id, "value": 22})
        )
        self.assertEqual(reading.consumption, 12)
        self.assertEqual(self.subscription.with_user(users["invoice"]).meter_number, "W-MATRIX-1")
        # the counter and the departments read the citizen's subscriptions and the tariffs
        for role in ("center", "officer"):
            with self.subTest(role=role):
                self.assertEqual(
                    self.subscription.with_user(users[role]).read(["meter_number"])[0][
                        "meter_number"
                    ],
                    "W-MATRIX-1",
                )
                self.assertEqual(self.tariff.with_user(users[role]).name, "Matrix water")

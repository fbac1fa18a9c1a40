import json
import threading
from datetime import datetime

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api, sql_db
from odoo.exceptions import AccessError, UserError
from odoo.tests import BaseCase, HttpCase, get_db_name, new_test_user, tagged

from ..tools.providers import InboundMessage
from .common import DuraSmsCase

AR_STOP = (
    "بلدية دورا: لن تصلك الرسائل العامة بعد الآن، وستظل إشعارات طلباتك الخاصة تصلك. "
    "أرسل «اشتراك» أو START لإعادة الاشتراك."
)
EN_STOP = (
    "Dura Municipality: you will no longer receive general messages. Notices about your own "
    "requests still arrive. Send START to subscribe again."
)
AR_START = "بلدية دورا: ستصلك رسائلنا مجددًا."

STOP_SPELLINGS = [
    "STOP",
    "stop",
    "  Stop ",
    "stop.",
    "STOP ALL",
    "unsubscribe",
    "وقف",
    " وَقْف ",
    "وقـــف",
    "وقف!",
    "أوقف",
    "اوقف",
    "إيقاف",
    "ايقاف",
    "توقف",
    "إلغاء",
    "الغاء",
    "الغاء  الاشتراك",
]
START_SPELLINGS = [
    "START",
    "start",
    " Start! ",
    "subscribe",
    "اشتراك",
    "إشتراك",
    "ابدأ",
    "ابدا",
    "تفعيل",
]
# sentences that merely contain a keyword are not one: they get the help reply
NOT_KEYWORDS = ["stop it please", "وقف الخدمة", "startup", "STOPP"]


def _blacklisted(env, e164):
    return bool(env["phone.blacklist"].sudo().search([("number", "=", e164)]))


@tagged("post_install", "-at_install")
class TestInboundKeywords(DuraSmsCase):
    """STOP, START and help through the one inbound path, in the citizen's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ar_001")
        cls.env["ir.module.module"]._load_module_terms(["dura_sms_gateway"], ["ar_001"])
        # the municipality's day is Hebron's
        cls.env.company.partner_id.tz = "Asia/Hebron"
        cls.sandbox = cls.env["dura.sms.provider"].create(
            {"name": "Sandbox", "kind": "sandbox", "sequence": 1}
        )
        cls.citizen_ar = cls.env["res.partner"].create(
            {"name": "سمر يوسف", "mobile": "0599700001", "lang": "ar_001"}
        )
        cls.citizen_en = cls.env["res.partner"].create(
            {"name": "Sam Yusuf", "mobile": "+972599700002", "lang": "en_US"}
        )

    def receive(self, number, text):
        return self.env["dura.sms.inbound"]._receive(self.sandbox, InboundMessage(number, text))

    def replies(self, inbound):
        return self.env["sms.sms"].search(
            [("dura_res_model", "=", "dura.sms.inbound"), ("dura_res_id", "in", inbound.ids)]
        )

    def test_stop_and_start_spellings(self):
        for index, text in enumerate(STOP_SPELLINGS):
            number = f"+97059980{index:04d}"
            with self.subTest(stop=text):
                inbound = self.receive(number, text)
                self.assertEqual(inbound.action, "stop")
                self.assertTrue(_blacklisted(self.env, number))
        for index, text in enumerate(START_SPELLINGS):
            number = f"+97059981{index:04d}"
            self.env["phone.blacklist"]._add([number])
            with self.subTest(start=text):
                inbound = self.receive(number, text)
                self.assertEqual(inbound.action, "start")
                self.assertFalse(_blacklisted(self.env, number))
        for index, text in enumerate(NOT_KEYWORDS):
            number = f"+97059982{index:04d}"
            with self.subTest(other=text):
                inbound = self.receive(number, text)
                self.assertEqual(inbound.action, "help")
                self.assertFalse(_blacklisted(self.env, number))

    def test_reply_in_the_citizens_language(self):
        # Arabic citizen, found by the number written with +972
        stop = self.receive("+972599700001", "وقف")
        self.assertEqual((stop.partner_id, stop.lang), (self.citizen_ar, "ar_001"))
        reply = self.replies(stop)
        self.assertEqual(
            (reply.number, reply.body, reply.state, reply.dura_kind, reply.partner_id),
            ("+970599700001", AR_STOP, "outgoing", "transactional", self.citizen_ar),
        )
        self.assertEqual(self.replies(self.receive("0599700001", "START")).body, AR_START)
        # English citizen, even when writing the Arabic keyword
        self.assertEqual(self.replies(self.receive("0599700002", "وقف")).body, EN_STOP)
        # a number nobody registered: Arabic, the citizens' language
        unknown = self.receive("0599700003", "stop")
        self.assertEqual((unknown.partner_id.id, unknown.lang), (False, "ar_001"))
        self.assertEqual(self.replies(unknown).body, AR_STOP)
        help_ar = self.replies(self.receive("0599700004", "مرحبا"))
        help_en = self.replies(self.receive("0599700002", "hello"))
        self.assertIn("بلدية دورا", help_ar.body)
        self.assertIn("Dura Municipality", help_en.body)
        self.assertIn("STOP", help_en.body)

    def test_help_at_most_once_a_day_per_number(self):
        with freeze_time(datetime(2026, 3, 10, 8, 0)):
            first = self.receive("0599700001", "ما هذا؟")
            self.assertEqual(first.action, "help")
            self.assertEqual(len(self.replies(first)), 1)
            # the same day, under either country code, even when asking for help: silence
            for number, text in (("0599700001", "??"), ("+972599700001", "مساعدة")):
                again = self.receive(number, text)
                self.assertEqual((again.action, again.reply), ("none", False))
                self.assertFalse(self.replies(again))
            # STOP is still confirmed: only the help reply is limited
            stop = self.receive("0599700001", "وقف")
            self.assertEqual((stop.action, len(self.replies(stop))), ("stop", 1))
            # ...once: a robot repeating STOP is recorded, not answered again
            again = self.receive("+972599700001", "STOP")
            self.assertEqual((again.action, again.reply), ("stop", False))
            self.assertFalse(self.replies(again))
            # another number has its own day
            self.assertEqual(self.receive("0599700009", "hello").action, "help")
        # 21:59 UTC is 23:59 in Hebron: still the same day there
        with freeze_time(datetime(2026, 3, 10, 21, 59)):
            self.assertEqual(self.receive("0599700001", "hello").action, "none")
        # the municipality's next day (00:30 in Hebron)
        with freeze_time(datetime(2026, 3, 10, 22, 30)):
            next_day = self.receive("0599700001", "hello")
            self.assertEqual(next_day.action, "help")
            self.assertEqual(len(self.replies(next_day)), 1)

    def test_repeated_stop_is_confirmed_once(self):
        first = self.receive("0599700005", "STOP")
        self.assertEqual(len(self.replies(first)), 1)
        # a robot answering STOP to our confirmation: recorded, no confirmation, no help either
        for text in ("STOP", "وقف"):
            again = self.receive("0599700005", text)
            self.assertEqual((again.action, again.reply), ("stop", False))
            self.assertFalse(self.replies(again))
        self.assertTrue(_blacklisted(self.env, "+970599700005"))
        # coming back is confirmed
        self.assertEqual(len(self.replies(self.receive("0599700005", "اشتراك"))), 1)

    def test_simulation_wizard_and_its_guards(self):
        admin = new_test_user(
            self.env, login="sim_admin", groups="base.group_user,dura_sms_gateway.group_sms_admin"
        )
        approver = new_test_user(
            self.env, login="sim_approver", groups="dura_sms_gateway.group_sms_approver"
        )
        action = self.sandbox.with_user(admin).action_simulate_inbound()
        wizard = (
            self.env[action["res_model"]]
            .with_user(admin)
            .with_context(**action["context"])
            .create({"number": "0599 700 001", "text": " وقف "})
        )
        result = wizard.action_simulate()
        inbound = self.env["dura.sms.inbound"].browse(result["res_id"])
        self.assertEqual((inbound.action, inbound.simulated), ("stop", True))
        self.assertEqual(self.replies(inbound).body, AR_STOP)
        self.assertTrue(_blacklisted(self.env, "+970599700001"))
        # the admin opens what they just received (the list and form need read access only)
        self.assertEqual(inbound.with_user(admin).read(["reply"])[0]["reply"], AR_STOP)
        with self.assertRaises(AccessError):
            self.sandbox.with_user(approver).action_simulate_inbound()
        with self.assertRaises(AccessError):
            self.env["dura.sms.inbound.simulate"].with_user(approver).create(
                {"provider_id": self.sandbox.id, "number": "0599700001", "text": "STOP"}
            )
        real = self.make_provider(self.start_server(), name="Real")
        with self.assertRaises(UserError):
            real.with_user(admin).action_simulate_inbound()
        with self.assertRaises(UserError):
            self.env["dura.sms.inbound.simulate"].with_user(admin).create(
                {"provider_id": real.id, "number": "0599700001", "text": "STOP"}
            ).action_simulate()
        with self.assertRaises(UserError):
            self.env["dura.sms.inbound.simulate"].with_user(admin).create(
                {"provider_id": self.sandbox.id, "number": "hello", "text": "STOP"}
            ).action_simulate()


@tagged("post_install", "-at_install")
class TestSimulationIsTheRoute(HttpCase, DuraSmsCase):
    """A message typed in the sandbox wizard is handled exactly as one a provider posts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ar_001")
        cls.env["ir.module.module"]._load_module_terms(["dura_sms_gateway"], ["ar_001"])
        cls.sandbox = cls.env["dura.sms.provider"].create({"name": "Sandbox", "kind": "sandbox"})
        cls.env["res.partner"].create(
            [
                {"name": "Route", "mobile": "0599700011", "lang": "ar_001"},
                {"name": "Wizard", "mobile": "0599700012", "lang": "ar_001"},
                {"name": "Route EN", "mobile": "0599700013", "lang": "en_US"},
                {"name": "Wizard EN", "mobile": "0599700014", "lang": "en_US"},
            ]
        )

    def outcome(self, number):
        inbound = self.env["dura.sms.inbound"].search([("number", "=", number)], order="id")
        replies = self.env["sms.sms"].search(
            [("dura_res_model", "=", "dura.sms.inbound"), ("dura_res_id", "in", inbound.ids)],
            order="id",
        )
        return (
            inbound.mapped(lambda i: (i.action, i.lang, i.reply, i.body)),
            replies.mapped(lambda s: (s.body, s.state, s.dura_kind)),
            _blacklisted(self.env, number),
        )

    def test_same_outcome(self):
        provider = self.make_provider(self.start_server())
        url = f"/dura_sms/inbound/{provider.id}/{provider.webhook_token}"
        wizard = self.env["dura.sms.inbound.simulate"]
        for route_number, wizard_number in (
            ("0599700011", "0599700012"),
            ("0599700013", "0599700014"),
        ):
            for text in ("وقف", "hello", "again", "اشتراك"):
                response = self.url_open(
                    url,
                    data=json.dumps({"from": route_number, "text": text}),
                    headers={"Content-Type": "application/json"},
                )
                self.assertEqual(response.status_code, 200)
                wizard.create(
                    {"provider_id": self.sandbox.id, "number": wizard_number, "text": text}
                ).action_simulate()
            self.env.invalidate_all()
            route = self.outcome("+970" + route_number[1:])
            simulated = self.outcome("+970" + wizard_number[1:])
            self.assertEqual(route, simulated)
            self.assertEqual(
                [action for action, *_rest in route[0]], ["stop", "help", "none", "start"]
            )


@tagged("post_install", "-at_install")
class TestHelpAcrossWorkers(BaseCase):
    """Two workers receive a text from one number at the same moment, with real commits:
    one help reply in all."""

    NUMBER = "+970599700077"

    def cursor(self):
        return sql_db.db_connect(get_db_name()).cursor()

    def setUp(self):
        super().setUp()
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.provider_id = (
                env["dura.sms.provider"].create({"name": "Workers", "kind": "sandbox"}).id
            )
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            inbound = env["dura.sms.inbound"].search([("number", "=", self.NUMBER)])
            env["sms.sms"].search(
                [("dura_res_model", "=", "dura.sms.inbound"), ("dura_res_id", "in", inbound.ids)]
            ).unlink()
            inbound.unlink()
            env["dura.sms.provider"].browse(self.provider_id).unlink()

    def test_one_help_reply(self):
        first_inserted = threading.Event()
        release_first = threading.Event()
        self.addCleanup(release_first.set)
        errors = []

        # Environments are made here: the main thread holds the registry lock while
        # post-install tests run; each worker has its own connection, committed at the end.
        cursors = [self.cursor() for _ in range(2)]
        envs = [api.Environment(cr, SUPERUSER_ID, {}) for cr in cursors]

        def worker(env, text, hold):
            try:
                provider = env["dura.sms.provider"].browse(self.provider_id)
                env["dura.sms.inbound"]._receive(provider, InboundMessage(self.NUMBER, text))
                if hold:
                    first_inserted.set()
                    release_first.wait(20)
                env.cr.postcommit.clear()  # no cron trigger
                env.cr.commit()
            except Exception as error:  # reported by the test
                errors.append(error)
                first_inserted.set()
            finally:
                env.cr.close()

        first = threading.Thread(target=worker, args=(envs[0], "one", True))
        first.start()
        self.assertTrue(first_inserted.wait(20))
        # the second worker's snapshot predates the first commit: only the database can tell
        second = threading.Thread(target=worker, args=(envs[1], "two", False))
        second.start()
        second.join(1)
        self.assertTrue(second.is_alive(), "the second worker waits for the first")
        release_first.set()
        first.join(20)
        second.join(20)
        self.assertFalse(errors)
        with self.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            inbound = env["dura.sms.inbound"].search([("number", "=", self.NUMBER)], order="id")
            self.assertEqual(inbound.mapped("body"), ["one", "two"])
            self.assertEqual(inbound.mapped("action"), ["help", "none"])
            self.assertEqual(
                env["sms.sms"].search_count(
                    [
                        ("dura_res_model", "=", "dura.sms.inbound"),
                        ("dura_res_id", "in", inbound.ids),
                    ]
                ),
                1,
            )

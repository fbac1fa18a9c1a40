import re

import requests

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.dura_municipality.tests.common import assert_access_matrix

from .common import DuraOpen311Common

# this module's models x roles; a role not named is refused everything
MATRIX = {
    "dura.open311.client": {
        "center": "r",
        "officer": "r",
        "director": "r",
        "sms_user": "r",
        "system": "rwcu",
    },
    "dura.open311.key.wizard": {"system": "rwc"},
    "dura.service.type.attribute": {
        "center": "r",
        "officer": "r",
        "director": "rwcu",
        "sms_user": "r",
        "system": "r",
    },
    "dura.service.type.attribute.value": {
        "center": "r",
        "officer": "r",
        "director": "rwcu",
        "sms_user": "r",
        "system": "r",
    },
}


@tagged("post_install", "-at_install")
class TestPublicRoutesSecurity(DuraOpen311Common):
    """Status page and GeoReport API over real HTTP: one answer for every miss, no citizen's
    data, limits enforced; and who may manage the API's client systems."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a counter request on hold, with everything that must stay inside
        cls.request = cls._counter_request(cls, cls.service_paid, description="Huda's backyard")
        cls.request.with_user(cls.user_center).write({"hold_reason": "Deed missing, Huda"})
        cls.request.with_user(cls.user_center).action_submit()
        cls.hidden = cls._counter_request(cls, cls.service_hidden)
        cls.hidden.with_user(cls.user_center).action_submit()
        cls.private = ("Huda", "401234562", "0599000111", "599000111", "backyard", "Deed")

    def _open311(self, path, **kwargs):
        self.env.flush_all()
        try:
            return requests.get(f"{self.base_url()}/open311/v2/{path}", timeout=30, **kwargs)
        finally:
            self.env.invalidate_all()

    def _status(self, number, digits):
        page = self.url_open("/status?lang=en_US")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.url_open(
            "/status",
            data={"csrf_token": token, "number": number, "digits": digits, "lang": "en_US"},
        )

    def _same_page(self, response):
        """The page without what legitimately differs: the form's token and the echoed input."""
        text = re.sub(r'csrf_token(" value=|: )"[^"]+"', "", response.text)
        return re.sub(r'(name="number"[^>]*value=)"[^"]*"', r"\1", text)

    def _assert_private(self, text):
        for value in self.private:
            self.assertNotIn(value, text)

    # ------------------------------------------------------------
    # status page
    # ------------------------------------------------------------

    def test_status_page_misses_look_alike(self):
        misses = [
            ("unknown number", "DR-2026-99999", "0111"),
            ("right number, wrong digits", self.request.name, "0112"),
            ("right number, no digits", self.request.name, ""),
            ("another citizen's digits", self.request.name, "3456"),
            ("unpublished service", self.hidden.name, "0000"),
            ("SQL-looking input", "' OR 1=1 --", "0111"),
        ]
        pages = set()
        for label, number, digits in misses:
            with self.subTest(label):
                response = self._status(number, digits)
                self.assertEqual(response.status_code, 404)
                self._assert_private(response.text)
                self.assertNotIn('o_dura_status_result"', response.text)
                pages.add(self._same_page(response))
        self.assertEqual(len(pages), 1, "every miss renders the very same page")
        found = self._status(self.request.name, "0111")
        self.assertEqual(found.status_code, 200)
        self.assertIn('o_dura_status_result"', found.text)
        self._assert_private(found.text)

    def test_status_page_rate_limit_hides_even_the_right_answer(self):
        self.env["ir.config_parameter"].set_param("dura_open311.rate_limit_status", "3")
        for number in ("DR-1", "DR-2", "DR-3"):
            self.assertEqual(self._status(number, "0111").status_code, 404)
        blocked = self._status(self.request.name, "0111")
        self.assertEqual(blocked.status_code, 429)
        self.assertIn("Too many attempts", blocked.text)
        self.assertNotIn('o_dura_status_result"', blocked.text)
        self.assertNotIn(self.request.service_type_id.name, blocked.text)
        self._assert_private(blocked.text)

    # ------------------------------------------------------------
    # GeoReport
    # ------------------------------------------------------------

    def test_georeport_misses_look_alike(self):
        answers = set()
        for label, number in (
            ("unknown number", "DR-2026-99999"),
            ("unpublished service", self.hidden.name),
            ("lower case unpublished", self.hidden.name.lower()),
        ):
            with self.subTest(label):
                response = self._open311(f"requests/{number}.json")
                self.assertEqual(response.status_code, 404)
                answers.add(response.text.replace(number, "NUMBER"))
        self.assertEqual(len(answers), 1)
        tokens = set()
        for token in ("0" * 32, "f" * 32, self.request.name):
            response = self._open311(f"tokens/{token}.json")
            self.assertEqual(response.status_code, 404)
            tokens.add(response.text.replace(token, "TOKEN"))
        self.assertEqual(len(tokens), 1)

    def test_georeport_shows_no_personal_data(self):
        for path in (
            "requests.json",
            "requests.xml",
            f"requests/{self.request.name}.json",
            f"requests/{self.request.name}.xml",
            f"requests.json?service_request_id={self.request.name},{self.hidden.name}",
            "services.json",
            "discovery.json",
        ):
            with self.subTest(path):
                response = self._open311(path)
                self.assertEqual(response.status_code, 200)
                self._assert_private(response.text)
                self.assertNotIn(self.hidden.name, response.text)
        one = self._open311(f"requests/{self.request.name}.json").json()[0]
        self.assertEqual(one["status_notes"], self.request._open311_status_notes())
        self.assertIsNone(one["description"])

    def test_georeport_rate_limit(self):
        self.env["ir.config_parameter"].set_param("dura_open311.rate_limit_ip", "2")
        self.assertEqual(self._open311("services.json").status_code, 200)
        self.assertEqual(self._open311("requests/DR-X.json").status_code, 404)
        blocked = self._open311(f"requests/{self.request.name}.json")
        self.assertEqual(blocked.status_code, 429)
        self.assertGreater(int(blocked.headers["Retry-After"]), 0)
        self.assertNotIn(self.request.name, blocked.text)
        self._assert_private(blocked.text)

    # ------------------------------------------------------------
    # access rights
    # ------------------------------------------------------------

    def test_access_matrix(self):
        users = {
            "center": self.user_center,
            "officer": self.user_engineer,
            "director": new_test_user(
                self.env, login="o311_director", groups="dura_municipal_requests.group_director"
            ),
            "sms_user": new_test_user(
                self.env, login="o311_sms", groups="dura_sms_gateway.group_sms_user"
            ),
            "system": new_test_user(self.env, login="o311_system", groups="base.group_system"),
            "portal": new_test_user(self.env, login="o311_portal", groups="base.group_portal"),
            "public": new_test_user(self.env, login="o311_public", groups="base.group_public"),
        }
        own = {
            name
            for name in self.env
            if self.env[name]._original_module == "dura_open311" and not self.env[name]._abstract
        }
        self.assertEqual(own, set(MATRIX))
        assert_access_matrix(self, MATRIX, users)
        # the key's digest is for system administrators only; nobody else files or revokes
        client = self.client.with_user(users["director"])
        self.assertNotIn("key_digest", client.read()[0])
        for label, action in (
            ("read the digest", lambda: client.read(["key_digest"])),
            ("generate a key", lambda: client.action_generate_key()),
            ("edit the client", lambda: client.write({"rate_limit": 0})),
        ):
            with self.subTest(label), self.assertRaises(AccessError):
                action()
        self.assertEqual(self.client.rate_limit, 30)

import requests
import xmltodict
from georeport import GeoReport

from odoo.tests import tagged

from ..tools import georeport
from .common import DuraOpen311Common


@tagged("post_install", "-at_install")
class TestGeoReportApi(DuraOpen311Common):
    """The API read by the PyPI client `georeport`, and POSTed to with plain HTTP."""

    def _root(self):
        return f"{self.base_url()}/open311/v2"

    def _client(self, fmt):
        return GeoReport(self._root(), output_format=fmt)

    def _call(self, fmt, method, *args, **kwargs):
        """Call the georeport client; the server sees this transaction's data (flushed first)
        and this transaction sees the server's changes afterwards."""
        self.env.flush_all()
        try:
            return getattr(self._client(fmt), method)(*args, **kwargs)
        finally:
            self.env.invalidate_all()

    def _http(self, method, path, **kwargs):
        self.env.flush_all()
        try:
            return requests.request(method, f"{self._root()}/{path}", timeout=30, **kwargs)
        finally:
            self.env.invalidate_all()

    def _post(self, data, fmt="json"):
        return self._http("POST", f"requests.{fmt}", data=data)

    def _valid_post(self, **extra):
        data = {
            "api_key": self.api_key,
            "service_code": "O311-LIGHT",
            "lat": "31.5068",
            "long": "35.0273",
            "address_string": "Main street, near the municipality",
            "description": "The lamp has been off for a week.",
            "attribute[KIND]": "off",
            "attribute[POLE]": "1234",
            "first_name": "Khalid",
            "last_name": "Amro",
            "phone": "0599000222",
            "email": "khalid@example.com",
        }
        data.update(extra)
        return data

    # ------------------------------------------------------------
    # services
    # ------------------------------------------------------------

    def test_service_list_json_and_xml(self):
        services = {s["service_code"]: s for s in self._call("json", "get_service_list")}
        self.assertNotIn("O311-HIDDEN", services)
        light = services["O311-LIGHT"]
        self.assertEqual(
            light,
            {
                "service_code": "O311-LIGHT",
                "service_name": "Broken street light",
                "description": "A street light is off or damaged.",
                "metadata": True,
                "type": "batch",
                "keywords": "light, lamp",
                "group": "Streets",
            },
        )
        self.assertFalse(services["O311-PAVE"]["metadata"])
        self.assertEqual(services["O311-PAVE"]["group"], "Public Works", "department by default")

        services_xml = {s["service_code"]: s for s in self._call("xml", "get_service_list")}
        self.assertEqual(set(services_xml), set(services))
        self.assertEqual(services_xml["O311-LIGHT"]["metadata"], "true")
        self.assertEqual(services_xml["O311-LIGHT"]["service_name"], "Broken street light")

    def test_service_definition_json_and_xml(self):
        definition = self._call("json", "get_service_definition", "O311-LIGHT")
        self.assertEqual(definition["service_code"], "O311-LIGHT")
        kind, pole = definition["attributes"]
        self.assertEqual(
            kind,
            {
                "variable": True,
                "code": "KIND",
                "datatype": "singlevaluelist",
                "required": True,
                "datatype_description": None,
                "order": 1,
                "description": "What is wrong?",
                "values": [
                    {"key": "off", "name": "Always off"},
                    {"key": "blinking", "name": "Blinking"},
                ],
            },
        )
        self.assertEqual(pole["datatype"], "number")
        self.assertNotIn("values", pole)

        definition_xml = self._call("xml", "get_service_definition", "O311-LIGHT")
        attributes = definition_xml["attributes"]["attribute"]
        self.assertEqual([a["code"] for a in attributes], ["KIND", "POLE"])
        self.assertEqual(attributes[0]["required"], "true")
        self.assertEqual(
            attributes[0]["values"]["value"][1], {"key": "blinking", "name": "Blinking"}
        )

        with self.assertRaises(requests.HTTPError) as caught:
            self._call("json", "get_service_definition", "O311-HIDDEN")
        self.assertEqual(caught.exception.response.status_code, 404)
        self.assertEqual(caught.exception.response.json()[0]["code"], 404)

    def test_service_list_in_arabic(self):
        self.service_light.update_field_translations("name", {"ar_001": "إنارة شارع معطلة"})
        response = self._http("GET", "services.json", params={"lang": "ar_001"})
        names = {s["service_code"]: s["service_name"] for s in response.json()}
        self.assertEqual(names["O311-LIGHT"], "إنارة شارع معطلة")

    # ------------------------------------------------------------
    # the journey: POST, read back in JSON and XML, closed when done
    # ------------------------------------------------------------

    def test_post_read_back_and_closed(self):
        response = self._post(self._valid_post(account_id="acc-7"))
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(response.headers["Content-Type"], "application/json; charset=utf-8")
        (answer,) = response.json()
        self.assertEqual(set(answer), {"token", "service_notice", "account_id"})
        self.assertEqual(answer["account_id"], "acc-7")
        token = answer["token"]

        # the token gives the service request id
        (resolved,) = self._http("GET", f"tokens/{token}.json").json()
        number = resolved["service_request_id"]
        self.assertEqual(resolved["token"], token)
        resolved_xml = xmltodict.parse(self._http("GET", f"tokens/{token}.xml").content)
        self.assertEqual(resolved_xml["service_requests"]["request"]["service_request_id"], number)

        # a draft for the service center, with the service's checklist and the extra fields
        request = self.env["dura.service.request"].search([("name", "=", number)])
        self.assertEqual(request.state, "draft")
        self.assertEqual(request.open311_client_id, self.client)
        self.assertEqual(request.document_ids.document_type_id, self.doc_photo)
        self.assertEqual(request.open311_attribute_values, {"KIND": "off", "POLE": "1234"})
        self.assertEqual(
            request.open311_attribute_text, "What is wrong?: Always off\nPole number: 1234"
        )
        self.assertEqual(request.partner_id.name, "Khalid Amro")
        self.assertEqual(request.partner_id.mobile, "0599000222")
        self.assertAlmostEqual(request.latitude, 31.5068)
        self.assertTrue(self.client.last_used_date)

        # read back by the georeport client, JSON and XML
        read = self._call("json", "get_service_request", number)
        self.assertEqual(read["service_request_id"], number)
        self.assertEqual(read["status"], "open")
        self.assertEqual(read["service_code"], "O311-LIGHT")
        self.assertEqual(read["service_name"], "Broken street light")
        self.assertEqual(read["agency_responsible"], "Public Works")
        self.assertEqual(read["description"], "The lamp has been off for a week.")
        self.assertEqual(read["address"], "Main street, near the municipality")
        self.assertEqual(read["lat"], 31.5068)
        self.assertIn("service center", read["status_notes"])
        self.assertIsNone(read["expected_datetime"], "no SLA before the request is filed")
        self.assertTrue(read["requested_datetime"].endswith("Z"))
        for personal in ("Khalid", "Amro", "0599000222", "khalid@example.com"):
            self.assertNotIn(personal, str(read))
        read_xml = self._call("xml", "get_service_request", number)
        self.assertEqual(read_xml["service_request_id"], number)
        self.assertEqual(read_xml["status"], "open")
        self.assertEqual(read_xml["lat"], "31.5068")
        self.assertEqual(read_xml["status_notes"], read["status_notes"])
        listed = self._call("json", "get_service_requests", service_request_id=number)
        self.assertEqual([r["service_request_id"] for r in listed], [number])

        # the service center completes and submits it; the department does the work
        request.partner_id.dura_national_id = "852147966"
        self._attach_all(request)
        request.with_user(self.user_center).action_submit()
        self.assertEqual(request.state, "filed", "a free service is filed at once")
        filed = self._call("json", "get_service_request", number)
        self.assertEqual(filed["status"], "open")
        self.assertEqual(filed["status_notes"], "Filed with the Public Works department.")
        deadline = request.sla_deadline
        tz_name = self.env.company.partner_id.tz or "Asia/Hebron"
        self.assertEqual(
            filed["expected_datetime"],
            georeport.format_datetime(georeport.end_of_day_utc(deadline, tz_name)),
            "the end of the SLA day, local time",
        )
        request.with_user(self.user_engineer).action_start()
        request.with_user(self.user_engineer).action_done()
        self.assertEqual(request.state, "done")

        closed = self._call("json", "get_service_request", number)
        self.assertEqual(closed["status"], "closed")
        self.assertEqual(closed["status_notes"], "Done.")
        closed_xml = self._call("xml", "get_service_request", number)
        self.assertEqual(closed_xml["status"], "closed")
        closed_list = self._call("xml", "get_service_requests", service_request_id=number)
        self.assertEqual(closed_list["status"], "closed", "one request: xmltodict gives a dict")
        by_status = self._call("json", "get_service_requests", status="closed")
        self.assertIn(number, [r["service_request_id"] for r in by_status])
        self.assertNotIn(
            number,
            [
                r["service_request_id"]
                for r in self._call("json", "get_service_requests", status="open")
            ],
        )

    def test_paid_service_closed_after_payment_and_work(self):
        response = self._post(
            {"api_key": self.api_key, "service_code": "O311-PAVE", "address_string": "Wadi street"}
        )
        self.assertEqual(response.status_code, 201, response.text)
        token = response.json()[0]["token"]
        request = self.env["dura.service.request"].search([("open311_token", "=", token)])
        self.assertEqual(
            request.partner_id,
            self.env.ref("dura_open311.partner_open311_anonymous"),
            "no personal data sent: the unidentified citizen",
        )
        request.partner_id = self.citizen
        request.with_user(self.user_center).action_submit()
        self.assertEqual(request.state, "awaiting_payment")
        self.assertEqual(
            self._call("json", "get_service_request", request.name)["status_notes"],
            "Waiting for the service fee to be paid at the service center.",
        )
        self._pay(request.invoice_id)
        self.assertEqual(request.state, "filed")
        request.with_user(self.user_engineer).action_start()
        request.with_user(self.user_engineer).action_done()
        read = self._call("xml", "get_service_request", request.name)
        self.assertEqual(read["status"], "closed")

    # ------------------------------------------------------------
    # no personal data
    # ------------------------------------------------------------

    def test_no_personal_data_in_listings(self):
        request = self._counter_request(self.service_paid, description="Ask Huda at 0599000111")
        request.with_user(self.user_center).write({"hold_reason": "Deed missing for Huda"})
        request.with_user(self.user_center).action_submit()
        self._pay(request.invoice_id)
        self.assertEqual(request.state, "filed")
        self.env.flush_all()
        for fmt in ("json", "xml"):
            body = self._http("GET", f"requests.{fmt}").text
            self.assertIn(request.name, body)
            for personal in ("Huda", "401234562", "0599000111", "Deed missing", "mosque"):
                self.assertNotIn(personal, body, fmt)
        read = self._call("json", "get_service_request", request.name)
        self.assertIsNone(read["description"], "counter requests keep their description inside")

    # ------------------------------------------------------------
    # filters and paging
    # ------------------------------------------------------------

    def test_filters_and_paging(self):
        light = self._counter_request(self.service_light)
        paving = self._counter_request(self.service_paid)
        hidden = self._counter_request(self.service_hidden)
        paving.with_user(self.user_center).action_cancel()

        def numbers(**params):
            return [
                r["service_request_id"]
                for r in self._call("json", "get_service_requests", **params)
            ]

        everything = numbers()
        self.assertIn(light.name, everything)
        self.assertIn(paving.name, everything)
        self.assertNotIn(hidden.name, everything, "unpublished services stay private")
        self.assertEqual(numbers(service_request_id=f"{light.name}, {hidden.name}"), [light.name])
        self.assertNotIn(paving.name, numbers(service_code="O311-LIGHT"))
        self.assertIn(light.name, numbers(service_code="O311-LIGHT,O311-X"))
        self.assertIn(paving.name, numbers(status="closed"))
        self.assertNotIn(light.name, numbers(status="closed"))
        self.assertNotIn(light.name, numbers(end_date="2020-01-01T00:00:00Z"))
        self.assertIn(light.name, numbers(start_date="2020-01-01T00:00:00+02:00"))

        first = self._http("GET", "requests.json", params={"page_size": 1}).json()
        second = self._http("GET", "requests.json", params={"page_size": 1, "page": 2}).json()
        self.assertEqual(len(first), 1)
        self.assertEqual(len(second), 1)
        self.assertNotEqual(first[0]["service_request_id"], second[0]["service_request_id"])
        self.assertEqual(first[0]["service_request_id"], paving.name, "newest first")

        for params, status in (
            ({"status": "fixed"}, 400),
            ({"start_date": "yesterday"}, 400),
            ({"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"}, 400),
            ({"page": "0"}, 400),
            ({"page_size": "5000"}, 400),
            ({"jurisdiction_id": "hebron-city.ps"}, 404),
        ):
            response = self._http("GET", "requests.xml", params=params)
            self.assertEqual(response.status_code, status, params)
            error = xmltodict.parse(response.content)["errors"]["error"]
            self.assertEqual(error["code"], str(status))
            self.assertTrue(error["description"])
        self.assertEqual(
            self._http(
                "GET", "requests.json", params={"jurisdiction_id": "dura-mun.ps"}
            ).status_code,
            200,
        )
        self.assertEqual(self._http("GET", "requests.json", params={"status": ""}).status_code, 200)

    def test_unknown_resources(self):
        for path in ("requests/DR-0000-99999.json", "tokens/nope.json", "services/NOPE.json"):
            response = self._http("GET", path)
            self.assertEqual(response.status_code, 404, path)
            self.assertEqual(response.json()[0]["code"], 404)
        response = self._http("GET", "services.html")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json()[0]["code"], 404)

    def test_discovery(self):
        discovery = self._http("GET", "discovery.json").json()
        self.assertEqual(discovery["endpoints"][0]["url"], self._root())
        # the changeset follows the addon: when this database installed or upgraded it
        module = self.env["ir.module.module"].search([("name", "=", "dura_open311")])
        changeset = georeport.format_datetime(module.write_date)
        self.assertEqual(discovery["changeset"], changeset)
        self.assertEqual(discovery["endpoints"][0]["changeset"], changeset)
        xml = xmltodict.parse(self._http("GET", "discovery.xml").content)
        self.assertEqual(
            xml["discovery"]["endpoints"]["endpoint"]["formats"]["format"],
            ["application/json", "text/xml"],
        )

    # ------------------------------------------------------------
    # POST errors, keys, rate limits
    # ------------------------------------------------------------

    def test_post_errors(self):
        count = self.env["dura.service.request"].search_count([])
        for data, status, fragment in (
            (self._valid_post(api_key=""), 403, "api_key"),
            (self._valid_post(api_key="o311_forged"), 403, "api_key"),
            (self._valid_post(service_code=""), 400, "service_code"),
            (self._valid_post(service_code="O311-HIDDEN"), 404, "O311-HIDDEN"),
            (self._valid_post(lat="", long="", address_string=""), 400, "location"),
            (self._valid_post(lat="200"), 400, "lat"),
            (self._valid_post(description="x" * 4001), 400, "4000"),
            (self._valid_post(media_url="javascript:alert(1)"), 400, "media_url"),
            (self._valid_post(**{"attribute[KIND]": ""}), 400, "attribute[KIND]"),
            (self._valid_post(**{"attribute[KIND]": "exploded"}), 400, "attribute[KIND]"),
            (self._valid_post(**{"attribute[POLE]": "twelve"}), 400, "attribute[POLE]"),
        ):
            response = self._post(data)
            self.assertEqual(response.status_code, status, (data, response.text))
            errors = response.json()
            self.assertEqual(errors[0]["code"], status)
            self.assertIn(fragment, " ".join(e["description"] for e in errors))
        # several problems at once: one error each
        response = self._post(
            self._valid_post(lat="", long="", address_string="", **{"attribute[KIND]": ""}), "xml"
        )
        self.assertEqual(response.status_code, 400)
        errors = xmltodict.parse(response.content)["errors"]["error"]
        self.assertEqual(len(errors), 2)
        self.assertEqual(self.env["dura.service.request"].search_count([]), count, "nothing filed")

    def test_key_hashed_revoked_and_replaced(self):
        self.assertNotIn(self.api_key, str(self.client.sudo().read()[0]))
        self.assertEqual(self.client.key_prefix, self.api_key[:12])
        self.assertEqual(self._post(self._valid_post()).status_code, 201)
        self.client.action_revoke_key()
        self.assertFalse(self.client.has_key)
        self.assertEqual(self._post(self._valid_post()).status_code, 403)
        action = self.client.action_generate_key()
        new_key = self.env["dura.open311.key.wizard"].browse(action["res_id"]).api_key
        self.assertEqual(self._post(self._valid_post()).status_code, 403, "the old key is dead")
        self.assertEqual(self._post(self._valid_post(api_key=new_key)).status_code, 201)
        self.client.active = False
        self.assertEqual(self._post(self._valid_post(api_key=new_key)).status_code, 403)

    def test_client_limited_to_its_services(self):
        self.client.service_type_ids = self.service_paid
        response = self._post(self._valid_post())
        self.assertEqual(response.status_code, 404)

    def test_rate_limits(self):
        self.client.rate_limit = 2
        self.assertEqual(self._post(self._valid_post()).status_code, 201)
        self.assertEqual(self._post(self._valid_post()).status_code, 201)
        response = self._post(self._valid_post(), "xml")
        self.assertEqual(response.status_code, 429)
        self.assertGreater(int(response.headers["Retry-After"]), 0)
        self.assertEqual(xmltodict.parse(response.content)["errors"]["error"]["code"], "429")

        self.env["ir.config_parameter"].set_param("dura_open311.rate_limit_ip", "3")
        # 3 requests already counted for this address in this minute
        response = self._http("GET", "services.json")
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response.json()[0]["code"], 429)

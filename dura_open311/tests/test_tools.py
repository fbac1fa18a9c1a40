import datetime

import xmltodict

from odoo.tests import BaseCase, tagged

from ..tools import api_key, citizen_check, georeport


@tagged("post_install", "-at_install")
class TestGeoReportTools(BaseCase):
    def test_status_mapping(self):
        self.assertEqual(georeport.status_of("draft"), "open")
        self.assertEqual(georeport.status_of("on_hold"), "open")
        self.assertEqual(georeport.status_of("done"), "closed")
        self.assertEqual(georeport.status_of("rejected"), "closed")
        self.assertEqual(georeport.states_of({"closed"}), ["cancelled", "done", "rejected"])
        self.assertEqual(georeport.parse_statuses(" open, closed "), {"open", "closed"})
        self.assertEqual(georeport.parse_statuses(""), set())
        with self.assertRaises(ValueError):
            georeport.parse_statuses("open,fixed")

    def test_dates(self):
        self.assertEqual(
            georeport.format_datetime(datetime.datetime(2026, 1, 2, 3, 4, 5, 600)),
            "2026-01-02T03:04:05Z",
        )
        self.assertIsNone(georeport.format_datetime(False))
        parse = georeport.parse_datetime
        self.assertEqual(parse("2026-01-02T03:04:05Z"), datetime.datetime(2026, 1, 2, 3, 4, 5))
        self.assertEqual(parse("2026-01-02T05:04:05+02:00"), datetime.datetime(2026, 1, 2, 3, 4, 5))
        self.assertEqual(parse("2026-01-02T01:04:05-0200"), datetime.datetime(2026, 1, 2, 3, 4, 5))
        self.assertEqual(parse("2026-01-02"), datetime.datetime(2026, 1, 2))
        for bad in ("yesterday", "2026-13-01", "02/01/2026", ""):
            with self.assertRaises(ValueError, msg=bad):
                parse(bad)
        # Hebron is UTC+2 in winter: the end of the SLA day is 21:59:59 UTC
        self.assertEqual(
            georeport.end_of_day_utc(datetime.date(2026, 1, 15), "Asia/Hebron"),
            datetime.datetime(2026, 1, 15, 21, 59, 59),
        )
        self.assertEqual(
            georeport.end_of_day_utc(datetime.date(2026, 1, 15), "Nowhere/Atlantis"),
            datetime.datetime(2026, 1, 15, 23, 59, 59),
        )
        self.assertIsNone(georeport.end_of_day_utc(False, "UTC"))

    def test_attributes(self):
        items = [
            ("api_key", "x"),
            ("attribute[KIND]", "waste"),
            ("attribute[DAYS][]", "mon"),
            ("attribute[DAYS][]", "tue"),
            ("attribute[PARCEL]", "12a"),
        ]
        values = georeport.parse_attributes(items)
        self.assertEqual(values, {"KIND": "waste", "DAYS": ["mon", "tue"], "PARCEL": "12a"})
        definitions = [
            {"code": "KIND", "datatype": "singlevaluelist", "required": True, "keys": ["waste"]},
            {"code": "DAYS", "datatype": "multivaluelist", "required": False, "keys": ["mon"]},
            {"code": "PARCEL", "datatype": "number", "required": True},
            {"code": "WHEN", "datatype": "datetime", "required": True},
            {"code": "INFO", "datatype": "string", "required": True, "variable": False},
        ]
        clean, problems = georeport.check_attributes(definitions, values)
        self.assertEqual(clean, {"KIND": "waste"})
        self.assertEqual(
            problems, [("not_a_value", "DAYS"), ("not_a_number", "PARCEL"), ("missing", "WHEN")]
        )
        clean, problems = georeport.check_attributes(
            definitions,
            {"KIND": "waste", "DAYS": ["mon"], "PARCEL": " 12.5 ", "WHEN": "2026-01-01T10:00Z"},
        )
        self.assertFalse(problems)
        self.assertEqual(clean["DAYS"], ["mon"])
        self.assertEqual(clean["PARCEL"], "12.5")

    def test_coordinates(self):
        self.assertEqual(georeport.parse_coordinate("31.5", 90), 31.5)
        self.assertIsNone(georeport.parse_coordinate("", 90))
        for bad in ("91", "north", "-180.5"):
            with self.assertRaises(ValueError):
                georeport.parse_coordinate(bad, 90 if bad != "-180.5" else 180)

    def test_render_list_json_and_xml(self):
        rows = [
            {"service_code": "A&B", "metadata": True, "group": None, "lat": 31.5},
            {"service_code": "C", "metadata": False, "group": "دورا", "lat": None},
        ]
        self.assertEqual(
            georeport.render("json", "services", rows),
            '[{"service_code": "A&B", "metadata": true, "group": null, "lat": 31.5}, '
            '{"service_code": "C", "metadata": false, "group": "دورا", "lat": null}]',
        )
        xml = georeport.render("xml", "services", rows)
        self.assertTrue(xml.startswith('<?xml version="1.0" encoding="utf-8"?>\n<services>'))
        self.assertIn("<service_code>A&amp;B</service_code>", xml)
        parsed = xmltodict.parse(xml)["services"]["service"]
        self.assertEqual(parsed[0]["metadata"], "true")
        self.assertIsNone(parsed[0]["group"])
        self.assertEqual(parsed[1]["group"], "دورا")

    def test_render_definition_xml(self):
        definition = {
            "service_code": "X",
            "attributes": [
                {
                    "code": "K",
                    "order": 1,
                    "values": [{"key": "a", "name": "A"}, {"key": "b", "name": "B"}],
                }
            ],
        }
        xml = georeport.render("xml", "service_definition", definition)
        self.assertIn(
            "<attributes><attribute><code>K</code><order>1</order><values>"
            "<value><key>a</key><name>A</name></value><value><key>b</key><name>B</name></value>"
            "</values></attribute></attributes>",
            xml,
        )

    def test_errors(self):
        self.assertEqual(
            georeport.errors("json", [(403, "Missing or invalid api_key.")]),
            '[{"code": 403, "description": "Missing or invalid api_key."}]',
        )
        self.assertIn(
            "<errors><error><code>400</code><description>a &lt; b</description></error></errors>",
            georeport.errors("xml", [(400, "a < b")]),
        )

    def test_api_key(self):
        key = api_key.generate()
        self.assertTrue(key.startswith("o311_"))
        self.assertGreater(len(key), 40)
        self.assertNotEqual(key, api_key.generate())
        stored = api_key.digest(key)
        self.assertEqual(len(stored), 64)
        self.assertNotIn(key, stored)
        self.assertTrue(api_key.matches(key, stored))
        self.assertFalse(api_key.matches(key + "x", stored))
        self.assertFalse(api_key.matches("", stored))
        self.assertFalse(api_key.matches(key, False))
        self.assertEqual(api_key.shown_part(key), key[:12])

    def test_citizen_check(self):
        self.assertEqual(citizen_check.last_digits("+970 599-123-456"), "3456")
        self.assertEqual(citizen_check.last_digits("12"), "")
        self.assertTrue(citizen_check.digits_match("0599123456", "3456"))
        self.assertTrue(citizen_check.digits_match("+970599123456", " 34-56"))
        self.assertFalse(citizen_check.digits_match("0599123456", "456"))
        self.assertFalse(citizen_check.digits_match("0599123456", "13456"))
        self.assertFalse(citizen_check.digits_match("0599123456", "3457"))
        self.assertFalse(citizen_check.digits_match(False, "0000"))
        self.assertTrue(citizen_check.digits_match("0599123456", "٣٤٥٦"), "Arabic-Indic digits")
        self.assertFalse(citizen_check.digits_match("0599123456", "34a56"))

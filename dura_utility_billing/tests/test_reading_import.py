import base64
import csv
import io

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged, warmup
from odoo.tools import mute_logger
from odoo.tools.misc import file_open

from ..tools import reading_sheet


def _example(name):
    with file_open(f"dura_utility_billing/examples/{name}", "rb") as handle:
        return handle.read()


def _csv(rows):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


@tagged("post_install", "-at_install")
class TestReadingImport(TransactionCase):
    """The shipped sample sheets (Arabic XLSX of route وسط البلد, English CSV of route الحجرية,
    both with bad rows) imported by the demo reading supervisor for the current month."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supervisor = cls.env.ref("dura_utility_billing.user_reading_supervisor")
        cls.reader = cls.env.ref("dura_utility_billing.user_meter_reader")
        cls.env["res.lang"]._activate_lang("ar_001")
        cls.env["ir.module.module"]._load_module_terms(["dura_utility_billing"], ["ar_001"])
        cls.center = cls.env.ref("dura_utility_billing.demo_route_water_center")
        cls.hajariya = cls.env.ref("dura_utility_billing.demo_route_water_hajariya")
        cls.period = fields.Date.context_today(cls.env.user).strftime("%Y-%m")
        cls.Import = cls.env["dura.utility.reading.import"].with_user(cls.supervisor)
        cls.Reading = cls.env["dura.utility.reading"]

    def _import(self, name, route, data=None, lang="en_US", check=True):
        batch = self.Import.with_context(lang=lang).create(
            {
                "route_id": route.id,
                "period": self.period,
                "file": base64.b64encode(data if data is not None else _example(name)),
                "filename": name,
            }
        )
        if check:
            batch.action_check()
        return batch

    def _lines(self, batch):
        return {line.row_number: (line.status, line.reason or "") for line in batch.line_ids}

    def test_english_csv_with_bad_rows(self):
        readings = self.Reading.search_count([])
        batch = self._import("readings_en.csv", self.hajariya)
        self.assertEqual(batch.state, "checked")
        lines = self._lines(batch)
        self.assertEqual(
            {row: status for row, (status, _reason) in lines.items()},
            {2: "accepted", 3: "accepted", 4: "exception", 5: "exception", 6: "exception",
             7: "exception", 8: "exception", 9: "exception", 10: "exception", 11: "exception",
             12: "accepted"},
        )  # fmt: skip
        self.assertEqual(lines[4][1], "The reading abc is not a number.")
        self.assertIn("Below the previous reading 3149", lines[5][1])
        self.assertIn("is not on this route (its route: [W-01] وسط البلد)", lines[6][1])
        self.assertEqual(lines[7][1], "No open subscription of this utility has meter E-20790.")
        self.assertEqual(lines[8][1], "No reading written for meter W-20504.")
        self.assertIn("not in the period", lines[9][1])
        self.assertEqual(lines[10][1], "The meter is also in row 11 with another reading.")
        self.assertEqual(lines[11][1], "The meter is also in row 10 with another reading.")
        self.assertEqual(self.Reading.search_count([]), readings, "checking creates nothing")
        self.assertEqual((batch.count_accepted, batch.count_exception), (3, 8))

        batch.action_confirm()
        self.assertEqual(batch.state, "done")
        created = batch.line_ids.reading_id
        self.assertEqual(len(created), 3)
        self.assertEqual(batch.reading_count, 3)
        self.assertEqual(set(created.mapped("kind")), {"regular"})
        self.assertEqual(set(created.mapped("period")), {self.period})
        self.assertEqual(sorted(created.mapped("value")), [540.0, 850.0, 3460.0])
        dog = created.filtered(lambda r: r.meter_number == "W-20439")
        self.assertEqual(dog.note, "Dog in the yard")
        self.assertEqual(dog.previous_value, 532.0)
        self.assertEqual(dog.reader_id, self.reader, "the route's reader read it")
        self.assertEqual(self.Reading.search_count([]), readings + 3)

        # a re-run changes nothing: the import is done, the same file is refused...
        with self.assertRaises(UserError):
            batch.action_confirm()
        again = self._import("readings_en.csv", self.hajariya, check=False)
        with self.assertRaisesRegex(UserError, "cannot be imported twice"):
            again.action_check()
        # ...and the same readings in another file (saved again, CRLF) are duplicates
        data = _example("readings_en.csv").replace(b"\n", b"\r\n")
        resaved = self._import("readings_en_resaved.csv", self.hajariya, data=data)
        statuses = self._lines(resaved)
        self.assertEqual([statuses[row][0] for row in (2, 3, 12)], ["duplicate"] * 3)
        self.assertIn("already recorded", statuses[2][1])
        self.assertEqual(resaved.line_ids.filtered(lambda line: line.row_number == 2).reading_id,
                         created.filtered(lambda r: r.meter_number == "W-20426"))  # fmt: skip
        resaved.action_confirm()
        self.assertEqual(resaved.reading_count, 0)
        self.assertEqual(self.Reading.search_count([]), readings + 3)

    def test_arabic_xlsx_with_bad_rows(self):
        batch = self._import("readings_ar.xlsx", self.center, lang="ar_001")
        lines = self._lines(batch)
        self.assertEqual(
            {row: status for row, (status, _reason) in lines.items()},
            {2: "accepted", 3: "accepted", 4: "exception", 5: "exception", 6: "exception",
             7: "exception", 8: "accepted", 9: "duplicate", 10: "accepted"},
        )  # fmt: skip
        self.assertIn("أقل من القراءة السابقة 4527", lines[4][1])
        self.assertIn("مغلق", lines[5][1])
        self.assertIn("ليست رقماً", lines[5][1])
        self.assertIn("الحجرية", lines[6][1])
        self.assertIn("W-99999", lines[7][1])
        self.assertIn("الصف 8", lines[9][1])
        batch.action_confirm()
        values = {
            line.meter_number: line.reading_id.value
            for line in batch.line_ids
            if line.status == "accepted"
        }
        # Arabic-Indic digits and the Arabic decimal sign
        self.assertEqual(
            values, {"W-20400": 2850.0, "W-20413": 1420.0, "W-20530": 4300.0, "W-20543": 1990.5}
        )
        self.assertEqual(batch.with_context(lang="ar_001").count_duplicate, 1)

    def test_export_filled_in_and_imported_back(self):
        """The route's exported sheet (XLSX in Arabic, CSV in English), filled in as a reader
        would, imports as it is: every meter accepted."""
        for lang, file_format, route, previous in (
            ("ar_001", "xlsx", self.center, "2826"),
            ("en_US", "csv", self.hajariya, "3413"),
        ):
            wizard = (
                self.env["dura.utility.reading.sheet.wizard"]
                .with_user(self.supervisor)
                .with_context(lang=lang)
                .create(
                    {
                        "route_ids": [Command.set(route.ids)],
                        "period": self.period,
                        "file_format": file_format,
                    }
                )
            )
            wizard.action_export()
            self.assertEqual(wizard.export_filename, f"{route.code}-{self.period}.{file_format}")
            data = base64.b64decode(wizard.export_file)
            records = list(reading_sheet.iter_records(data, wizard.export_filename))
            meters = route.subscription_ids.sorted("route_sequence").mapped("meter_number")
            self.assertEqual([record["meter"] for _number, record in records], meters)
            self.assertEqual(records[0][1]["previous"], previous)
            filled = [["رقم العداد", "القراءة", "ملاحظات"]] + [
                [record["meter"], float(record["previous"]) + 7, ""] for _number, record in records
            ]
            batch = self._import(f"filled.{lang}.csv", route, data=_csv(filled), lang=lang)
            self.assertEqual(batch.count_accepted, len(meters), batch.line_ids.mapped("reason"))
            batch.action_confirm()
            self.assertEqual(batch.reading_count, len(meters))

    def test_refused_line_does_not_block_the_others(self):
        """A reading the reading model refuses for a reason the checks do not know (here a
        record rule of the database) fails alone: the others are created, one by one."""
        self.env["ir.rule"].create(
            {
                "name": "test: no reading of W-20413 by the supervisors",
                "model_id": self.env.ref("dura_utility_billing.model_dura_utility_reading").id,
                "groups": [
                    Command.link(self.env.ref("dura_utility_billing.group_reading_supervisor").id)
                ],
                "domain_force": "[('meter_number', '!=', 'W-20413')]",
                "perm_read": False,
                "perm_write": False,
                "perm_unlink": False,
                "perm_create": True,
            }
        )
        batch = self._import("readings_ar.xlsx", self.center)
        self.assertEqual(batch.count_accepted, 4)
        with mute_logger("odoo.models"):
            batch.action_confirm()
        line = batch.line_ids.filtered(lambda line: line.meter_number == "W-20413")
        self.assertEqual(line.status, "exception")
        self.assertTrue(line.reason.startswith("Refused: "), line.reason)
        self.assertFalse(line.reading_id)
        self.assertEqual(batch.reading_count, 3, batch.line_ids.mapped("reason"))
        self.assertEqual(
            sorted(batch.line_ids.reading_id.mapped("meter_number")),
            ["W-20400", "W-20530", "W-20543"],
        )

    def test_acl(self):
        """Readers read the routes and print their sheets, nothing more; supervisors order the
        meters of a route, without changing the subscriptions otherwise."""
        route = self.center.with_user(self.reader)
        self.assertEqual(route.name, "وسط البلد")
        with self.assertRaises(AccessError):
            route.write({"name": "x"})
        with self.assertRaises(AccessError):
            self.env["dura.utility.reading.import"].with_user(self.reader).search([])
        wizard = (
            self.env["dura.utility.reading.sheet.wizard"]
            .with_user(self.reader)
            .create({"route_ids": [Command.set(self.center.ids)], "period": self.period})
        )
        self.assertEqual(wizard.action_print()["type"], "ir.actions.report")
        first, second = self.center.subscription_ids.sorted("route_sequence")[:2]
        route = self.center.with_user(self.supervisor)
        route.write(
            {
                "subscription_ids": [
                    Command.update(first.id, {"route_sequence": 500}),
                    Command.unlink(second.id),
                ]
            }
        )
        self.assertEqual(first.route_sequence, 500)
        self.assertFalse(second.route_id)
        self.hajariya.with_user(self.supervisor).write(
            {"subscription_ids": [Command.link(second.id)]}
        )
        self.assertEqual(second.route_id, self.hajariya)
        with self.assertRaises(AccessError):
            route.write({"subscription_ids": [Command.update(first.id, {"meter_number": "X"})]})
        with self.assertRaises(AccessError):
            first.with_user(self.supervisor).write({"route_sequence": 1})

    def test_golive_route_column(self):
        """The go-live subscriptions file's route column finds the route by name or code, and
        creates the missing ones (one per name and utility)."""
        officer = self.env.ref("dura_utility_billing.user_utility_officer")
        Golive = self.env["dura.utility.import"].with_user(officer)
        for name, kind in (
            ("citizens_en.csv", "citizens"),
            ("citizens_ar.xlsx", "citizens"),
            ("subscriptions_en.csv", "subscriptions"),
        ):
            batch = Golive.create(
                {"kind": kind, "file": base64.b64encode(_example(name)), "filename": name}
            )
            batch.action_check()
            batch.action_confirm()
        line = batch.line_ids.filtered(lambda line: line.route == "R-07")
        self.assertTrue(line.subscription_id)
        route = line.subscription_id.route_id
        self.assertEqual((route.name, route.utility), ("R-07", line.utility))
        self.assertEqual(self.env["dura.utility.route"].search_count([("name", "=", "R-07")]), 1)
        # a route named by its code is found, not created again
        found = self.env["dura.utility.route"]._find_or_create(
            [("water", "w-01", ""), ("water", "وسط البلد", "")], self.env.company
        )
        self.assertEqual(set(found.values()) & {self.center.id}, {self.center.id})

    def _sheet_of(self, size):
        """A route of `size` meters read last month at 100, and its filled-in sheet with one
        bad row."""
        partner = self.env["res.partner"].create({"name": "سامي الدودة"})
        tariff = self.env.ref("dura_utility_billing.demo_tariff_water_domestic")
        route = self.env["dura.utility.route"].create(
            {"name": "طاروسة", "code": f"W-Q{size}", "utility": "water"}
        )
        subscriptions = self.env["dura.utility.subscription"].create(
            [
                {
                    "partner_id": partner.id,
                    "utility": "water",
                    "meter_number": f"Q{size}-{number:04d}",
                    "tariff_id": tariff.id,
                    "state": "active",
                    "route_id": route.id,
                    "route_sequence": number,
                    "start_date": fields.Date.today() - relativedelta(months=3),
                }
                for number in range(size)
            ]
        )
        self.Reading.create(
            [
                {
                    "subscription_id": sub.id,
                    "date": fields.Date.today() - relativedelta(months=1),
                    "value": 100,
                }
                for sub in subscriptions
            ]
        )
        rows = [["Meter Number", "Reading", "Note"]] + [
            [sub.meter_number, 150 + index, ""] for index, sub in enumerate(subscriptions)
        ]
        rows[5][1] = "مغلق"  # one bad row
        return self._import(f"q{size}.csv", route, data=_csv(rows), check=False)

    @warmup
    def test_query_count_50_rows(self):
        """Checking and confirming a sheet (measured warm: the first run fills Odoo's caches).
        Checking and confirming cost the same for 10 meters as for 50 (confirming was 43 and
        83 until the reading's create kept the batch's prefetch: one query a reading)."""
        for size, check, confirm in ((10, 17, 35), (50, 17, 35)):
            batch = self._sheet_of(size)
            self.env.invalidate_all()
            with self.subTest(size=size, step="check"), self.assertQueryCount(check):
                batch.action_check()
            self.assertEqual((batch.count_accepted, batch.count_exception), (size - 1, 1))
            self.env.invalidate_all()
            with self.subTest(size=size, step="confirm"), self.assertQueryCount(confirm):
                batch.action_confirm()
            self.assertEqual(batch.reading_count, size - 1)

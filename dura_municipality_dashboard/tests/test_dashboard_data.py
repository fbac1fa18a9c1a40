import base64
import json
import re

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_open
from odoo.tools.translate import code_translations, extract_spreadsheet_terms

from odoo.addons.spreadsheet.utils.validate_data import fields_in_spreadsheet

JSON_PATH = "dura_municipality_dashboard/data/files/municipality_dashboard.json"
FORMULA = re.compile(r"PIVOT\.(VALUE|HEADER)\((\d+),([^)]*)\)")
ARGUMENT = re.compile(r'"([^"]*)"|([\d.]+)')


def web_measure_spec(measure):
    """The read_group field of a pivot measure, as the spreadsheet's pivot model asks it
    (spreadsheet/static/src/pivot/pivot_model.js, _getMeasureSpecs)."""
    if measure["fieldName"] == "__count":
        return "__count"
    if measure.get("aggregator"):
        name, aggregator = measure["fieldName"], measure["aggregator"]
        return f"{name}_{aggregator}_id:{aggregator}({name})"
    return measure["fieldName"]


def dimension_spec(dimension):
    granularity = dimension.get("granularity")
    return f"{dimension['fieldName']}:{granularity}" if granularity else dimension["fieldName"]


@tagged("post_install", "-at_install")
class TestDashboardData(TransactionCase):
    """The municipality dashboard: its record, and a JSON that only asks what exists."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref(
            "dura_municipality_dashboard.spreadsheet_dashboard_municipality"
        )
        with file_open(JSON_PATH) as handle:
            cls.data = json.load(handle)
        cls.director = cls.env.ref("dura_municipal_requests.user_director")

    def test_record(self):
        self.assertEqual(
            self.dashboard.dashboard_group_id,
            self.env.ref("dura_municipality_dashboard.spreadsheet_dashboard_group_municipality"),
        )
        self.assertEqual(
            self.dashboard.group_ids, self.env.ref("dura_municipal_requests.group_director")
        )
        self.assertTrue(self.dashboard.is_published)
        stored = json.loads(base64.b64decode(self.dashboard.spreadsheet_binary_data))
        self.assertEqual(stored, self.data)
        # what the Dashboards app loads, as the director: the real figures, not a sample
        loaded = self.dashboard.with_user(self.director).get_readonly_dashboard()
        self.assertNotIn("is_sample", loaded)
        self.assertEqual(set(loaded["snapshot"]["pivots"]), set(self.data["pivots"]))
        self.assertEqual(loaded["default_currency"]["code"], self.env.company.currency_id.name)

    def test_only_the_director_sees_it(self):
        dashboards = self.env["spreadsheet.dashboard"]
        self.assertIn(self.dashboard, dashboards.with_user(self.director).search([]))
        for login in ("frontdesk", "water", "cashier", "utility", "itadmin", "approver"):
            user = self.env["res.users"].search([("login", "=", login)])
            with self.subTest(login=login):
                self.assertNotIn(self.dashboard, dashboards.with_user(user).search([]))

    def test_models_and_fields_exist(self):
        """Every model and field chain the spreadsheet names (Odoo's own extraction, as its
        spreadsheet constraint does), then the data sources one by one."""
        for model, chains in fields_in_spreadsheet(self.data).items():
            self.assertIn(model, self.env, model)
            for chain in chains:
                current = self.env[model]
                for name in chain.split("."):
                    self.assertIn(name, current._fields, f"{model}: {chain}")
                    field = current._fields[name]
                    current = self.env[field.comodel_name] if field.relational else current
        for pivot_id, pivot in self.data["pivots"].items():
            model = self.env[pivot["model"]]
            with self.subTest(pivot=pivot_id):
                described = model.fields_get(attributes=["groupable", "aggregator", "store"])
                for dimension in pivot["rows"] + pivot["columns"]:
                    self.assertTrue(described[dimension["fieldName"]]["groupable"], dimension)
                for measure in pivot["measures"]:
                    self.assertEqual(measure["id"], self._measure_id(measure))
                    if measure["fieldName"] != "__count":
                        field = described[measure["fieldName"]]
                        self.assertTrue(field["store"] and field["aggregator"], measure)
                for filter_id, matching in pivot["fieldMatching"].items():
                    self.assertIn(filter_id, {f["id"] for f in self.data["globalFilters"]})
                    self.assertIn(matching["chain"], model._fields)
        for global_filter in self.data["globalFilters"]:
            if global_filter["type"] == "relation":
                self.assertIn(global_filter["modelName"], self.env)

    def _measure_id(self, measure):
        if measure["fieldName"] == "__count":
            return "__count"
        return f"{measure['fieldName']}:{measure['aggregator']}"

    def test_data_sources_load_as_the_director(self):
        """Each pivot and chart asks the server what the spreadsheet asks (read_group with its
        measures and dimensions, as the director): no refused field, no unknown aggregate,
        and the demo's figures are there."""
        for pivot_id, pivot in self.data["pivots"].items():
            model = self.env[pivot["model"]].with_user(self.director)
            groupby = [dimension_spec(d) for d in pivot["rows"] + pivot["columns"]]
            with self.subTest(pivot=pivot_id):
                groups = model.read_group(
                    pivot["domain"],
                    [web_measure_spec(m) for m in pivot["measures"]],
                    groupby,
                    lazy=False,
                )
                # the demo sends no SMS and invoices in shekels only
                if pivot_id not in ("5", "6", "7"):
                    self.assertTrue(groups, f"pivot {pivot_id} is empty on the demo data")
        for sheet in self.data["sheets"]:
            for figure in sheet["figures"]:
                chart = figure["data"]
                if not chart["type"].startswith("odoo_"):
                    continue
                meta = chart["metaData"]
                model = self.env[meta["resModel"]].with_user(self.director)
                with self.subTest(chart=figure["id"]):
                    self.assertTrue(
                        model.read_group(
                            chart["searchParams"]["domain"],
                            [meta["measure"]],
                            meta["groupBy"],
                            lazy=False,
                        )
                    )

    def test_formulas_ask_what_their_pivot_has(self):
        """Each PIVOT.VALUE/HEADER names a pivot of the spreadsheet, one of its measures and
        its dimensions, with values that exist (selection keys); each scorecard a cell."""
        cells = {
            (sheet["name"], ref): cell.get("content", "")
            for sheet in self.data["sheets"]
            for ref, cell in sheet["cells"].items()
        }
        formulas = 0
        for (sheet, ref), content in cells.items():
            for function, pivot_id, arguments in FORMULA.findall(content):
                formulas += 1
                pivot = self.data["pivots"].get(pivot_id)
                self.assertTrue(pivot, f"{sheet}!{ref}: pivot {pivot_id}")
                model = self.env[pivot["model"]]
                values = [quoted or number for quoted, number in ARGUMENT.findall(arguments)]
                if function == "VALUE":
                    measure, values = values[0], values[1:]
                    self.assertIn(measure, {m["id"] for m in pivot["measures"]}, f"{sheet}!{ref}")
                dimensions = {dimension_spec(d) for d in pivot["rows"] + pivot["columns"]}
                for name, value in zip(values[::2], values[1::2], strict=True):
                    with self.subTest(cell=f"{sheet}!{ref}", dimension=name):
                        self.assertIn(name.lstrip("#"), dimensions)
                        field = model._fields[name.lstrip("#").split(":")[0]]
                        if name.startswith("#"):
                            self.assertTrue(value.isdigit())
                        elif field.type == "selection":
                            self.assertIn(value, dict(field.selection))
        self.assertGreater(formulas, 300)
        for sheet in self.data["sheets"]:
            for figure in sheet["figures"]:
                if figure["data"]["type"] == "scorecard":
                    sheet_name, ref = figure["data"]["keyValue"].split("!")
                    self.assertIn((sheet_name, ref), cells)

    def test_arabic_labels(self):
        """Every label of the dashboard (the _t() cells, chart titles, filters) is in the
        module's translation template and has its Arabic."""
        with file_open(JSON_PATH, "rb") as handle:
            terms = {
                term
                for _line, _func, term, _comments in extract_spreadsheet_terms(handle, [], [], {})
            }
        self.assertIn("Median processing days", terms)
        # what the web client gets for the spreadsheet's _t(), read from the module's ar.po
        arabic = {
            message["id"]: message["string"]
            for message in code_translations.get_web_translations(
                "dura_municipality_dashboard", "ar_001"
            )["messages"]
        }
        self.assertFalse(sorted(terms - set(arabic)), "dashboard labels without Arabic")
        self.assertEqual(arabic["Requests received"], "الطلبات الواردة")

from odoo.tests import BaseCase, tagged

from ..tools.routing import Route, RoutingTable


@tagged("post_install", "-at_install")
class TestRoutingTable(BaseCase):
    """The routing decision alone, without the ORM."""

    def setUp(self):
        super().setUp()
        self.table = RoutingTable(
            (
                Route(7, ("+97059",)),  # Jawwal numbers first through this one
                Route(3),  # then any number
                Route(9, ("+962", "+97256")),  # Jordan, and Ooredoo under +972
            )
        )

    def test_empty_table_means_the_gateway_is_off(self):
        self.assertFalse(RoutingTable())
        self.assertEqual(RoutingTable().candidates("+970599123456"), [])
        self.assertTrue(self.table)

    def test_candidates_best_first(self):
        self.assertEqual(self.table.candidates("+970599123456"), [7, 3])
        self.assertEqual(self.table.candidates("+970569123456"), [3])
        self.assertEqual(self.table.candidates("+972569123456"), [3, 9])

    def test_foreign_numbers_only_where_a_provider_names_them(self):
        self.assertEqual(self.table.candidates("+962791234567", explicit=True), [9])
        self.assertEqual(self.table.candidates("+32470123456", explicit=True), [])
        self.assertEqual(self.table.candidates("+970599123456", explicit=True), [7])

    def test_hashable_for_the_cache(self):
        """The table lives in Odoo's ormcache: immutable, and equal when built alike."""
        self.assertEqual(hash(self.table), hash(RoutingTable(self.table.routes)))

"""Which provider carries an SMS to a number: the routing decision in plain Python.

The provider model builds one :class:`RoutingTable` per company from its active providers and
caches it (``dura.sms.provider._routing_table``); the dispatcher, the sender mixin and the
composer ask it, with no query on the hot path.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Route:
    provider_id: int
    prefixes: tuple = ()  # E.164 prefixes the provider is limited to; none: any number


@dataclass(frozen=True)
class RoutingTable:
    """The active providers of a company, best first (priority, then id)."""

    routes: tuple = ()

    def __bool__(self):
        """Whether the municipality's gateway is on: an active provider serves the company
        (else Odoo's own SMS path carries the messages)."""
        return bool(self.routes)

    def candidates(self, e164, explicit=False):
        """Ids of the providers serving `e164`, best first.

        A provider without prefixes serves every number; one with prefixes serves the numbers
        starting with one of them. With `explicit`, only the providers whose prefixes name the
        number count: that is how a foreign destination is allowed at all."""
        return [
            route.provider_id
            for route in self.routes
            if (not route.prefixes and not explicit)
            or (route.prefixes and e164.startswith(route.prefixes))
        ]

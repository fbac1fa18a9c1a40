"""Reading import benchmark (part of make bench): a route's filled-in reading sheet imported
through ``dura.utility.reading.import`` (check, then confirm), against Odoo's own ``load()`` of
the same readings, at two sizes to show that the cost per row does not grow with the file.

Each route is new: its subscriptions each have an opening reading (two months ago). A tenth of
the rows are bad (a reading below the previous one, an unknown meter): the import stages them
as exceptions and creates the rest; ``load()`` is given only the good rows, since it refuses a
whole file for one bad row. Its runs come first and are rolled back, so that ours find a clean
database.

``load()`` of ``dura.utility.reading`` runs the same reading model (its create completes the
previous index and validates), so the ratio is what the staging adds: parsing the sheet, the
checks of every line, the staging lines and the duplicate-file guard.
"""

import base64
import csv
import io
import time
from datetime import date

from dateutil.relativedelta import relativedelta
from harness import environment

from odoo import SUPERUSER_ID, api


def route_with_subscriptions(registry, count, tag):
    """A new water route of `count` postpaid subscriptions, each with an opening reading of
    100 + i two months ago; returns the route id and the meter numbers."""
    with environment(registry) as env:
        tariff = env["dura.utility.tariff"].search(
            [("utility", "=", "water"), ("active", "=", True)], limit=1
        )
        route = env["dura.utility.route"].create(
            {"name": f"مسار {tag}", "code": f"R-{tag}", "utility": "water"}
        )
        partners = env["res.partner"].create(
            [
                {"name": f"مواطن {tag} {i}", "mobile": f"+970598{i:06d}", "lang": "ar_001"}
                for i in range(count)
            ]
        )
        subscriptions = env["dura.utility.subscription"].create(
            [
                {
                    "partner_id": partner.id,
                    "utility": "water",
                    "meter_number": f"RD-{tag}-{i}",
                    "billing_mode": "postpaid",
                    "tariff_id": tariff.id,
                    "state": "active",
                    "quarter": f"حي {tag}",
                    "route_id": route.id,
                    "route_sequence": i,
                }
                for i, partner in enumerate(partners)
            ]
        )
        opening = date.today().replace(day=1) - relativedelta(months=2)
        env["dura.utility.reading"].create(
            [
                {"subscription_id": sub.id, "date": opening, "value": 100 + i, "kind": "opening"}
                for i, sub in enumerate(subscriptions)
            ]
        )
        return route.id, subscriptions.mapped("meter_number")


def sheet(meters):
    """The filled-in sheet (Arabic headers, as exported) and the good rows
    [(meter, reading)]: every tenth row is bad (below the previous reading, or an unknown
    meter)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["رقم العداد", "المواطن", "القراءة السابقة", "القراءة", "ملاحظات"])
    good = []
    for i, meter in enumerate(meters):
        previous = 100 + i
        if i % 20 == 5:
            writer.writerow([meter, "", previous, previous - 3, "العداد مكسور؟"])
        elif i % 20 == 15:
            writer.writerow([f"X-{meter}", "", previous, previous + 20, ""])
        else:
            value = previous + 10 + i % 30
            writer.writerow([meter, "", previous, value, ""])
            good.append((meter, value))
    return out.getvalue().encode(), good


def ours(registry, route_id, data, tag):
    with environment(registry) as env:
        batch = env["dura.utility.reading.import"].create(
            {
                "route_id": route_id,
                "file": base64.b64encode(data),
                "filename": f"{tag}.csv",
            }
        )
        env.flush_all()
        queries = env.cr.sql_log_count
        start = time.perf_counter()
        batch.action_check()
        batch.action_confirm()
        env.flush_all()
        seconds = time.perf_counter() - start
        queries = env.cr.sql_log_count - queries
        created = batch.reading_count
        refused = batch.count_exception
    return seconds, queries, created, refused


def odoo_load(registry, good):
    """Odoo's load() of the good rows as readings, rolled back."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        today = date.today().isoformat()
        rows = [[meter, today, str(value), "regular"] for meter, value in good]
        # the subscription by its name (the meter number), as a user's import file names it
        ids = dict(
            env["dura.utility.subscription"]
            .search([("meter_number", "in", [meter for meter, _value in good])])
            .mapped(lambda sub: (sub.meter_number, sub.id))
        )
        rows = [[str(ids[meter]), *rest] for meter, *rest in rows]
        env.flush_all()
        queries = cr.sql_log_count
        start = time.perf_counter()
        result = env["dura.utility.reading"].load(
            ["subscription_id/.id", "date", "value", "kind"], rows
        )
        env.flush_all()
        seconds = time.perf_counter() - start
        queries = cr.sql_log_count - queries
        if result["messages"]:
            raise RuntimeError(f"load() refused rows: {result['messages'][:3]}")
        cr.rollback()
    return seconds, queries


def bench_reading_import(registry, sizes):
    """`sizes`: rows of each route's sheet, smallest first."""
    figures = {}
    stamp = int(time.time()) % 100000
    for count in sizes:
        tag = f"{stamp}-{count}"
        route_id, meters = route_with_subscriptions(registry, count, tag)
        data, good = sheet(meters)
        # load() first: it is rolled back, ours is committed
        base_seconds, base_queries = odoo_load(registry, good)
        seconds, queries, created, refused = ours(registry, route_id, data, tag)
        # per reading created: the bad rows cost their check, and load() is given good rows only
        figures[count] = (seconds / created, queries / created)
        print(
            f"reading import {count} rows: ours {created} readings created, {refused} lines "
            f"refused, in {seconds:.1f} s and {queries} queries ({1000 * seconds / created:.2f} "
            f"ms and {queries / created:.2f} queries a reading), Odoo load() of the {len(good)} "
            f"good rows {base_seconds:.1f} s and {base_queries} queries "
            f"({1000 * base_seconds / len(good):.2f} ms and "
            f"{base_queries / len(good):.2f} queries a reading), ratio ours/load "
            f"{seconds / base_seconds:.2f}"
        )
    (t1, q1), (t2, q2) = figures[sizes[0]], figures[sizes[-1]]
    print(
        f"reading import per reading, {sizes[-1]} rows against {sizes[0]}: time ratio "
        f"{t2 / t1:.2f}, queries ratio {q2 / q1:.2f} (constant: about 1)"
    )


def main():
    """Run this benchmark alone: python bench/reading_import.py --conf odoo.conf --db DB
    [--quick]."""
    import argparse

    from harness import machine

    from odoo.modules.registry import Registry
    from odoo.tools import config

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conf", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    config.parse_config(["-c", args.conf, "-d", args.db, "--log-level=warn"])
    print(f"machine: {machine()}")
    bench_reading_import(Registry(args.db), [200, 1000] if args.quick else [500, 5000])


if __name__ == "__main__":
    main()

"""Go-live import benchmark (part of make bench): citizens, then subscriptions with their last
readings and open balances, each against Odoo's own ``load()`` of the same rows, at two sizes
to show that the cost per row does not grow with the file.

Odoo's ``load()`` is what Settings > Import runs: it creates the rows as they are, with no
number normalising, no national id check, no matching, merging or staging report, no opening
reading and no opening invoice. Its runs are rolled back, so that ours find a clean database.
"""

import base64
import csv
import io
import time

from harness import environment
from stdnum import luhn

from odoo import SUPERUSER_ID, api


def national_id(number):
    first = f"{number:08d}"
    return first + luhn.calc_check_digit(first)


def files(citizens, subscriptions, first, block):
    """CSV bytes of `citizens` citizens and `subscriptions` subscriptions (a water meter for
    each citizen, an electricity meter for the first ones; a third with an open balance)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["الاسم", "رقم الهوية", "رقم الجوال", "العنوان"])
    people = []
    for i in range(citizens):
        number = national_id(first + i)
        # every second number written in the +972 form: the same subscribers
        mobile = f"059{block:02d}{i:05d}" if i % 2 else f"+97259{block:02d}{i:05d}"
        people.append(number)
        writer.writerow([f"مواطن {first + i}", number, mobile, "دورا"])
    citizen_csv = out.getvalue().encode()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["National ID", "Meter Number", "Utility", "Tariff", "Billing Mode", "Quarter",
         "Last Reading", "Reading Date", "Open Balance"]
    )  # fmt: skip
    for i in range(subscriptions):
        utility, tariff = (
            ("water", "Domestic water (example)")
            if i < citizens
            else ("electricity", "Domestic electricity, invoice (example)")
        )
        writer.writerow(
            [people[i % citizens], f"B{first}-{i}", utility, tariff, "postpaid", f"حي {i % 12}",
             100 + i % 900, "", f"{10 + i % 300}.50" if i % 3 == 0 else ""]
        )  # fmt: skip
    return citizen_csv, out.getvalue().encode()


def ours(registry, kind, data):
    with environment(registry) as env:
        batch = env["dura.utility.import"].create(
            {"kind": kind, "file": base64.b64encode(data), "filename": f"{kind}.csv"}
        )
        env.flush_all()
        queries = env.cr.sql_log_count
        start = time.perf_counter()
        batch.action_confirm()
        env.flush_all()
        seconds = time.perf_counter() - start
        queries = env.cr.sql_log_count - queries
        created = batch.count_created
        invoices = len(batch.line_ids.move_id)
    return seconds, queries, created, invoices


def odoo_load(registry, kind, data):
    """Odoo's load() of the same rows, rolled back."""
    rows = list(csv.reader(io.StringIO(data.decode())))[1:]
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if kind == "citizens":
            model = env["res.partner"]
            fields = ["name", "mobile", "street"]
            rows = [[name, mobile, street] for name, _nid, mobile, street in rows]
        else:
            model = env["dura.utility.subscription"]
            partner = env["res.partner"].search([], limit=1).id
            tariffs = {
                t.name: t.id
                for t in env["dura.utility.tariff"].with_context(lang="en_US").search([])
            }
            fields = ["partner_id/.id", "meter_number", "utility", "tariff_id/.id",
                      "billing_mode", "quarter", "initial_reading", "state"]  # fmt: skip
            rows = [
                [str(partner), f"L-{meter}", utility, str(tariffs[tariff]), mode, quarter,
                 reading, "active"]
                for _nid, meter, utility, tariff, mode, quarter, reading, _date, _balance in rows
            ]  # fmt: skip
        env.flush_all()
        queries = cr.sql_log_count
        start = time.perf_counter()
        result = model.load(fields, rows)
        env.flush_all()
        seconds = time.perf_counter() - start
        queries = cr.sql_log_count - queries
        if result["messages"]:
            raise RuntimeError(f"load() refused rows: {result['messages'][:3]}")
        cr.rollback()
    return seconds, queries


def bench_golive(registry, sizes, offset=0):
    """`sizes`: [(citizens, subscriptions)], smallest first; `offset` moves the national ids
    and numbers apart from an earlier run's on the same database."""
    figures = {}
    for index, (citizens, subscriptions) in enumerate(sizes):
        citizen_csv, subscription_csv = files(
            citizens,
            subscriptions,
            42000000 + offset * 1000000 + index * 100000,
            70 + 2 * offset + index,
        )
        for kind, data, count in (
            ("citizens", citizen_csv, citizens),
            ("subscriptions", subscription_csv, subscriptions),
        ):
            seconds, queries, created, invoices = ours(registry, kind, data)
            base_seconds, base_queries = odoo_load(registry, kind, data)
            figures[kind, count] = (seconds / count, queries / count)
            extra = f", {invoices} opening invoices" if invoices else ""
            print(
                f"go-live import {count} {kind}: ours {created} created{extra} in "
                f"{seconds:.1f} s ({1000 * seconds / count:.2f} ms and {queries / count:.1f} "
                f"queries a row), Odoo load() of the same rows {base_seconds:.1f} s "
                f"({1000 * base_seconds / count:.2f} ms and {base_queries / count:.1f} queries "
                f"a row), ratio ours/load {seconds / base_seconds:.2f}"
            )
    (small_c, small_s), (large_c, large_s) = sizes[0], sizes[-1]
    for kind, small, large in (("citizens", small_c, large_c), ("subscriptions", small_s, large_s)):
        (t1, q1), (t2, q2) = figures[kind, small], figures[kind, large]
        print(
            f"go-live import per row, {kind} {large} against {small}: time ratio "
            f"{t2 / t1:.2f}, queries ratio {q2 / q1:.2f} (constant: about 1)"
        )


def main():
    """Run this benchmark alone: python bench/golive.py --conf odoo.conf --db DB [--quick]."""
    import argparse

    from harness import machine

    from odoo.modules.registry import Registry
    from odoo.tools import config

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conf", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--offset", type=int, default=0, help="another run on the same database")
    args = parser.parse_args()
    config.parse_config(["-c", args.conf, "-d", args.db, "--log-level=warn"])
    print(f"machine: {machine()}")
    bench_golive(
        Registry(args.db),
        [(350, 500), (700, 1000)] if args.quick else [(700, 1000), (7000, 10000)],
        args.offset,
    )


if __name__ == "__main__":
    main()

"""Benchmark of a billing run, apart from the tests (it commits).

Run it in an Odoo shell on a throw-away copy of a database where dura_utility_billing is
installed with its demo data, e.g.::

    createdb -T dura_demo dura_bench
    BENCH_N=3000 python odoo-bin shell -c odoo.conf -d dura_bench --no-http \\
        < dura_utility_billing/bench/billing_run.py

It creates BENCH_N water subscriptions with a reading three months ago, bills them in batches
of 500 and prints the time and queries per invoice and the ratio to a 100-subscription run.
"""

import os
import time

from dateutil.relativedelta import relativedelta

from odoo import fields

env = globals()["env"]  # provided by odoo-bin shell


def bench(size, tag):
    tariff = env.ref("dura_utility_billing.demo_tariff_water_domestic")
    partners = env["res.partner"].create(
        [
            {
                "name": f"Bench {tag} {index}",
                "mobile": f"+970599{300000 + index:06d}",
                "lang": "ar_001" if index % 2 else "en_US",
            }
            for index in range(size)
        ]
    )
    subscriptions = env["dura.utility.subscription"].create(
        [
            {
                "partner_id": partner.id,
                "utility": "water",
                "meter_number": f"BENCH-{tag}-{index}",
                "billing_mode": "postpaid",
                "tariff_id": tariff.id,
                "state": "active",
                "quarter": f"Bench {tag}",
            }
            for index, partner in enumerate(partners)
        ]
    )
    # three months ago: a period the demo data has no readings for
    period_date = fields.Date.today() - relativedelta(months=3)
    env["dura.utility.reading"].create(
        [
            {"subscription_id": sub.id, "date": period_date, "value": 5 + index % 90}
            for index, sub in enumerate(subscriptions)
        ]
    )
    run = env["dura.utility.billing.run"].create(
        {"utility": "water", "period": period_date.strftime("%Y-%m"), "batch_size": 500}
    )
    env.cr.commit()
    start, queries = time.time(), env.cr.sql_log_count
    run.action_run_now()
    seconds, queries = time.time() - start, env.cr.sql_log_count - queries
    billed = len(run.bill_ids)
    print(
        f"{tag}: {billed} invoices, {run.batch_count} batches, {run.sms_count} SMS queued, "
        f"{seconds:.1f} s, {1000 * seconds / billed:.1f} ms and {queries / billed:.1f} "
        "queries per invoice"
    )
    env.cr.commit()
    return seconds / billed, queries / billed


small = bench(100, "small")
large = bench(int(os.environ.get("BENCH_N", "3000")), "large")
print(
    f"ratio large/small per invoice: time {large[0] / small[0]:.2f}, "
    f"queries {large[1] / small[1]:.2f}"
)

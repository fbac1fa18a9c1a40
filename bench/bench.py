"""make bench: billing and collection runs and SMS dispatch, each against a reference run.

Run through scripts/bench.sh, which creates the database. Prints one result line per benchmark
and the machine it ran on. Benchmarks commit: never point this at a database you care about.
"""

import argparse
import os
import time
from datetime import date

from dateutil.relativedelta import relativedelta
from golive import bench_golive
from harness import SmsServer, environment, machine, queue_arabic_sms
from reading_import import bench_reading_import
from stdnum import luhn

import odoo
from odoo.modules.registry import Registry
from odoo.tools import config

HERE = os.path.dirname(os.path.abspath(__file__))


def drain(registry):
    """Run the SMS queue cron's method until nothing is outgoing; return the seconds taken."""
    start = time.perf_counter()
    while True:
        with environment(registry) as env:
            env["sms.sms"]._process_queue()
            left = env["sms.sms"].search_count([("state", "=", "outgoing")])
        if not left:
            return time.perf_counter() - start


def bench_sms(registry, count, latency):
    server = SmsServer(latency)
    try:
        with environment(registry) as env:
            env["dura.sms.provider"].search([]).active = False
            env["dura.sms.provider"].create(
                {
                    "name": "Bench JSON",
                    "kind": "http_json",
                    "url": f"{server.url}/json",
                    "json_batch_field": "messages",
                    "batch_size": 500,
                    "timeout": 30,
                }
            )
            env["ir.config_parameter"].set_param("dura_sms.dispatch_batch_size", 500)
        queue_arabic_sms(registry, 200, "warm-up ours")  # first-call costs (caches, imports) apart
        drain(registry)
        server.reset()
        queue_arabic_sms(registry, count, "ours")
        ours = drain(registry)
        ours_stats = server.stats()

        with environment(registry) as env:
            env["dura.sms.provider"].search([]).active = False
            env["ir.config_parameter"].set_param("sms.endpoint", server.url)
        queue_arabic_sms(registry, 200, "warm-up stock")
        drain(registry)
        server.reset()
        queue_arabic_sms(registry, count, "stock")
        stock = drain(registry)
        stock_stats = server.stats()
    finally:
        server.stop()
    label = f"sms dispatch {count} Arabic SMS, provider latency {latency:g} ms"
    print(
        f"{label}: ours {count / ours:.0f} msg/s ({ours:.1f} s), "
        f"Odoo stock queue {count / stock:.0f} msg/s ({stock:.1f} s), "
        f"ratio ours/stock {stock / ours:.2f}; "
        f"server got ours {ours_stats['unique']} unique / {ours_stats['duplicates']} duplicates, "
        f"stock {stock_stats['unique']} / {stock_stats['duplicates']}"
    )
    return count / ours


def billing_run(registry, count, tag, period_date):
    """Bill `count` new postpaid water subscriptions, each with a reading in `period_date`'s
    month, in one billing run; return its id and the seconds and queries it took."""
    with environment(registry) as env:
        tariff = env["dura.utility.tariff"].search(
            [("utility", "=", "water"), ("active", "=", True)], limit=1
        )
        first = 900000 if tag == "small" else 0  # numbers apart from the large run's
        partners = env["res.partner"].create(
            [
                {
                    "name": f"Bench {tag} citizen {i}",
                    "mobile": f"+970599{first + i:06d}",
                    "lang": "ar_001",
                }
                for i in range(count)
            ]
        )
        subscriptions = env["dura.utility.subscription"].create(
            [
                {
                    "partner_id": partner.id,
                    "utility": "water",
                    "meter_number": f"BENCH-{tag}-{i}",
                    "billing_mode": "postpaid",
                    "tariff_id": tariff.id,
                    "state": "active",
                    "quarter": f"Bench {tag}",
                }
                for i, partner in enumerate(partners)
            ]
        )
        env["dura.utility.reading"].create(
            [
                {"subscription_id": sub.id, "date": period_date, "value": 5 + i % 90}
                for i, sub in enumerate(subscriptions)
            ]
        )
        run = env["dura.utility.billing.run"].create(
            {
                "utility": "water",
                "period": period_date.strftime("%Y-%m"),
                "batch_size": 500,
            }
        )
        run_id = run.id
    start = time.perf_counter()
    with environment(registry) as env:
        queries = env.cr.sql_log_count
        env["dura.utility.billing.run"].browse(run_id).action_run_now()
        queries = env.cr.sql_log_count - queries
    return run_id, time.perf_counter() - start, queries


def bench_billing(registry, count):
    """A billing run of `count` postpaid subscriptions against Odoo's own batch create + post
    of the same invoices (same partners, lines, amounts) with no billing logic; and its cost
    per invoice against a run of 100 (the run bills in batches, so it should not grow)."""
    period_date = date.today() - relativedelta(months=5)
    # the small run first: the large one then skips its subscriptions, billed for the period
    small_id, small, small_queries = billing_run(registry, 100, "small", period_date)
    run_id, ours, ours_queries = billing_run(registry, count, "large", period_date)
    with environment(registry) as env:
        small_billed = len(env["dura.utility.billing.run"].browse(small_id).bill_ids)

    with environment(registry) as env:
        run = env["dura.utility.billing.run"].browse(run_id)
        invoices = run.bill_ids.mapped("move_id")
        vals_list = [
            {
                "move_type": "out_invoice",
                "partner_id": move.partner_id.id,
                "invoice_date": move.invoice_date,
                "invoice_date_due": move.invoice_date_due,
                "journal_id": move.journal_id.id,
                "invoice_line_ids": [
                    odoo.fields.Command.create(
                        {
                            "name": line.name,
                            "product_id": line.product_id.id,
                            "quantity": line.quantity,
                            "price_unit": line.price_unit,
                            "tax_ids": [odoo.fields.Command.set(line.tax_ids.ids)],
                            "account_id": line.account_id.id,
                        }
                    )
                    for line in move.invoice_line_ids
                ],
            }
            for move in invoices
        ]
        billed = len(invoices)
    start = time.perf_counter()
    with environment(registry) as env:
        for begin in range(0, len(vals_list), 500):
            moves = env["account.move"].create(vals_list[begin : begin + 500])
            moves.action_post()
            env.cr.commit()
    baseline = time.perf_counter() - start
    per_invoice = (ours / billed) / (small / small_billed)
    per_query = (ours_queries / billed) / (small_queries / small_billed)
    print(
        f"billing run per invoice, {billed} against {small_billed} subscriptions: "
        f"{1000 * ours / billed:.1f} ms and {ours_queries / billed:.1f} queries against "
        f"{1000 * small / small_billed:.1f} ms and {small_queries / small_billed:.1f} queries, "
        f"ratio time {per_invoice:.2f}, queries {per_query:.2f}"
    )
    print(
        f"billing run {count} subscriptions: ours {billed} invoices in {ours:.1f} s "
        f"({billed / ours:.0f} invoices/s), Odoo batch create+post of the same invoices "
        f"{baseline:.1f} s ({billed / baseline:.0f} invoices/s), ratio ours/baseline "
        f"{ours / baseline:.2f} (target <= 1.15)"
    )
    return run_id, ours / billed


COLLECTION_TEMPLATES = (
    "sms_template_collection_reminder",
    "sms_template_collection_notice",
    "sms_template_collection_final",
)


def bench_collection(registry, run_id, billing_per_invoice):
    """The collection run over the bench's bills a week after their due date (each gets its
    overdue notice: a late fee invoice posted and an SMS queued), its time per bill against
    the billing run's time per invoice measured just before."""
    with environment(registry) as env:
        env["sms.template"].union(
            *(env.ref(f"dura_utility_billing.{name}") for name in COLLECTION_TEMPLATES)
        ).sudo().action_dura_approve()
        bills = env["dura.utility.billing.run"].browse(run_id).bill_ids.move_id
        due = max(bills.mapped("invoice_date_due"))
        run = env["dura.utility.collection.run"].create(
            {"date": due + relativedelta(days=7), "batch_size": 500}
        )
        run_id = run.id
    start = time.perf_counter()
    with environment(registry) as env:
        queries = env.cr.sql_log_count
        env["dura.utility.collection.run"].browse(run_id).action_run_now()
        queries = env.cr.sql_log_count - queries
    seconds = time.perf_counter() - start
    with environment(registry) as env:
        run = env["dura.utility.collection.run"].browse(run_id)
        checked, steps, fees, state = run.checked_count, run.line_count, run.fee_count, run.state
    per_bill = seconds / checked
    print(
        f"collection run over {checked} overdue bills ({state}): {steps} notices, {fees} late "
        f"fee invoices and their SMS in {seconds:.1f} s, {1000 * per_bill:.1f} ms and "
        f"{queries / checked:.1f} queries per bill, against the billing run's "
        f"{1000 * billing_per_invoice:.1f} ms per invoice: ratio collection/billing "
        f"{per_bill / billing_per_invoice:.2f}"
    )


def bench_journey(registry, count):
    """`count` requests from draft to filed (fee invoice, payment at the counter, filing,
    routing, queued SMS) against the same invoices and payments done alone."""
    with environment(registry) as env:
        department = env["dura.municipal.department"].search([], limit=1)
        product = env["product.product"].create(
            {
                "name": "Bench fee",
                "type": "service",
                "list_price": 50,
                "taxes_id": False,
            }
        )
        service = env["dura.service.type"].create(
            {
                "name": "Bench certificate",
                "code": "BENCH-CERT",
                "department_id": department.id,
                "fee_product_id": product.id,
            }
        )
        partners = env["res.partner"].create(
            [
                {
                    "name": f"Journey citizen {i}",
                    "mobile": f"+970569{i:06d}",
                    "lang": "ar_001",
                    "dura_national_id": f"4{i:07d}" + luhn.calc_check_digit(f"4{i:07d}"),
                }
                for i in range(count)
            ]
        )
        service_id, partner_ids = service.id, partners.ids

    def pay(env, invoices):
        env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoices.ids
        ).create({"group_payment": False})._create_payments()

    start = time.perf_counter()
    with environment(registry) as env:
        queries = env.cr.sql_log_count
        requests = env["dura.service.request"].create(
            [
                {"partner_id": pid, "service_type_id": service_id, "description": "bench"}
                for pid in partner_ids
            ]
        )
        requests.action_submit()
        pay(env, requests.invoice_id)
        filed = requests.filtered(lambda r: r.state == "filed")
        ours_queries = env.cr.sql_log_count - queries
        moves = [(m.partner_id.id, m.invoice_line_ids.product_id.id) for m in requests.invoice_id]
        sms = env["sms.sms"].search_count([("dura_res_model", "=", "dura.service.request")])
    ours = time.perf_counter() - start

    start = time.perf_counter()
    with environment(registry) as env:
        queries = env.cr.sql_log_count
        invoices = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner_id,
                    "invoice_line_ids": [odoo.fields.Command.create({"product_id": product_id})],
                }
                for partner_id, product_id in moves
            ]
        )
        invoices.action_post()
        pay(env, invoices)
        base_queries = env.cr.sql_log_count - queries
    baseline = time.perf_counter() - start
    print(
        f"request journey {count} requests draft->filed: ours {len(filed)} filed in {ours:.1f} s "
        f"({count / ours:.0f} requests/s, {ours_queries / count:.1f} queries/request, "
        f"{sms} SMS queued), same invoices and payments alone {baseline:.1f} s "
        f"({count / baseline:.0f}/s, {base_queries / count:.1f} queries/request), "
        f"ratio ours/baseline {ours / baseline:.2f}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conf", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--quick", action="store_true", help="smaller sizes for a smoke run")
    args = parser.parse_args()
    config.parse_config(["-c", args.conf, "-d", args.db, "--log-level=warn"])
    registry = Registry(args.db)
    print(f"machine: {machine()}")
    print(f"date: {date.today()}  sizes: {'quick' if args.quick else 'full'}")
    sms = 2000 if args.quick else 20000
    bench_sms(registry, sms, 0)
    bench_sms(registry, sms // 4 if args.quick else 5000, 50)
    run_id, per_invoice = bench_billing(registry, 500 if args.quick else 5000)
    bench_collection(registry, run_id, per_invoice)
    bench_journey(registry, 200 if args.quick else 1000)
    bench_golive(
        registry, [(350, 500), (700, 1000)] if args.quick else [(700, 1000), (7000, 10000)]
    )
    bench_reading_import(registry, [200, 1000] if args.quick else [500, 5000])


if __name__ == "__main__":
    main()

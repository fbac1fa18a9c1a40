"""make soak, crash part: SIGKILL a real odoo-bin in the middle of a billing run and of an SMS
dispatch, restart it, let the crons finish, and count what came out.

Run through scripts/crash_soak.sh, which creates the database. Billing: every subscription is
billed exactly once (one invoice per subscription and period). SMS: the loopback provider took
every message exactly once (replays of an idempotency key are not sends), nothing is left
queued, nothing was parked as "may have been sent". Prints one line per scenario and exits 1
on any duplicate, loss or unfinished work.
"""

import argparse
import os
import sys
import time
from datetime import date

from dateutil.relativedelta import relativedelta
from harness import (
    OdooServer,
    SmsServer,
    environment,
    load,
    machine,
    queue_arabic_sms,
    stop_on_sigterm,
    use_json_provider,
    wait_until,
)

from odoo.modules.registry import Registry
from odoo.tools import config

# a threaded server with one cron thread: the process that dies is the one doing the work
SERVER_ARGS = ("--workers", "0", "--max-cron-threads", "1", "--limit-time-real", "0")


def count(registry, query, *params):
    with environment(registry) as env:
        env.cr.execute(query, params)
        return env.cr.fetchone()[0]


def kick(registry, xmlid):
    """Trigger the cron now: the commit NOTIFYs the cron thread, which otherwise sleeps up to a
    minute after the server starts."""
    with environment(registry) as env:
        env.ref(xmlid)._trigger()


def crash_and_finish(args, name, cron, progress, total, finished):
    """Serve the database with `cron` due, SIGKILL the server each time `progress()` reaches
    a fraction of `total` in ``--kill-points``, restart it, wait until `finished()`.
    Return (kills made while work was left, seconds, errors the server logged)."""
    registry = Registry(args.db)
    server = OdooServer(args.conf, args.db, os.path.join(args.logdir, f"{name}.log"), *SERVER_ARGS)
    start, kills = time.monotonic(), 0
    try:
        for point in args.kill_points:

            def reached(point=point):
                done = progress()
                return done >= point * total and (done,)

            server.start()
            kick(registry, cron)
            (done,) = wait_until(reached, 900, name, interval=0.05)
            server.kill()
            left = total - progress()
            print(f"  killed {name} at {done}/{total} done ({left} left), {load()}", flush=True)
            kills += left > 0
        server.start()
        kick(registry, cron)
        wait_until(finished, 1800, f"{name} finished", interval=0.5)
    finally:
        server.stop()
    return kills, time.monotonic() - start, server.errors()


def billing(registry, args):
    size = args.subscriptions
    period_date = date.today().replace(day=1) - relativedelta(months=7)
    period = period_date.strftime("%Y-%m")
    tag = f"CRASH-{time.time():.0f}"  # meters of an earlier soak in a kept database stay apart
    with environment(registry) as env:
        tariff = env["dura.utility.tariff"].search(
            [("utility", "=", "water"), ("billing_mode", "in", ("postpaid", "both"))], limit=1
        )
        partners = env["res.partner"].create(
            [{"name": f"Crash soak {n}", "mobile": f"+970598{n:06d}"} for n in range(size)]
        )
        common = {"utility": "water", "billing_mode": "postpaid", "state": "active"}
        subscriptions = env["dura.utility.subscription"].create(
            [
                dict(common, partner_id=partner.id, meter_number=f"{tag}-{n}", tariff_id=tariff.id)
                for n, partner in enumerate(partners)
            ]
        )
        env["dura.utility.reading"].create(
            [
                {"subscription_id": sid, "date": period_date, "value": 3 + n % 70}
                for n, sid in enumerate(subscriptions.ids)
            ]
        )
        run = env["dura.utility.billing.run"].create(
            {"utility": "water", "period": period, "batch_size": 100, "send_sms": False}
        )
        expected = run.remaining_count  # ours plus any demo subscription read in that period
        run.action_start()
        run_id, ours = run.id, tuple(subscriptions.ids)

    kills, elapsed, errors = crash_and_finish(
        args,
        "crash-billing",
        "dura_utility_billing.ir_cron_dura_utility_billing_run",
        lambda: count(registry, "SELECT count(*) FROM dura_utility_bill WHERE run_id=%s", run_id),
        expected,
        lambda: count(
            registry, "SELECT state = 'done' FROM dura_utility_billing_run WHERE id=%s", run_id
        ),
    )
    moves = """FROM account_move WHERE move_type = 'out_invoice' AND dura_period = %s"""
    invoices = count(registry, f"SELECT count(*) {moves} AND state = 'posted'", period)
    duplicates = count(
        registry,
        f"SELECT coalesce(sum(n - 1), 0)::int FROM (SELECT count(*) AS n {moves} "
        "GROUP BY dura_subscription_id HAVING count(*) > 1) AS twice",
        period,
    )
    missing = count(
        registry,
        f"SELECT count(*) FROM unnest(%s) AS sid WHERE sid NOT IN (SELECT dura_subscription_id "
        f"{moves} AND state = 'posted')",
        list(ours),
        period,
    )
    # an invoice without its bill row (or the reverse) would be billed again by a later run
    orphans = count(
        registry,
        f"SELECT count(*) {moves} AND id NOT IN (SELECT move_id FROM dura_utility_bill "
        "WHERE move_id IS NOT NULL)",
        period,
    )
    print(
        f"crash: billing {size} subscriptions, {kills} kills, invoices {invoices} of {expected}, "
        f"duplicates {duplicates}, missing {missing}, without bill {orphans}, "
        f"server errors logged {errors}, {elapsed:.0f} s",
        flush=True,
    )
    return invoices == expected and not (duplicates or missing or orphans or errors)


def sms(registry, args):
    size = args.sms
    provider = SmsServer(latency=args.latency)
    try:
        with environment(registry) as env:
            use_json_provider(env, provider, batch_size=50)
            # one dispatcher only, so a mark left at restart can only be the dead one's
            env["ir.config_parameter"].set_param("dura_sms.interrupted_minutes", 0)
        uuids = queue_arabic_sms(registry, size, "إشعار تجريبي")
        kills, elapsed, errors = crash_and_finish(
            args,
            "crash-sms",
            "sms.ir_cron_sms_scheduler_action",
            lambda: provider.stats()["unique"],
            size,
            lambda: not count(
                registry,
                "SELECT count(*) FROM sms_sms WHERE uuid = ANY(%s) AND state = 'outgoing'",
                uuids,
            ),
        )
        taken, stats = provider.counts(), provider.stats()
    finally:
        provider.stop()
    with environment(registry) as env:
        env.cr.execute(
            "SELECT state, count(*) FROM dura_sms_message WHERE uuid = ANY(%s) GROUP BY state",
            [uuids],
        )
        states = dict(env.cr.fetchall())
    sent = states.get("accepted", 0) + states.get("delivered", 0)
    duplicates = sum(n - 1 for uuid, n in taken.items() if n > 1)
    lost = sum(1 for uuid in uuids if uuid not in taken)
    # anything else queued in the database (demo data) went to the same provider
    # parked: failed as "may have been sent" by the recovery (or failed otherwise)
    parked = sum(states.values()) - sent
    print(
        f"crash: sms {size} messages, {kills} kills, received {size - lost}, "
        f"duplicates {duplicates}, lost {lost}, parked {parked}, sent {sent}, "
        f"idempotent replays {stats['replayed']}, server errors logged {errors}, "
        f"{elapsed:.0f} s",
        flush=True,
    )
    return sent == size and not (duplicates or lost or parked or errors)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conf", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--subscriptions", type=int, default=2500)
    parser.add_argument("--sms", type=int, default=5000)
    parser.add_argument("--latency", type=float, default=20, help="ms per provider request")
    parser.add_argument(
        "--kill-points",
        type=lambda s: [float(p) for p in s.split(",")],
        default=[0.2, 0.45, 0.7],
        help="fractions of the work done at which the server is killed",
    )
    parser.add_argument("--logdir", default=".test-logs")
    args = parser.parse_args()
    stop_on_sigterm()
    config.parse_config(["-c", args.conf, "-d", args.db, "--log-level=warn"])
    registry = Registry(args.db)
    os.makedirs(args.logdir, exist_ok=True)
    print(f"crash soak: {machine()}, {load()}", flush=True)
    ok = billing(registry, args)
    ok = sms(registry, args) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

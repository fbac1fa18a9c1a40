"""make bench, scale part: the SMS dispatch done by a real odoo-bin in multi-process mode
(``--workers 2``) with one cron worker, then with two, against the loopback provider, which
counts every message id it takes.

Odoo runs one cron job in one worker at a time, so the second cron worker sends through the
second dispatch lane (``dura_sms_gateway.ir_cron_dura_sms_lane``, activated here); both lanes
claim disjoint batches of the same queue. Run through scripts/bench.sh after bench/bench.py, on
the same database.
"""

import argparse
import os
import sys
import time

import harness

from odoo.modules.registry import Registry
from odoo.tools import config


def queue_empty(registry):
    with harness.environment(registry) as env:
        env.cr.execute("SELECT count(*) FROM sms_sms WHERE state = 'outgoing'")
        return not env.cr.fetchone()[0]


def dispatch(registry, args, provider, count, workers):
    """Seconds from the commit of `count` queued SMS to an empty queue, with `workers` cron
    workers; the provider's counts are reset after a warm-up run."""
    log = os.path.join(args.logdir, f"scale-{workers}-cron.log")
    server = harness.OdooServer(
        args.conf,
        args.db,
        log,
        *("--workers", "2", "--max-cron-threads", str(workers), "--limit-time-real-cron", "0"),
    )
    server.start()
    try:
        # warm-up: each cron worker loads the registry and its provider session; whatever an
        # earlier benchmark left queued leaves now too
        harness.queue_arabic_sms(registry, 400, "تسخين")
        harness.wait_until(lambda: queue_empty(registry), 300, "warm-up dispatched")
        provider.reset()
        # one transaction, one commit: the crons are woken once, with the whole queue there
        uuids = harness.queue_arabic_sms(registry, count, "فاتورة الكهرباء", chunk=count)
        start = time.perf_counter()
        # watch the provider, not the table: scanning sms_sms 10 times a second would slow
        # the dispatchers it measures; the queue is then empty once the last results commit
        harness.wait_until(lambda: provider.stats()["unique"] >= count, 900, "sent", interval=0.05)
        harness.wait_until(lambda: queue_empty(registry), 60, "queue dispatched", interval=0.05)
        seconds = time.perf_counter() - start
    finally:
        server.stop()
    taken = provider.counts()
    return {
        "seconds": seconds,
        "rate": count / seconds,
        "duplicates": sum(n - 1 for n in taken.values() if n > 1),
        "lost": sum(1 for uuid in uuids if uuid not in taken),
        "errors": server.errors(),
        "load": harness.load(),
    }


def compare(registry, args, count, latency, batch_size):
    """One line: the same dispatch with one cron worker, then two."""
    provider = harness.SmsServer(latency=latency)
    try:
        with harness.environment(registry) as env:
            harness.use_json_provider(env, provider, batch_size=batch_size)
        one = dispatch(registry, args, provider, count, 1)
        two = dispatch(registry, args, provider, count, 2)
    finally:
        provider.stop()
    print(
        f"scale: sms dispatch {count} Arabic SMS, provider latency {latency:g} ms per request of "
        f"{batch_size}, odoo-bin --workers 2: 1 cron worker {one['rate']:.0f} msg/s "
        f"({one['seconds']:.1f} s, {one['load']}), 2 cron workers {two['rate']:.0f} msg/s "
        f"({two['seconds']:.1f} s, {two['load']}), speed-up {one['seconds'] / two['seconds']:.2f}; "
        f"server duplicates {one['duplicates']} / {two['duplicates']}, "
        f"lost {one['lost']} / {two['lost']}, "
        f"server errors logged {one['errors']} / {two['errors']}",
        flush=True,
    )
    return not (one["duplicates"] or two["duplicates"] or one["lost"] or two["lost"])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conf", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--quick", action="store_true", help="smaller sizes for a smoke run")
    parser.add_argument("--logdir", default=".test-logs")
    args = parser.parse_args()
    harness.stop_on_sigterm()
    config.parse_config(["-c", args.conf, "-d", args.db, "--log-level=warn"])
    registry = Registry(args.db)
    os.makedirs(args.logdir, exist_ok=True)
    print(f"scale: machine {harness.machine()}", flush=True)
    with harness.environment(registry) as env:
        env.ref("dura_sms_gateway.ir_cron_dura_sms_lane").active = True
        # the default: a lane's recovery leaves alone what the other lane is sending now
        env["ir.config_parameter"].set_param("dura_sms.interrupted_minutes", 15)
    # CPU-bound: the provider answers at once, 500 messages per request
    ok = compare(registry, args, 2000 if args.quick else 20000, 0, 500)
    # I/O-bound, as with a real aggregator: 50 ms per request of 50 messages
    ok = compare(registry, args, 1000 if args.quick else 5000, 50, 50) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

"""Real processes for the crash soak and the scale benchmark: an ``odoo-bin`` server that can be
started, SIGKILLed and restarted, the loopback SMS provider (bench/sms_server.py), and an
environment on the same database for preparing data and counting results.

The driver imports Odoo (run it with the Odoo source on PYTHONPATH) but never serves: all cron
work happens in the odoo-bin processes, as in production.
"""

import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

import odoo
from odoo import SUPERUSER_ID, api

HERE = os.path.dirname(os.path.abspath(__file__))
ODOO_BIN = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin")


def machine():
    """Cores, CPU model and Python version, for the printed results."""
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            model = next(
                (line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")),
                model,
            )
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}"


def load():
    """The 1-minute load average: other work on the machine skews the figures."""
    return f"load {os.getloadavg()[0]:.2f}"


def stop_on_sigterm():
    """Turn SIGTERM (e.g. from `timeout`) into SystemExit, so that the `finally` blocks stop
    the servers this driver started instead of leaving them running."""
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_json(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.load(response)


def wait_until(predicate, timeout, what, interval=0.2):
    """Poll `predicate` until it returns something true; return it, or fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(interval)
    raise TimeoutError(f"{what}: not reached within {timeout} s")


@contextmanager
def environment(registry):
    """A superuser environment whose work is committed when the block ends."""
    with registry.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, {})
        cr.commit()


class SmsServer:
    """bench/sms_server.py in its own process on a free loopback port."""

    def __init__(self, latency=0):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, os.path.join(HERE, "sms_server.py"), "--port", str(self.port)]
        self.process = subprocess.Popen([*command, "--latency", str(latency)])
        wait_until(self._up, 10, "loopback SMS server", interval=0.05)

    def _up(self):
        try:
            return self.stats() is not None
        except OSError:
            return False

    def stats(self):
        return get_json(f"{self.url}/stats")

    def counts(self):
        """Times each message id was taken (replays of an idempotency key not included)."""
        return get_json(f"{self.url}/ids", timeout=30)

    def reset(self):
        request = urllib.request.Request(f"{self.url}/reset", data=b"{}", method="POST")
        urllib.request.urlopen(request, timeout=5).close()

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


class OdooServer:
    """``odoo-bin`` serving one database with its crons, in its own process group so that a
    kill takes its workers (and cron workers) down with it, as a crash or the OOM killer would."""

    def __init__(self, conf, db, logfile, *args):
        self.conf, self.db, self.logfile, self.args = conf, db, logfile, args
        if os.path.exists(logfile):
            os.remove(logfile)  # one log per scenario, across its restarts
        self.process = None
        self.port = None

    def start(self, timeout=300):
        self.port = free_port()
        command = [sys.executable, ODOO_BIN, "-c", self.conf, "-d", self.db]
        command += ["--db-filter", f"^{self.db}$", "--http-interface", "127.0.0.1"]
        command += ["--http-port", str(self.port), "--logfile", self.logfile, *self.args]
        with open(self.logfile, "a", encoding="utf-8") as log:  # what comes before logging
            self.process = subprocess.Popen(command, start_new_session=True, stderr=log)
        wait_until(self._healthy, timeout, f"odoo-bin on port {self.port}", interval=0.5)
        return self

    def _healthy(self):
        if self.process.poll() is not None:
            code = self.process.returncode
            raise RuntimeError(f"odoo-bin exited with {code}: see {self.logfile}")
        try:
            # a page of the database: answered once its registry is loaded, which the cron
            # threads of a threaded server wait for
            url = f"http://127.0.0.1:{self.port}/web/login?db={self.db}"
            with urllib.request.urlopen(url, timeout=60) as response:
                return response.status == 200
        except OSError:
            return False

    def kill(self):
        """SIGKILL the whole process group: no cleanup, no rollback, no goodbye."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(30)

    def errors(self):
        """ERROR and CRITICAL lines the server logged, across restarts."""
        with open(self.logfile, encoding="utf-8", errors="replace") as log:
            return sum(1 for line in log if " ERROR " in line or " CRITICAL " in line)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.kill()


def queue_arabic_sms(registry, count, tag, chunk=2000):
    """Queue `count` Arabic SMS to distinct Palestinian mobiles; return their uuids."""
    uuids = []
    for start in range(0, count, chunk):
        with environment(registry) as env:
            records = env["sms.sms"].create(
                [
                    {
                        "number": f"+97059{index:07d}",
                        "body": f"بلدية دورا: {tag} رقم {index}، المبلغ {index % 300}.50 شيكل",
                    }
                    for index in range(start, min(count, start + chunk))
                ]
            )
            uuids += records.mapped("uuid")
    return uuids


def use_json_provider(env, server, batch_size):
    """Make a batch http_json provider on `server` the only active one, with idempotency keys."""
    env["dura.sms.provider"].search([]).active = False
    env["dura.sms.provider"].create(
        {
            "name": "Loopback JSON",
            "kind": "http_json",
            "url": f"{server.url}/json",
            "json_batch_field": "messages",
            "json_idempotency_header": "Idempotency-Key",
            "batch_size": batch_size,
            "timeout": 30,
        }
    )
    env["ir.config_parameter"].set_param("dura_sms.dispatch_batch_size", batch_size)

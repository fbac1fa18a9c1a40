"""Kannel (bearerbox + smsbox) with a fake SMSC on loopback ports, started by a test."""

import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time

from odoo.addons.dura_municipality.tests.common import free_port

BEARERBOX = "/usr/sbin/bearerbox"
SMSBOX = "/usr/sbin/smsbox"
FAKESMSC = "/usr/lib/kannel/test/fakesmsc"


class KannelFixture:
    def __init__(self, inbound_url):
        self.dir = tempfile.mkdtemp(prefix="dura-kannel-")
        self.admin_port, self.smsbox_port, self.smsc_port, self.sendsms_port = (
            free_port() for _ in range(4)
        )
        self.username, self.password = "dura", secrets.token_hex(8)
        self.inbound_url = inbound_url
        self.processes = []
        self.fake_log = os.path.join(self.dir, "fakesmsc.out")

    @property
    def sendsms_url(self):
        return f"http://127.0.0.1:{self.sendsms_port}/cgi-bin/sendsms"

    def _config(self):
        return f"""
group = core
admin-port = {self.admin_port}
admin-password = {secrets.token_hex(8)}
smsbox-port = {self.smsbox_port}
log-file = "{self.dir}/bearerbox.log"
box-allow-ip = "127.0.0.1"
dlr-storage = internal
store-type = file
store-location = "{self.dir}/kannel.store"

group = smsc
smsc = fake
smsc-id = FAKE
port = {self.smsc_port}
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = {self.smsbox_port}
sendsms-port = {self.sendsms_port}
log-file = "{self.dir}/smsbox.log"
mo-recode = true

group = sendsms-user
username = {self.username}
password = {self.password}
concatenation = true
max-messages = 4

group = sms-service
keyword = default
catch-all = true
accept-x-kannel-headers = true
get-url = "{self.inbound_url}?from=%p&to=%P&text=%a&coding=%c"
omit-empty = true
"""

    def start(self):
        conf = os.path.join(self.dir, "kannel.conf")
        with open(conf, "w", encoding="utf-8") as handle:
            handle.write(self._config())
        devnull = subprocess.DEVNULL
        self.processes.append(subprocess.Popen([BEARERBOX, conf], stdout=devnull, stderr=devnull))
        self._wait_port(self.smsbox_port)
        self.processes.append(subprocess.Popen([SMSBOX, conf], stdout=devnull, stderr=devnull))
        self._wait_port(self.sendsms_port)
        out = open(self.fake_log, "w", encoding="utf-8")  # closed when the fixture stops
        # one inbound message at start, then stay connected (-m 0 would exit at once)
        self.processes.append(
            subprocess.Popen(
                [
                    FAKESMSC,
                    "-H",
                    "127.0.0.1",
                    "-r",
                    str(self.smsc_port),
                    "-i",
                    "3600",
                    "-m",
                    "1",
                    "970599123456 1234 text hello",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        )
        time.sleep(2)  # let the fake SMSC connect before the first message
        return self

    @staticmethod
    def _wait_port(port, timeout=15):
        import socket

        deadline = time.time() + timeout
        while time.time() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"Kannel did not open port {port}")

    def received(self):
        """Lines fakesmsc printed for messages it received (its own MO line included)."""
        with open(self.fake_log, encoding="utf-8", errors="replace") as handle:
            return [line for line in handle if " ucs-2 " in line or " text " in line]

    def stop(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(5)
        shutil.rmtree(self.dir, ignore_errors=True)

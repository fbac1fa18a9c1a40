"""Test fixtures: a real HTTP server on 127.0.0.1 that answers like an SMS provider."""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from odoo.tests import TransactionCase


class ScriptedProvider:
    """A loopback HTTP server answering from a script, recording every request it received.

    ``script`` is a list of answers used in order, then ``default``; an answer is a dict with
    ``status``, ``json`` or ``body``, ``headers``, ``delay`` (seconds before answering) and
    ``reset`` (close the connection without answering). It may also be a callable
    ``(request) -> answer``. The default accepts every message like a JSON SMS API.
    """

    def __init__(self):
        self.requests = []
        self.abandoned = 0
        self.script = []
        self.default = self.accept
        self._lock = threading.Lock()
        provider = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                request = {
                    "method": self.command,
                    "path": parts.path,
                    "query": {k: v[0] for k, v in parse_qs(parts.query).items()},
                    "headers": dict(self.headers),
                    "raw": raw,
                    "json": _json_or_none(raw),
                    "form": {k: v[0] for k, v in parse_qs(raw.decode(errors="replace")).items()},
                }
                with provider._lock:
                    provider.requests.append(request)
                    answer = provider.script.pop(0) if provider.script else provider.default
                if callable(answer):
                    answer = answer(request)
                if answer.get("delay"):
                    time.sleep(answer["delay"])
                if answer.get("reset"):
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if "json" in answer:
                    body = json.dumps(answer["json"]).encode()
                    content_type = "application/json"
                else:
                    body = answer.get("body", "").encode()
                    content_type = "text/plain"
                self.send_response(answer.get("status", 200))
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for key, value in answer.get("headers", {}).items():
                    self.send_header(key, value)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    provider.abandoned += 1  # the client gave up (timeout tests)

            do_GET = do_POST = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @staticmethod
    def accept(request):
        payload = request["json"] or {}
        if "messages" in payload:  # batch mode
            return {
                "json": {
                    "results": [
                        {"id": m["id"], "status": "accepted", "message_id": f"p-{m['id'][:8]}"}
                        for m in payload["messages"]
                    ]
                }
            }
        return {"json": {"status": "accepted", "message_id": f"p-{payload.get('id', '')[:8]}"}}

    @property
    def url(self):
        host, port = self.server.server_address
        return f"http://{host}:{port}/send"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def sent_ids(self):
        """Message ids of every send request received (batch or single)."""
        ids = []
        for request in self.requests:
            payload = request["json"] or {}
            if "messages" in payload:
                ids += [m["id"] for m in payload["messages"]]
            elif "id" in payload:
                ids.append(payload["id"])
        return ids


def _json_or_none(raw):
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


class DuraSmsCase(TransactionCase):
    """Providers pointed at loopback servers the test starts; the demo providers are archived."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["dura.sms.provider"].search([]).active = False
        cls.env.ref("base.main_company").country_id = cls.env.ref("base.ps")
        cls.partner_ar = cls.env["res.partner"].create(
            {
                "name": "محمد أحمد",
                "mobile": "0599123456",
                "lang": "en_US",
            }
        )

    def start_server(self):
        server = ScriptedProvider().start()
        self.addCleanup(server.stop)
        return server

    def make_provider(self, server=None, **values):
        vals = {
            "name": "JSON provider",
            "kind": "http_json",
            "url": server.url if server else False,
            "timeout": 2,
            "max_attempts": 3,
            "cost_per_segment": 0.05,
            "sequence": 10,
        }
        vals.update(values)
        provider = self.env["dura.sms.provider"].create(vals)
        # no sleeping between retries in tests: the behaviour, not the wait, is under test
        adapter = provider._get_adapter()
        if adapter.transport:
            adapter.transport.sleep = lambda seconds: self._sleeps.append(seconds)
        return provider

    def setUp(self):
        super().setUp()
        self._sleeps = []

    def queue_sms(self, numbers, body="مرحبا من بلدية دورا", **values):
        return self.env["sms.sms"].create(
            [{"number": number, "body": body, **values} for number in numbers]
        )

    def dispatch(self):
        self.env["sms.sms"]._process_queue()

    def audit(self, sms):
        return self.env["dura.sms.message"].search([("uuid", "in", sms.mapped("uuid"))])

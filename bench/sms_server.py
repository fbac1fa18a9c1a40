"""A fast loopback SMS provider for the benchmarks and the crash soak, run as its own process.

Speaks two protocols on one port: our generic JSON API in batch mode (``POST /json``,
``{"messages": [{"id", "to", "text"}]}`` -> ``{"results": [{"id", "status"}]}``) and the
JSON-RPC of Odoo's IAP SMS service (``POST /api/sms/3/send``), so Odoo's stock queue can be
pointed at it with the ``sms.endpoint`` parameter. Counts every message id it takes;
``GET /stats`` returns ``{"received", "unique", "duplicates", "replayed", "first", "last"}``
(``first``/``last``: epoch seconds of the first and last message taken) and ``GET /ids`` the
count per message id. ``--latency`` adds a delay (milliseconds) to every send request.

Like a provider that honours idempotency keys, a request repeating the ``Idempotency-Key``
header of an earlier one gets the earlier answer and sends nothing (counted in ``replayed``):
a message id taken twice is a duplicate the citizen would have received.
"""

import argparse
import json
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SEEN = Counter()
ANSWERS = {}  # idempotency key -> answer already given
STATS = {"replayed": 0, "first": None, "last": None}
LOCK = threading.Lock()


def make_handler(latency):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _send(self, payload):
            body = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            with LOCK:
                if self.path == "/ids":
                    return self._send(dict(SEEN))
                received = sum(SEEN.values())
                self._send(
                    dict(
                        STATS,
                        received=received,
                        unique=len(SEEN),
                        duplicates=received - len(SEEN),
                    )
                )

        def do_POST(self):
            payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if latency:
                time.sleep(latency / 1000)
            if self.path == "/reset":
                with LOCK:
                    SEEN.clear()
                    ANSWERS.clear()
                    STATS.update(replayed=0, first=None, last=None)
                return self._send({"ok": True})
            key = self.headers.get("Idempotency-Key")
            if self.path == "/json":
                ids = [m["id"] for m in payload["messages"]]
                result = {"results": [{"id": i, "status": "accepted"} for i in ids]}
            else:  # IAP JSON-RPC
                ids = [n["uuid"] for m in payload["params"]["messages"] for n in m["numbers"]]
                result = {
                    "jsonrpc": "2.0",
                    "id": payload.get("id"),
                    "result": [{"uuid": i, "state": "success", "credit": 1} for i in ids],
                }
            with LOCK:
                if key and key in ANSWERS:
                    STATS["replayed"] += 1
                    result = ANSWERS[key]
                else:
                    if key:
                        ANSWERS[key] = result
                    SEEN.update(ids)
                    STATS["last"] = time.time()
                    STATS["first"] = STATS["first"] or STATS["last"]
            self._send(result)

    return Handler


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # a client killed mid-request (make soak does it on purpose) is not a server error
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--latency", type=float, default=0)
    args = parser.parse_args()
    Server(("127.0.0.1", args.port), make_handler(args.latency)).serve_forever()


if __name__ == "__main__":
    main()

"""A fast loopback SMS provider for the benchmarks, run as its own process.

Speaks two protocols on one port: our generic JSON API in batch mode (``POST /json``,
``{"messages": [{"id", "to", "text"}]}`` -> ``{"results": [{"id", "status"}]}``) and the
JSON-RPC of Odoo's IAP SMS service (``POST /api/sms/3/send``), so Odoo's stock queue can be
pointed at it with the ``sms.endpoint`` parameter. Counts every message id it receives;
``GET /stats`` returns ``{"received": n, "unique": n, "duplicates": n}``. ``--latency`` adds a
delay (milliseconds) to every send request.
"""

import argparse
import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SEEN = Counter()
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
                received = sum(SEEN.values())
                self._send(
                    {
                        "received": received,
                        "unique": len(SEEN),
                        "duplicates": received - len(SEEN),
                    }
                )

        def do_POST(self):
            payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if latency:
                time.sleep(latency / 1000)
            if self.path == "/reset":
                with LOCK:
                    SEEN.clear()
                return self._send({"ok": True})
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
                SEEN.update(ids)
            self._send(result)

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--latency", type=float, default=0)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(args.latency))
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()

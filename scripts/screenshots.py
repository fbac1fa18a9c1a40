#!/usr/bin/env python3
"""make screenshots: PNGs of the main screens, the public certificate verification page and of
every PDF report, to look at.

Against a running server (`make run`): logs in through /web/session/authenticate, drives headless
Chromium over the DevTools protocol (websocket-client) with that session cookie, and turns the
reports' PDFs into PNGs with pdftoppm. The web client is shot in English and in Arabic (the admin's
language is switched for the Arabic shots and restored afterwards).

Environment: SHOTS_URL (http://localhost:8069), SHOTS_DB (dura_demo), SHOTS_LOGIN / SHOTS_PASSWORD
(admin / admin), SHOTS_DIR (screenshots), CHROMIUM (/usr/bin/chromium).
"""

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlparse

import requests
import websocket

URL = os.environ.get("SHOTS_URL", "http://localhost:8069").rstrip("/")
DB = os.environ.get("SHOTS_DB", "dura_demo")
LOGIN = os.environ.get("SHOTS_LOGIN", "admin")
PASSWORD = os.environ.get("SHOTS_PASSWORD", "admin")
OUT = os.environ.get("SHOTS_DIR", "screenshots")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
REQUESTS = "dura_municipal_requests.action_dura_service_request"


class Odoo:
    """JSON-RPC as the logged-in user, with the session cookie for the browser."""

    def __init__(self):
        self.session = requests.Session()
        self.uid = self._call(
            "/web/session/authenticate", {"db": DB, "login": LOGIN, "password": PASSWORD}
        )["uid"]
        self.session_id = self.session.cookies.get("session_id")

    def _call(self, path, params):
        response = self.session.post(
            URL + path, json={"jsonrpc": "2.0", "method": "call", "params": params}, timeout=120
        )
        response.raise_for_status()
        body = response.json()
        if body.get("error"):
            raise RuntimeError(json.dumps(body["error"], indent=1)[:2000])
        return body["result"]

    def call(self, model, method, *args, **kwargs):
        return self._call(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def pdf(self, report_name, ids):
        response = self.session.get(
            f"{URL}/report/pdf/{report_name}/{','.join(map(str, ids))}", timeout=300
        )
        response.raise_for_status()
        if not response.content.startswith(b"%PDF"):
            raise RuntimeError(f"{report_name}: not a PDF")
        return response.content


class Browser:
    """Headless Chromium driven over the DevTools protocol."""

    def __init__(self, session_id):
        self.profile = tempfile.mkdtemp(prefix="dura-shots-")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--user-data-dir={self.profile}",
                f"--remote-debugging-port={port}",
                "--window-size=1400,900",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                targets = requests.get(f"http://127.0.0.1:{port}/json", timeout=1).json()
                page = next(t for t in targets if t["type"] == "page")
                break
            except (requests.RequestException, StopIteration, ValueError):
                time.sleep(0.1)
        else:
            raise RuntimeError("Chromium did not start")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0
        self.send("Page.enable")
        self.send("Network.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=1400,
            height=900,
            deviceScaleFactor=1,
            mobile=False,
        )
        self.set_session(session_id)

    def set_session(self, session_id):
        self.send(
            "Network.setCookie",
            name="session_id",
            value=session_id,
            domain=urlparse(URL).hostname,
            path="/",
        )

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def shoot(self, url, selector, path, timeout=60):
        """Open `url`, wait for `selector` and for the client to settle, save a PNG."""
        self.send("Page.navigate", url=url)
        deadline = time.time() + timeout
        check = f"!!document.querySelector({json.dumps(selector)})"
        while not self.evaluate(check):
            if time.time() > deadline:
                raise RuntimeError(f"{url}: {selector} did not appear")
            time.sleep(0.3)
        time.sleep(1.5)  # fonts, charts and animations
        errors = self.evaluate("document.querySelectorAll('.o_error_dialog').length")
        if errors:
            raise RuntimeError(f"{url}: the web client shows an error")
        data = self.send("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as png:
            png.write(base64.b64decode(data))
        print(f"saved {path}")

    def close(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def pdf_to_png(content, name):
    path = os.path.join(OUT, f"{name}.pdf")
    with open(path, "wb") as pdf:
        pdf.write(content)
    subprocess.run(["pdftoppm", "-png", "-r", "80", path, os.path.join(OUT, name)], check=True)
    os.remove(path)
    for page in sorted(f for f in os.listdir(OUT) if f.startswith(f"{name}-")):
        print(f"saved {os.path.join(OUT, page)}")


def shoot_ui(odoo, browser, suffix):
    request = odoo.call(
        "dura.service.request",
        "search_read",
        [("state", "in", ("filed", "in_progress", "on_hold"))],
        ["id"],
        limit=1,
    ) or odoo.call("dura.service.request", "search_read", [], ["id"], limit=1)
    screens = [
        (f"{URL}/odoo/action-{REQUESTS}", ".o_kanban_renderer .o_kanban_record", "kanban"),
        (
            f"{URL}/odoo/action-{REQUESTS}/{request[0]['id']}",
            ".o_form_view .o_statusbar_status",
            "request_form",
        ),
        (
            f"{URL}/odoo/action-dura_sms_gateway.action_dura_sms_message",
            ".o_list_renderer",
            "sms_audit_log",
        ),
        (
            f"{URL}/odoo/action-dura_municipal_requests.action_dura_service_request_reporting",
            ".o_pivot table",
            "requests_pivot",
        ),
        (
            f"{URL}/odoo/action-dura_municipal_requests.action_dura_service_request_overdue",
            ".o_list_renderer .o_group_header",
            "overdue_list",
        ),
        # the municipality's identity and its shekels
        (f"{URL}/odoo/action-base.action_res_company_form/1", ".o_form_view", "company_form"),
        (
            f"{URL}/odoo/action-dura_utility_billing.action_dura_utility_bill",
            ".o_list_renderer .o_data_row",
            "bills_list",
        ),
        (
            f"{URL}/odoo/action-dura_utility_billing.action_dura_utility_billing_run",
            ".o_list_renderer .o_data_row",
            "billing_runs_list",
        ),
        (
            f"{URL}/odoo/action-dura_utility_billing.action_dura_utility_billing_report",
            ".o_pivot table",
            "billed_collected_pivot",
        ),
    ]
    dashboard = odoo.call(
        "ir.model.data",
        "search_read",
        [
            ("module", "=", "dura_municipality_dashboard"),
            ("name", "=", "spreadsheet_dashboard_municipality"),
        ],
        ["res_id"],
    )
    if dashboard:  # the municipality's dashboard (Dashboards app), once its scorecards are drawn
        screens.append(
            (
                f"{URL}/odoo/dashboards?dashboard_id={dashboard[0]['res_id']}",
                ".o_spreadsheet_dashboard_action .o-spreadsheet .o-figure",
                "dashboard",
            )
        )
    certified = odoo.call(
        "dura.service.request",
        "search_read",
        [("state", "=", "done"), ("certificate_code", "!=", False)],
        ["certificate_code"],
        limit=1,
    )
    if certified:  # the public page a certificate's QR code opens
        lang = "ar_001" if suffix == "ar" else "en_US"
        screens.append(
            (
                f"{URL}/dura/certificate/verify/{certified[0]['certificate_code']}?lang={lang}",
                ".o_dura_verify_valid",
                "certificate_verification",
            )
        )
    for url, selector, name in screens:
        browser.shoot(url, selector, os.path.join(OUT, f"{name}_{suffix}.png"))


def shoot_reports(odoo, suffix):
    requests_ = odoo.call(
        "dura.service.request",
        "search_read",
        [("state", "not in", ("draft", "cancelled"))],
        ["id", "partner_id"],
        order="id",
    )
    partners = {
        p["id"]: p["lang"]
        for p in odoo.call("res.partner", "read", [r["partner_id"][0] for r in requests_], ["lang"])
    }
    arabic = [r["id"] for r in requests_ if (partners[r["partner_id"][0]] or "").startswith("ar")]
    other = [r["id"] for r in requests_ if r["id"] not in arabic]
    for ids, name in ((arabic[:1], "receipt_ar"), (other[:1], "receipt_en")):
        if ids and suffix == "ar":  # each in its citizen's language
            pdf_to_png(odoo.pdf("dura_municipal_requests.report_request_receipt", ids), name)
    certified = odoo.call(
        "dura.service.request",
        "search_read",
        [("state", "=", "done"), ("completion_effect", "=", "certificate")],
        ["id"],
        limit=1,
    )
    if certified and suffix == "ar":
        pdf_to_png(
            odoo.pdf("dura_municipal_requests.report_request_certificate", [certified[0]["id"]]),
            "certificate",
        )
    if suffix == "ar":
        shoot_bills(odoo)
    today = time.localtime()
    wizard = odoo.call(
        "dura.service.center.report",
        "create",
        {"year": today.tm_year, "month": str(today.tm_mon)},
    )
    pdf_to_png(
        odoo.pdf("dura_municipal_requests.report_service_center_monthly", [wizard]),
        f"monthly_report_{suffix}",
    )
    periods = odoo.call(
        "dura.utility.billing.report", "search_read", [], ["period"], order="period desc", limit=1
    )
    if periods:
        wizard = odoo.call(
            "dura.utility.billing.report.wizard", "create", {"period": periods[0]["period"]}
        )
        pdf_to_png(
            odoo.pdf("dura_utility_billing.report_utility_billing", [wizard]),
            f"utility_billing_{suffix}",
        )


def shoot_bills(odoo):
    """A utility bill of an Arabic and of an English citizen (each prints in its citizen's
    language; the latest, which lists the earlier bills not paid) and a fee invoice."""
    for lang, name in (("ar_001", "bill_ar"), ("en_US", "bill_en")):
        bills = odoo.call(
            "account.move",
            "search_read",
            [
                ("dura_subscription_id", "!=", False),
                ("dura_period", "!=", False),  # a metered bill (descending order puts NULL first)
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("partner_id.lang", "=", lang),
            ],
            ["id"],
            order="dura_period desc, id",
            limit=1,
        )
        if bills:
            pdf_to_png(odoo.pdf("dura_utility_billing.report_utility_bill", [bills[0]["id"]]), name)
    fees = odoo.call(
        "account.move",
        "search_read",
        [("dura_request_ids", "!=", False), ("state", "=", "posted")],
        ["id"],
        order="id desc",
        limit=1,
    )
    if fees:
        pdf_to_png(
            odoo.pdf("dura_municipal_requests.report_fee_invoice", [fees[0]["id"]]), "fee_invoice"
        )


def send_queued_sms(odoo):
    """Run the SMS queue once, so that the audit log shows what the demo queued."""
    cron = odoo.call(
        "ir.model.data",
        "search_read",
        [("module", "=", "sms"), ("name", "=", "ir_cron_sms_scheduler_action")],
        ["res_id"],
    )
    if cron:
        odoo.call("ir.cron", "method_direct_trigger", [cron[0]["res_id"]])


def in_language(odoo, lang):
    """A new session of the user in `lang` (a session keeps the language it logged in with)."""
    odoo.call("res.users", "write", [odoo.uid], {"lang": lang})
    return Odoo()


def main():
    os.makedirs(OUT, exist_ok=True)
    odoo = Odoo()
    send_queued_sms(odoo)
    lang = odoo.call("res.users", "read", [odoo.uid], ["lang"])[0]["lang"]
    browser = Browser(odoo.session_id)
    try:
        active = {lang["code"] for lang in odoo.call("res.lang", "search_read", [], ["code"])}
        for code, suffix in (("en_US", "en"), ("ar_001", "ar")):
            if code not in active:
                print(f"{code} is not active in {DB}: no {suffix} screenshots of the web client")
                continue
            odoo = in_language(odoo, code)
            browser.set_session(odoo.session_id)
            shoot_ui(odoo, browser, suffix)
            shoot_reports(odoo, suffix)
    finally:
        odoo.call("res.users", "write", [odoo.uid], {"lang": lang})
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Take the README's screenshots from a running Odoo (``make run``).

Usage: python scripts/screenshots.py [BASE_URL [DATABASE]]
(default http://127.0.0.1:8069 and the demo database of ``make run``)

Logs in as admin/admin (the demo database of ``make run``), opens each page in
headless Chromium through the DevTools protocol, waits until the page shows
what the picture is about, and writes static/description/<name>.png.
"""

import base64
import json
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "description"
WIDTH, HEIGHT = 1400, 860

# name, path, CSS selector that must be shown, JavaScript run before the shot
PAGES = [
    (
        "rules_board",
        "/odoo/action-sale_status_automation.sale_status_rule_action",
        ".o_kanban_record",
        # The statuses with a chain of rules are further right.
        (
            "document.querySelectorAll('.o_content, .o_kanban_renderer')"
            ".forEach((element) => (element.scrollLeft = 720))"
        ),
    ),
    (
        "rule_form",
        "/odoo/action-sale_status_automation.sale_status_rule_action/{rule_id}",
        ".o_form_view .o_field_widget",
        "",
    ),
    (
        "automation_log",
        "/odoo/action-sale_status_automation.sale_status_execution_action",
        ".o_data_row",
        "",
    ),
    (
        "preview",
        "/odoo/action-sale.action_orders/{order_id}",
        ".o_form_view .o_statusbar_buttons",
        (
            "[...document.querySelectorAll('.o_statusbar_buttons button')]"
            ".find((button) => button.textContent.includes('Preview automation'))"
            "?.click()"
        ),
    ),
]


def jsonrpc(base, path, params, cookie=None):
    request = urllib.request.Request(
        base + path,
        data=json.dumps({"jsonrpc": "2.0", "params": params}).encode(),
        headers={
            "Content-Type": "application/json",
            **({"Cookie": cookie} if cookie else {}),
        },
    )
    with urllib.request.urlopen(request) as response:
        body = json.load(response)
        return body.get("result"), response.headers.get("Set-Cookie", "")


class Chromium:
    def __init__(self):
        self.profile = tempfile.TemporaryDirectory(ignore_cleanup_errors=True)
        self.process = subprocess.Popen(
            [
                "chromium",
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--window-size={WIDTH},{HEIGHT}",
                "--remote-debugging-port=9333",
                f"--user-data-dir={self.profile.name}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(50):
            try:
                with urllib.request.urlopen("http://127.0.0.1:9333/json") as response:
                    targets = json.load(response)
                page = next(t for t in targets if t["type"] == "page")
                break
            except (OSError, StopIteration):
                time.sleep(0.2)
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"])
        self.last_id = 0

    def send(self, method, **params):
        self.last_id += 1
        self.socket.send(
            json.dumps({"id": self.last_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.last_id:
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True
        )
        return result.get("result", {}).get("value")

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait()
        self.profile.cleanup()


def main(base, database):
    _result, set_cookie = jsonrpc(
        base,
        "/web/session/authenticate",
        {"db": database, "login": "admin", "password": "admin"},
    )
    session_id = set_cookie.split("session_id=")[1].split(";")[0]
    ids = {}
    for key, model, domain in (
        ("rule_id", "sale.status.rule", [["channel", "=", "sms"]]),
        (
            "order_id",
            "sale.order",
            [["status_execution_ids.state", "in", ["scheduled", "waiting"]]],
        ),
    ):
        records, _cookie = jsonrpc(
            base,
            "/web/dataset/call_kw",
            {
                "model": model,
                "method": "search",
                "args": [domain],
                "kwargs": {"limit": 1, "order": "id desc"},
            },
            cookie=f"session_id={session_id}",
        )
        ids[key] = records[0]
    browser = Chromium()
    try:
        browser.send("Network.enable")
        browser.send(
            "Network.setCookie",
            name="session_id",
            value=session_id,
            url=base,
        )
        for name, path, selector, script in PAGES:
            browser.send("Page.navigate", url=base + path.format(**ids))
            for _attempt in range(100):
                time.sleep(0.3)
                if browser.evaluate(
                    f"!!document.querySelector({json.dumps(selector)})"
                ):
                    break
            if script:
                browser.evaluate(script)
                time.sleep(3)
            time.sleep(1.5)
            shot = browser.send("Page.captureScreenshot", format="png")
            (OUT / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))
            print(f"wrote static/description/{name}.png")
    finally:
        browser.close()


if __name__ == "__main__":
    arguments = sys.argv[1:] + [None, None]
    main(
        arguments[0] or "http://127.0.0.1:8069",
        arguments[1] or "sale_status_automation_demo",
    )

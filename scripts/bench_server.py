"""Start Odoo (as ``python -m odoo``) with Twilio's API routed to a fake.

Used by the benchmark only: every HTTP request this process sends to
api.twilio.com (sms_twilio's requests, the twilio SDK's) goes to the fake
Twilio server at $SSA_FAKE_TWILIO_URL instead, as a hosts-file entry would
send it. Nothing else changes.
"""

import os
import sys
from urllib.parse import urlsplit

import requests

FAKE = os.environ["SSA_FAKE_TWILIO_URL"]
_send = requests.Session.send


def send(session, request, **kwargs):
    parts = urlsplit(request.url)
    if parts.hostname == "api.twilio.com":
        query = f"?{parts.query}" if parts.query else ""
        request.url = f"{FAKE}{parts.path}{query}"
    return _send(session, request, **kwargs)


requests.Session.send = send

if __name__ == "__main__":
    from odoo.cli.command import main

    sys.argv = ["odoo", *sys.argv[1:]]
    main()

"""Start Odoo (as ``odoo-bin``) with Twilio's API routed to a fake.

Used by the benchmark and the multi-node check: every HTTP request this
process sends to api.twilio.com (sms_twilio's requests, the twilio SDK's)
goes to the fake Twilio server at $SSA_FAKE_TWILIO_URL instead, as a
hosts-file entry would send it. Nothing else changes.
"""

import os
import sys
from urllib.parse import urlsplit


def route_twilio_to_fake():
    import requests

    fake = os.environ["SSA_FAKE_TWILIO_URL"]
    send = requests.Session.send

    def send_to_fake(session, request, **kwargs):
        parts = urlsplit(request.url)
        if parts.hostname == "api.twilio.com":
            query = f"?{parts.query}" if parts.query else ""
            request.url = f"{fake}{parts.path}{query}"
        return send(session, request, **kwargs)

    requests.Session.send = send_to_fake


if __name__ == "__main__":
    # A prefork server starts its gevent process again with this script
    # (sys.argv[0]); that process only serves the bus and must be patched
    # by gevent before anything imports requests.
    if sys.argv[1:2] != ["gevent"]:
        route_twilio_to_fake()
    from odoo.cli.command import main

    main()

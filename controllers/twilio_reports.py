# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo.http import Controller, request, route

from ..tools.twilio import public_url, signature_is_valid

_logger = logging.getLogger(__name__)

ROUTE_OPTIONS = {
    "type": "http",
    "auth": "public",
    "methods": ["POST"],
    "csrf": False,
    "save_session": False,
}


class TwilioReportsController(Controller):
    """Twilio's reports on what a rule sent, each signed with the account's
    token, handed to the execution's channel."""

    @route("/sale_status_automation/twilio/call/<int:execution_id>", **ROUTE_OPTIONS)
    def call_status(self, execution_id, **params):
        return self._report(execution_id, "call", "_on_call_status", params)

    @route(
        "/sale_status_automation/twilio/call/<int:execution_id>/key", **ROUTE_OPTIONS
    )
    def call_key(self, execution_id, again=None, **params):
        """The key pressed at a call's question (TwiML <Gather>): Twilio
        waits for the TwiML of what the call does next."""
        return self._report(execution_id, "call", "_on_key", params, again=bool(again))

    @route(
        "/sale_status_automation/twilio/whatsapp/<int:execution_id>", **ROUTE_OPTIONS
    )
    def message_status(self, execution_id, **params):
        return self._report(execution_id, "whatsapp", "_on_message_status", params)

    def _report(self, execution_id, code, method, params, **options):
        # sudo: Twilio is anonymous; the signature below proves the report.
        execution = (
            request.env["sale.status.execution"].sudo().browse(execution_id).exists()
        )
        if execution.channel != code:
            _logger.info(
                "Twilio %s report for unknown execution %s", code, execution_id
            )
            return request.make_response("", status=200)
        company = execution.company_id
        # sudo: as above, the report is proven by its signature.
        channel = request.env[f"sale.status.channel.{code}"].sudo()
        # The URL Twilio signed: the report's own, with its query.
        query = request.httprequest.query_string.decode()
        path = request.httprequest.path + (f"?{query}" if query else "")
        url = public_url(company, path)
        signature = request.httprequest.headers.get("X-Twilio-Signature", "")
        if not signature_is_valid(
            company, url, request.httprequest.form.to_dict(), signature
        ):
            _logger.warning(
                "Twilio %s report with a bad signature for %s", code, execution_id
            )
            return request.make_response("", status=403)
        twiml = getattr(channel, method)(execution, params, **options)
        if twiml:
            return request.make_response(
                twiml, headers=[("Content-Type", "text/xml; charset=utf-8")], status=200
            )
        return request.make_response("", status=200)

# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo.http import Controller, request, route

from ..tools.twilio import form_values, signing_companies

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
        return self._report(execution_id, "call", "_on_call_status")

    @route(
        "/sale_status_automation/twilio/call/<int:execution_id>/key", **ROUTE_OPTIONS
    )
    def call_key(self, execution_id, again=None, **params):
        """The key pressed at a call's question (TwiML <Gather>): Twilio
        waits for the TwiML of what the call does next."""
        return self._report(execution_id, "call", "_on_key", again=bool(again))

    @route(
        "/sale_status_automation/twilio/whatsapp/<int:execution_id>", **ROUTE_OPTIONS
    )
    def message_status(self, execution_id, **params):
        return self._report(execution_id, "whatsapp", "_on_message_status")

    def _report(self, execution_id, code, method, **options):
        form = request.httprequest.form.to_dict()
        # The URL Twilio signed: the report's own, with its query.
        query = request.httprequest.query_string.decode()
        path = request.httprequest.path + (f"?{query}" if query else "")
        signature = request.httprequest.headers.get("X-Twilio-Signature", "")
        # The signature first, whatever the id: an unsigned request gets the
        # same answer for an execution, another channel's or none, so it
        # cannot tell which ids exist.
        companies = signing_companies(request.env, path, form, signature)
        if not companies:
            _logger.warning(
                "Twilio %s report with a bad signature for %s", code, execution_id
            )
            return request.make_response("", status=403)
        # sudo: Twilio is anonymous; its signature proved the report.
        execution = (
            request.env["sale.status.execution"].sudo().browse(execution_id).exists()
        )
        if execution.channel != code or execution.company_id not in companies:
            _logger.info(
                "Twilio %s report for unknown execution %s: ignored", code, execution_id
            )
            return request.make_response("", status=200)
        # sudo: as above, the report is proven by its signature.
        channel = request.env[f"sale.status.channel.{code}"].sudo()
        twiml = getattr(channel, method)(execution, form_values(form), **options)
        if twiml:
            return request.make_response(
                twiml, headers=[("Content-Type", "text/xml; charset=utf-8")], status=200
            )
        return request.make_response("", status=200)

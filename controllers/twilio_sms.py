# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from twilio.twiml.messaging_response import MessagingResponse

from odoo.http import Controller, request, route

from ..tools.twilio import (
    INBOUND_SMS_PATH,
    WHATSAPP,
    public_url,
    signature_is_valid,
)

_logger = logging.getLogger(__name__)


class TwilioSmsController(Controller):
    @route(
        INBOUND_SMS_PATH,
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def inbound_sms(self, **params):
        """Twilio's "A message comes in", by SMS or on WhatsApp: signed with
        the account's token."""
        form = request.httprequest.form.to_dict()
        code = "whatsapp" if form.get("From", "").startswith(WHATSAPP) else "sms"
        # sudo: Twilio is anonymous; the signature below proves the message.
        channel = request.env[f"sale.status.channel.{code}"].sudo()
        company = (
            request.env["sale.status.channel.sms"]
            .sudo()
            ._inbound_company({**form, "To": form.get("To", "").removeprefix(WHATSAPP)})
        )
        signature = request.httprequest.headers.get("X-Twilio-Signature", "")
        if not (
            company
            and form.get("MessageSid")
            and signature_is_valid(
                company, public_url(company, INBOUND_SMS_PATH), form, signature
            )
        ):
            _logger.warning("Inbound SMS refused: no valid Twilio signature")
            return request.make_response("", status=403)
        answer = channel._on_inbound(company, form)
        twiml = MessagingResponse()
        if answer:
            twiml.message(answer)
        return request.make_response(str(twiml), headers=[("Content-Type", "text/xml")])

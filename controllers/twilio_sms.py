# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from twilio.twiml.messaging_response import MessagingResponse

from odoo.http import Controller, request, route

from ..tools.twilio import (
    INBOUND_SMS_PATH,
    WHATSAPP,
    form_values,
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
        values = form_values(form)
        code = "whatsapp" if values.get("From", "").startswith(WHATSAPP) else "sms"
        # sudo: Twilio is anonymous; the signature below proves the message.
        channel = request.env[f"sale.status.channel.{code}"].sudo()
        # The account the form names only chooses whose token to check the
        # signature with: every unsigned request gets the same 403.
        company = (
            request.env["sale.status.channel.sms"]
            .sudo()
            ._inbound_company(
                {**values, "To": values.get("To", "").removeprefix(WHATSAPP)}
            )
        )
        signature = request.httprequest.headers.get("X-Twilio-Signature", "")
        if not (
            company
            and signature_is_valid(
                company, public_url(company, INBOUND_SMS_PATH), form, signature
            )
        ):
            _logger.warning("Inbound SMS refused: no valid Twilio signature")
            return request.make_response("", status=403)
        if not values.get("MessageSid"):
            # Signed, but nothing to keep it by: Twilio's request is unusable.
            _logger.warning("Inbound SMS refused: signed, but without a MessageSid")
            return request.make_response("", status=400)
        answer = channel._on_inbound(company, values)
        twiml = MessagingResponse()
        if answer:
            twiml.message(answer)
        return request.make_response(str(twiml), headers=[("Content-Type", "text/xml")])

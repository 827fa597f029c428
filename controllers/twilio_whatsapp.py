# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo.http import Controller, request, route

from ..tools.twilio import public_url, signature_is_valid

_logger = logging.getLogger(__name__)


class TwilioWhatsappController(Controller):
    @route(
        "/sale_status_automation/twilio/whatsapp/<int:execution_id>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def message_status(self, execution_id, **params):
        """Twilio's reports on a WhatsApp message: signed with the account's
        token."""
        # sudo: Twilio is anonymous; the signature below proves the report.
        execution = (
            request.env["sale.status.execution"].sudo().browse(execution_id).exists()
        )
        if execution.channel != "whatsapp":
            _logger.info(
                "Twilio WhatsApp report for unknown execution %s", execution_id
            )
            return request.make_response("", status=200)
        company = execution.company_id
        # sudo: as above, the report is proven by its signature.
        channel = request.env["sale.status.channel.whatsapp"].sudo()
        url = public_url(company, channel._callback_path(execution))
        signature = request.httprequest.headers.get("X-Twilio-Signature", "")
        if not signature_is_valid(
            company, url, request.httprequest.form.to_dict(), signature
        ):
            _logger.warning(
                "Twilio WhatsApp report with a bad signature for %s", execution_id
            )
            return request.make_response("", status=403)
        channel._on_message_status(execution, params)
        return request.make_response("", status=200)

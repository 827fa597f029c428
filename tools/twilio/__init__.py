# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Everything that talks to Twilio, in one place: the REST client on a
company's account (client), the wrapper around sms_twilio's API for the SMS
of a rule (exchange), what Twilio's error codes mean for a rule (errors),
and what Twilio posts back (webhooks). The names are importable from here."""

from .client import (
    HTTP_LOGGER,
    REQUEST_TIMEOUT,
    assert_twilio_settings,
    client_for,
    missing_twilio_settings,
    point_inbound_sms_to,
)
from .errors import (
    TWILIO_ERRORS,
    TwilioError,
    call_errors,
    error_reason,
    message_error,
    refused,
    sms_twilio_label,
    twilio_error,
)
from .exchange import Exchange, ExchangeRecordingSession, ExchangeRecordingTwilioSmsApi
from .webhooks import (
    INBOUND_SMS_PATH,
    MAX_FIELD_INT,
    MAX_MEDIA,
    TWILIO_API_HOST,
    WHATSAPP,
    form_int,
    form_values,
    inbound_media,
    public_url,
    signature_is_valid,
    signing_companies,
    unreachable_url_reason,
    whatsapp_address,
)

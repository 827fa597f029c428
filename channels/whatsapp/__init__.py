# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import sms_twilio_number
from . import sale_status_whatsapp_variable
from . import sale_status_rule
from . import sale_status_channel_whatsapp
from . import sale_status_library_entry

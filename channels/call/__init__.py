# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import sale_status_voice
from . import sale_status_call_key
from . import sale_status_channel_call
from . import sale_status_library_entry

# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import sale_status_rule
from . import sale_status_channel_sms
from . import sale_status_channel_sms_inbound
from . import sale_status_sms_turn
from . import res_company
from . import res_config_settings
from . import sms_sms
from . import ir_cron
from . import sms_tracker
from . import sale_status_library_entry

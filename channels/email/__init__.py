# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from . import res_company
from . import res_config_settings
from . import sale_status_rule
from . import sale_status_rule_odoo_emails
from . import sale_status_channel_email
from . import sale_status_library_entry
from . import sale_status_library_add

from . import sale_status_rule
from . import sale_status_channel_webhook
from . import sale_status_library_entry

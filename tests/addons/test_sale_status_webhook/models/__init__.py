from . import sale_status_channel_webhook

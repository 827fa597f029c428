from . import test_webhook_channel
from . import test_webhook_library
from . import test_webhook_ui

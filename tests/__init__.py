from . import test_fake_twilio
from . import test_order_stage
from . import test_stage_security

from . import test_fake_twilio
from . import test_order_stage
from . import test_stage_security
from . import test_quiet_hours
from . import test_rule
from . import test_engine_planning
from . import test_engine_run

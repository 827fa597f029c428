from . import res_company
from . import res_config_settings
from . import sale_order_stage
from . import sale_status_rule
from . import sale_status_execution
from . import sale_order
from . import mail_notification
from . import sms_sms

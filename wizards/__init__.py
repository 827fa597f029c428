from . import wizard_rights
from . import sale_status_rule_test_send
from . import sale_status_preview_line
from . import sale_status_preview
from . import sale_status_execution_action
from . import sale_status_rule_copy
from . import sale_status_library_add

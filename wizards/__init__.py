from . import sale_status_rule_test
from . import sale_status_preview_line
from . import sale_status_preview

from . import sale_status_rule_test
from . import sale_status_preview_line
from . import sale_status_preview
from . import sale_status_voice_test

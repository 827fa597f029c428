from . import sale_order_stage
from . import sale_order

from . import models
from . import channels
from . import controllers
from . import wizards
from .hooks import pre_init_hook, post_init_hook, uninstall_hook

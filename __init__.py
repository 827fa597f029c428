from . import models

# The wizards' rights mixin before the channels: the robocall's test call
# (channels/call/sale_status_voice_test.py) inherits it.
from . import wizards
from . import channels
from . import controllers
from .hooks import pre_init_hook, post_init_hook, uninstall_hook

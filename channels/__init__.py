# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
# One channel a file (channel.py is what they share); the order of the
# imports is the order of the channels in the rule form.
from . import channel
from . import email
from . import sms
from . import whatsapp
from . import call_voice
from . import call_key
from . import call
from . import chat
from . import employee

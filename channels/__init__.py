# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
# channel.py is what every channel shares; each channel is a folder of its
# own holding its channel model, what it adds to the rule, the execution and
# the company, and its rule-form page. The order of the imports is the order
# of the channels in the rule form.
from . import channel
from . import email
from . import sms
from . import whatsapp
from . import call
from . import chat
from . import employee

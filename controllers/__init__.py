from . import twilio_call
from . import twilio_sms

from . import twilio_call
from . import twilio_sms
from . import twilio_whatsapp

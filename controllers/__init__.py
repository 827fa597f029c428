from . import twilio_reports
from . import twilio_sms

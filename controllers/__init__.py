from . import twilio_call

# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What a channel and the engine tell each other (see channels/channel.py).

The engine calls the channel's ``_prepare`` before anything is committed as
started (find the recipient, render the content: no side effect), then its
``_take_turn``, which returns when the provider may take the message or
raises ``SendLater`` (the engine postpones the execution, which is not
counted as a retry), then its ``_send`` once, after the execution is
committed as *running*. ``_send``
tells the engine what happened by its return value or by the exception it
raises:

* returns a ``SendResult``: the provider accepted the message;
* raises ``TransientChannelError``: the provider did not take the message
  (rate limit, outage, connection refused); the engine retries later;
* raises ``PermanentChannelError``: the provider refused the message for good
  (invalid number...); the execution fails with the provider's message;
* raises ``UnknownOutcomeError`` (or anything else): nobody knows whether the
  message left; the execution becomes *unknown* and is never sent again
  automatically.
"""

from dataclasses import dataclass, field


class ChannelError(Exception):
    """An error reported by a channel, with a message for the user.

    ``unreachable``: the customer cannot be reached this way (no address,
    a landline, not on WhatsApp...), which the rule's fallback channel may
    fix; never for an opt-out.
    """

    def __init__(self, message, unreachable=False):
        super().__init__(message)
        self.unreachable = unreachable


class TransientChannelError(ChannelError):
    """The provider did not take the message this time; retry later."""


class PermanentChannelError(ChannelError):
    """The provider refused the message for good."""


class UnknownOutcomeError(ChannelError):
    """The provider may or may not have taken the message (a timeout...)."""


def error_text(error):
    """The message of ``error``, followed by the one of the error that
    started it all when that says something more.

    Odoo's template rendering raises "Failed to render ... template: <the
    template>", which does not tell what went wrong; the first error does.
    """
    root = error
    while True:
        cause = root.__cause__ or (
            None if root.__suppress_context__ else root.__context__
        )
        if cause is None:
            break
        root = cause
    text, root_text = _no_traceback(str(error)), _no_traceback(str(root))
    if root_text and root_text not in text:
        text = f"{text} ({root_text})"
    return text


def _no_traceback(text):
    """``text`` without the traceback Odoo's QWeb rendering errors append:
    it shows the server's paths, and is in the server's log already."""
    return text.split("Traceback (most recent call last)", 1)[0].rstrip()


class SendLater(Exception):
    """The provider cannot take the message yet (its rate is reached): try
    again in ``seconds``; the message says why."""

    def __init__(self, message, seconds):
        super().__init__(message)
        self.seconds = seconds


class SkipExecution(Exception):
    """Nothing to send (no recipient, opted out...); the reason is shown.
    ``unreachable`` as for ChannelError."""

    def __init__(self, message, unreachable=False):
        super().__init__(message)
        self.unreachable = unreachable


@dataclass
class Delivery:
    """What would be sent, and to whom; kept on the execution."""

    recipient: str
    content: str
    subject: str = ""
    # What the channel's _send() needs beyond the above (partner, sender...).
    payload: dict = field(default_factory=dict)


@dataclass
class SendResult:
    """What the provider answered when it accepted the message."""

    provider_ref: str = ""
    state: str = "sent"  # or "delivered" when acceptance is delivery
    note: str = ""
    # Other fields of the execution to record (the chatter message...): the
    # engine writes them with the outcome.
    values: dict = field(default_factory=dict)


def reply_word(text):
    """A customer's answer as it is compared with words: its case and
    spacing ignored."""
    return " ".join(text.split()).upper()


def reply_words(text):
    """The words a comma-separated setting lists, as ``reply_word`` gives
    them."""
    return {reply_word(word) for word in (text or "").split(",")} - {""}

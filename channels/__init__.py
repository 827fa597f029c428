# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Channel adapters: one per channel, looked up by the engine."""

from .base import (
    ChannelAdapter,
    ChannelError,
    Delivery,
    PermanentChannelError,
    SendResult,
    SkipExecution,
    TransientChannelError,
    UnknownOutcomeError,
    error_text,
)
from .sandbox import SandboxAdapter

# channel key -> adapter instance; filled by the channel modules.
ADAPTERS = {}


def register(adapter_class):
    """Class decorator making ``adapter_class`` the adapter of its channel."""
    ADAPTERS[adapter_class.channel] = adapter_class()
    return adapter_class


def adapter_for(execution):
    """The adapter that runs ``execution``.

    In sandbox mode (a company setting) every channel prepares its message
    as usual and sends nothing.
    """
    adapter = ADAPTERS[execution.channel]
    if execution.company_id.sale_status_sandbox:
        return SandboxAdapter(adapter)
    return adapter


# The channels register themselves.
from . import chat, email, employee, sms, voice

# Copyright 2026 Sale Status Automation contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from .base import ChannelAdapter, SendResult

_logger = logging.getLogger(__name__)


class SandboxAdapter(ChannelAdapter):
    """Prepares exactly what the channel would send, and sends nothing.

    The execution ends *sent* with the recipient and rendered content, so a
    pipeline can be tried out, or demonstrated, without a provider.
    """

    def __init__(self, channel_adapter):
        self.channel_adapter = channel_adapter

    def prepare(self, execution):
        return self.channel_adapter.prepare(execution)

    def send(self, execution, delivery):
        _logger.info(
            "Sandbox %s of execution %s to %s: %s",
            execution.channel,
            execution.id,
            delivery.recipient,
            delivery.content,
        )
        return SendResult(provider_ref=f"sandbox-{execution.id}")

"""The sandbox provider: nothing leaves Odoo; every message is delivered at once.

It is the embedded default of ``make run``: the audit log is its outbox.
"""

from .base import DELIVERED, ProviderAdapter, SendResult


class SandboxAdapter(ProviderAdapter):
    kind = "sandbox"

    def __init__(self, config, transport=None):
        self.config = config
        self.transport = None

    def send_batch(self, messages):
        return [
            SendResult(message.uuid, DELIVERED, provider_ref=f"sandbox-{message.uuid[:12]}")
            for message in messages
        ]

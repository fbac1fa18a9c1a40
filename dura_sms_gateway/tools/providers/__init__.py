"""Provider adapters: plain Python, one class per provider kind, no ORM.

Each adapter turns a batch of :class:`OutboundMessage` into exactly one :class:`SendResult` per
message uuid, and parses the provider's delivery reports and inbound messages.
"""

from .base import (
    DeliveryReport,
    HttpTransport,
    InboundMessage,
    OutboundMessage,
    ProviderAdapter,
    SendResult,
)
from .hotsms import HotSmsAdapter
from .http_json import HttpJsonAdapter
from .kannel import KannelAdapter
from .sandbox import SandboxAdapter

ADAPTERS = {
    "sandbox": SandboxAdapter,
    "http_json": HttpJsonAdapter,
    "kannel": KannelAdapter,
    "hotsms": HotSmsAdapter,
}

"""Shared pieces of the provider adapters: messages, results and an HTTP transport with retries."""

import logging
import random
import time
from dataclasses import dataclass, field

import requests

_logger = logging.getLogger(__name__)

# Result states follow the contract of Odoo's sms.sms._send (IAP-style words).
ACCEPTED = "success"  # accepted by the provider, no delivery report yet
DELIVERED = "delivered"
SERVER_ERROR = "server_error"
WRONG_NUMBER = "wrong_number_format"
NO_CREDIT = "insufficient_credit"
UNREGISTERED = "unregistered"  # bad credentials or sender id
SUCCESS_STATES = {ACCEPTED, DELIVERED, "processing", "sent"}


@dataclass
class OutboundMessage:
    uuid: str
    number: str  # in the provider's wire format
    body: str
    unicode: bool = False  # UCS-2 needed (Arabic, emoji)


@dataclass
class SendResult:
    uuid: str
    state: str
    provider_ref: str | None = None
    error: str | None = None
    # True only when the provider certainly did not take the message, so another provider
    # may be tried without risking a second SMS on the citizen's phone.
    failover: bool = False
    attempts: int = 1

    @property
    def ok(self):
        return self.state in SUCCESS_STATES


@dataclass
class DeliveryReport:
    key: str  # our uuid, or the provider's reference when ``by_ref``
    status: str  # delivered | sent | buffered | not_delivered | expired | rejected | ...
    by_ref: bool = False
    error: str | None = None


@dataclass
class InboundMessage:
    number: str
    text: str
    raw: dict = field(default_factory=dict)


class OutcomeUnknown(Exception):
    """The request may have reached the provider but no answer came back (read timeout, reset)."""


class TransportFailed(Exception):
    """The provider certainly did not take the request (refused, or 5xx/429 until we gave up)."""

    def __init__(self, message, response=None, attempts=1):
        super().__init__(message)
        self.response = response
        self.attempts = attempts


class HttpTransport:
    """One ``requests.Session`` per provider, explicit timeouts, bounded retries with backoff.

    Retried: connection refused / connect timeout (nothing was sent), HTTP 5xx and 429 (honouring
    ``Retry-After``). A read timeout or a reset after the request was sent is retried only when the
    request carries an idempotency key the provider honours; otherwise the outcome is unknown and
    we do not risk a second SMS.
    """

    RETRY_STATUS = frozenset({429, 500, 502, 503, 504})

    def __init__(
        self,
        timeout=10.0,
        connect_timeout=3.0,
        max_attempts=3,
        backoff=0.5,
        max_backoff=30.0,
        sleep=time.sleep,
    ):
        self.session = requests.Session()
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.max_attempts = max(1, max_attempts)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.sleep = sleep
        self.last_attempts = 0

    def close(self):
        self.session.close()

    def _delay(self, attempt, response=None):
        if response is not None and (retry_after := response.headers.get("Retry-After")):
            try:
                return min(float(retry_after), self.max_backoff)
            except ValueError:
                _logger.debug("ignoring non-numeric Retry-After %r", retry_after)
        base = self.backoff * (2 ** (attempt - 1))
        return min(base * (1 + random.random() / 4), self.max_backoff)

    def request(self, method, url, idempotent=False, **kwargs):
        """Return the final ``requests.Response``; raise OutcomeUnknown or TransportFailed."""
        response = None
        for attempt in range(1, self.max_attempts + 1):
            self.last_attempts = attempt
            try:
                response = self.session.request(
                    method, url, timeout=(self.connect_timeout, self.timeout), **kwargs
                )
            except requests.exceptions.ConnectTimeout as exc:
                error = f"connect timeout: {exc}"
            except requests.exceptions.ReadTimeout as exc:
                if not idempotent:
                    raise OutcomeUnknown(f"no answer within {self.timeout}s") from exc
                error = f"read timeout: {exc}"
            except requests.exceptions.ConnectionError as exc:
                if not _nothing_sent(exc) and not idempotent:
                    raise OutcomeUnknown(f"connection lost: {exc}") from exc
                error = f"connection error: {exc}"
            else:
                if response.status_code not in self.RETRY_STATUS:
                    return response
                error = f"HTTP {response.status_code}"
            if attempt < self.max_attempts:
                delay = self._delay(attempt, response if response is not None else None)
                _logger.info("SMS provider %s: %s, retry %s in %.1fs", url, error, attempt, delay)
                self.sleep(delay)
                response = None if error.startswith(("connect", "read", "connection")) else response
        raise TransportFailed(error, response=response, attempts=self.max_attempts)


def _nothing_sent(exc):
    """Connection refused or name resolution failed: the request never left."""
    text = repr(exc)
    return any(
        marker in text
        for marker in ("NewConnectionError", "Connection refused", "Failed to establish")
    )


class ProviderAdapter:
    """Interface of a provider kind. ``config`` is a plain dict read from dura.sms.provider."""

    kind = None
    supports_idempotency = False

    def __init__(self, config, transport=None):
        self.config = config
        self.transport = transport or HttpTransport(
            timeout=config.get("timeout") or 10.0,
            max_attempts=config.get("max_attempts") or 3,
        )

    def send_batch(self, messages):
        """Send `messages` (list of OutboundMessage); return one SendResult per uuid."""
        raise NotImplementedError

    def parse_delivery_report(self, params, payload):
        """Return a list of DeliveryReport from a callback's query/form `params` or JSON."""
        return []

    def parse_inbound(self, params, payload):
        """Return an InboundMessage, or None when the request carries none."""
        return None

    # helpers shared by HTTP adapters
    def _send_each(self, messages, send_one):
        """Send one request per message; a transport failure fails the rest of the batch
        with failover allowed (nothing was sent for them)."""
        results = []
        for index, message in enumerate(messages):
            try:
                results.append(send_one(message))
            except OutcomeUnknown as exc:
                results.append(
                    SendResult(
                        message.uuid,
                        SERVER_ERROR,
                        error=str(exc),
                        attempts=self.transport.last_attempts,
                    )
                )
            except TransportFailed as exc:
                results.append(
                    SendResult(
                        message.uuid,
                        SERVER_ERROR,
                        error=str(exc),
                        failover=True,
                        attempts=exc.attempts,
                    )
                )
                results += [
                    SendResult(
                        rest.uuid,
                        SERVER_ERROR,
                        failover=True,
                        attempts=0,
                        error=f"not tried: provider unavailable ({exc})",
                    )
                    for rest in messages[index + 1 :]
                ]
                break
        return results

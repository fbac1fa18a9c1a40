"""HotSMS (hotsms.ps), a Palestinian bulk-SMS aggregator.

CONFIRM WITH YOUR CONTRACT: there is no public API documentation; the request shape and the
result codes below are reconstructed from several independent public clients
(research/sms-gateways.md §5). ``sendbulksms.php`` with ``api_token``, ``sender``, ``mobile``
(9725XXXXXXXX), ``type`` (0 = GSM 03.38, 2 = Unicode/Arabic) and ``text``; the answer is a code:
1001 (or 1001_<id>) accepted, 1000 no balance, 2000 invalid user, 3000 invalid type,
4000 invalid URL, 5000 invalid country, 6000 invalid sender name. No delivery reports.
"""

from .base import (
    ACCEPTED,
    NO_CREDIT,
    SERVER_ERROR,
    UNREGISTERED,
    WRONG_NUMBER,
    ProviderAdapter,
    SendResult,
)

CODES = {
    "1000": (NO_CREDIT, "no balance left on the account", True),
    "2000": (UNREGISTERED, "invalid user or token", True),
    "3000": (SERVER_ERROR, "invalid message type", False),
    "4000": (SERVER_ERROR, "invalid URL", False),
    "5000": (WRONG_NUMBER, "destination country not allowed", False),
    "6000": (UNREGISTERED, "sender name not approved", True),
    "10000": (UNREGISTERED, "not authorised", True),
    "15000": (UNREGISTERED, "API disabled in the account's security settings", True),
}


class HotSmsAdapter(ProviderAdapter):
    kind = "hotsms"

    def _send_one(self, message):
        data = {
            "api_token": self.config.get("api_token") or "",
            "sender": self.config.get("sender") or "",
            "mobile": message.number,
            "type": "2" if message.unicode else "0",
            "text": message.body,
        }
        # POST keeps the token out of URLs and access logs
        response = self.transport.request("POST", self.config["url"], data=data)
        attempts = self.transport.last_attempts
        code = response.text.strip()
        if response.ok and (code == "1001" or code.startswith("1001_")):
            ref = code.partition("_")[2] or None
            return SendResult(message.uuid, ACCEPTED, provider_ref=ref, attempts=attempts)
        state, reason, failover = CODES.get(
            code, (SERVER_ERROR, f"unexpected answer {code[:60]!r}", False)
        )
        return SendResult(
            message.uuid, state, error=f"{code}: {reason}", failover=failover, attempts=attempts
        )

    def send_batch(self, messages):
        return self._send_each(messages, self._send_one)

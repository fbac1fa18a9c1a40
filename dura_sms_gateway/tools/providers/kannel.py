"""Kannel smsbox ``cgi-bin/sendsms`` with delivery reports through ``dlr-url``.

Arabic goes out as UCS-2 (``coding=2``, ``charset=UTF-8``). The dlr-url points back at Odoo's
authenticated delivery route with the message uuid in it; Kannel fills ``%d`` (type) and ``%A``.
"""

from urllib.parse import quote

from .base import (
    ACCEPTED,
    SERVER_ERROR,
    UNREGISTERED,
    WRONG_NUMBER,
    DeliveryReport,
    InboundMessage,
    ProviderAdapter,
    SendResult,
)

# Kannel delivery-report types (the %d escape)
DLR_TYPES = {
    "1": "delivered",
    "2": "not_delivered",
    "4": "buffered",
    "8": "sent",  # accepted by the SMSC
    "16": "rejected",  # refused by the SMSC
}


class KannelAdapter(ProviderAdapter):
    kind = "kannel"

    def _send_one(self, message):
        params = {
            "username": self.config.get("username") or "",
            "password": self.config.get("password") or "",
            "to": message.number,
            "text": message.body,
            "charset": "UTF-8",
            "coding": "2" if message.unicode else "0",
        }
        if self.config.get("sender"):
            params["from"] = self.config["sender"]
        if dlr_url := self.config.get("dlr_url"):
            params["dlr-mask"] = "31"
            # uuid in the callback so each report finds its message; %d/%A filled by Kannel
            params["dlr-url"] = f"{dlr_url}?uuid={quote(message.uuid)}&type=%d&status=%A"
        response = self.transport.request("GET", self.config["url"], params=params)
        attempts = self.transport.last_attempts
        text = response.text.strip()
        if response.status_code in (200, 202) and text[:1] in ("0", "3"):
            return SendResult(message.uuid, ACCEPTED, attempts=attempts)
        if response.status_code == 403:
            return SendResult(
                message.uuid,
                UNREGISTERED,
                error=text or "authorization failed",
                failover=True,
                attempts=attempts,
            )
        state = WRONG_NUMBER if "receiver" in text.lower() else SERVER_ERROR
        return SendResult(
            message.uuid,
            state,
            error=f"HTTP {response.status_code}: {text[:200]}",
            attempts=attempts,
        )

    def send_batch(self, messages):
        return self._send_each(messages, self._send_one)

    def parse_delivery_report(self, params, payload):
        uuid, dlr_type = params.get("uuid"), str(params.get("type", ""))
        if not uuid or dlr_type not in DLR_TYPES:
            raise ValueError("Kannel report without uuid or with an unknown type")
        return [DeliveryReport(key=uuid, status=DLR_TYPES[dlr_type], error=params.get("status"))]

    def parse_inbound(self, params, payload):
        number, text = params.get("from"), params.get("text")
        if not number or text is None:
            raise ValueError("inbound message without sender or text")
        return InboundMessage(str(number), str(text), raw=dict(params))

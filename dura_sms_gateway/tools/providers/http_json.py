"""A generic JSON HTTP provider: URL, auth header, field names and a success rule; always POST.

Single mode posts ``{to, text, from, id}`` per message; batch mode posts
``{<batch_field>: [...]}`` and reads one result per message from ``<results_field>`` (matched by
the id field, else by position). The SMS uuid travels as the message id and, when configured, as
an idempotency header, so a retried request never sends twice at a provider that honours it.
"""

from .base import (
    ACCEPTED,
    DELIVERED,
    SERVER_ERROR,
    UNREGISTERED,
    WRONG_NUMBER,
    DeliveryReport,
    InboundMessage,
    OutcomeUnknown,
    ProviderAdapter,
    SendResult,
    TransportFailed,
)

DLR_WORDS = {
    "delivered": "delivered",
    "delivrd": "delivered",
    "sent": "sent",
    "accepted": "sent",
    "acceptd": "sent",
    "buffered": "buffered",
    "queued": "buffered",
    "failed": "not_delivered",
    "undelivered": "not_delivered",
    "undeliv": "not_delivered",
    "expired": "expired",
    "rejected": "rejected",
    "rejectd": "rejected",
}


class HttpJsonAdapter(ProviderAdapter):
    kind = "http_json"

    @property
    def supports_idempotency(self):
        return bool(self.config.get("idempotency_header"))

    def _f(self, key, default):
        return self.config.get(key) or default

    def _headers(self, messages):
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.config.get("auth_header") and self.config.get("auth_value"):
            headers[self.config["auth_header"]] = self.config["auth_value"]
        if self.supports_idempotency:
            headers[self.config["idempotency_header"]] = ",".join(m.uuid for m in messages)
        return headers

    def _payload(self, message):
        payload = {
            self._f("to_field", "to"): message.number,
            self._f("text_field", "text"): message.body,
            self._f("id_field", "id"): message.uuid,
        }
        if self.config.get("sender"):
            payload[self._f("sender_field", "from")] = self.config["sender"]
        return payload

    def _item_result(self, message, item, attempts):
        status_field = self.config.get("status_field")
        success = {
            v.strip().lower() for v in self._f("success_values", "accepted,queued,sent").split(",")
        }
        ref = item.get(self._f("ref_field", "message_id")) if isinstance(item, dict) else None
        if not isinstance(item, dict):
            return SendResult(
                message.uuid, SERVER_ERROR, error="malformed result", attempts=attempts
            )
        if status_field:
            status = str(item.get(status_field, "")).lower()
            if status == "delivered":
                return SendResult(message.uuid, DELIVERED, str(ref or ""), attempts=attempts)
            if status not in success:
                error = str(item.get(self._f("error_field", "error")) or status or "refused")
                state = WRONG_NUMBER if "number" in error.lower() else SERVER_ERROR
                return SendResult(message.uuid, state, error=error, attempts=attempts)
        return SendResult(message.uuid, ACCEPTED, str(ref) if ref else None, attempts=attempts)

    def _http_failure(self, messages, response, attempts):
        code = response.status_code
        if code in (401, 403):
            # bad credentials: no message of the batch was taken, another provider may be tried
            return [
                SendResult(
                    m.uuid,
                    UNREGISTERED,
                    error=f"HTTP {code}: credentials refused",
                    failover=True,
                    attempts=attempts,
                )
                for m in messages
            ]
        return [
            SendResult(
                m.uuid, SERVER_ERROR, error=f"HTTP {code}: {response.text[:200]}", attempts=attempts
            )
            for m in messages
        ]

    def _post(self, messages, payload):
        response = self.transport.request(
            "POST",
            self.config["url"],
            idempotent=self.supports_idempotency,
            json=payload,
            headers=self._headers(messages),
        )
        return response, self.transport.last_attempts

    def _send_one(self, message):
        response, attempts = self._post([message], self._payload(message))
        if not response.ok:
            return self._http_failure([message], response, attempts)[0]
        try:
            body = response.json()
        except ValueError:
            return SendResult(
                message.uuid,
                SERVER_ERROR,
                attempts=attempts,
                error=f"malformed response: {response.text[:100]!r}",
            )
        return self._item_result(message, body, attempts)

    def _send_batch_request(self, messages):
        try:
            response, attempts = self._post(
                messages, {self.config["batch_field"]: [self._payload(m) for m in messages]}
            )
        except OutcomeUnknown as exc:
            return [SendResult(m.uuid, SERVER_ERROR, error=str(exc)) for m in messages]
        except TransportFailed as exc:
            return [
                SendResult(
                    m.uuid, SERVER_ERROR, error=str(exc), failover=True, attempts=exc.attempts
                )
                for m in messages
            ]
        if not response.ok:
            return self._http_failure(messages, response, attempts)
        try:
            items = response.json()[self._f("results_field", "results")]
        except (ValueError, KeyError, TypeError):
            return [
                SendResult(
                    m.uuid,
                    SERVER_ERROR,
                    attempts=attempts,
                    error=f"malformed response: {response.text[:100]!r}",
                )
                for m in messages
            ]
        id_field = self._f("id_field", "id")
        by_id = {str(i.get(id_field)): i for i in items if isinstance(i, dict) and i.get(id_field)}
        results = []
        for index, message in enumerate(messages):
            item = by_id.get(message.uuid)
            if item is None and not by_id and index < len(items):
                item = items[index]
            if item is None:
                # never leave a uuid without a result: the provider did not answer for it
                results.append(
                    SendResult(
                        message.uuid,
                        SERVER_ERROR,
                        attempts=attempts,
                        error="no result for this message in the response",
                    )
                )
            else:
                results.append(self._item_result(message, item, attempts))
        return results

    def send_batch(self, messages):
        if self.config.get("batch_field"):
            return self._send_batch_request(messages)
        return self._send_each(messages, self._send_one)

    def parse_delivery_report(self, params, payload):
        items = payload if isinstance(payload, list) else [payload or params]
        id_field = self._f("id_field", "id")
        status_field = self.config.get("status_field") or "status"
        reports = []
        for item in items:
            if not isinstance(item, dict) or not item.get(id_field) or not item.get(status_field):
                raise ValueError("delivery report without id or status")
            word = str(item[status_field]).lower()
            reports.append(
                DeliveryReport(
                    key=str(item[id_field]),
                    status=DLR_WORDS.get(word, word),
                    error=item.get(self._f("error_field", "error")),
                )
            )
        return reports

    def parse_inbound(self, params, payload):
        data = payload if isinstance(payload, dict) else params
        number, text = data.get("from"), data.get("text")
        if not number or text is None:
            raise ValueError("inbound message without sender or text")
        return InboundMessage(str(number), str(text), raw=dict(data))

"""Text-message gateways. The portal sends through one interface; the adapter is chosen by
configuration: the console in development (the message goes to the log), HTTP in production."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from typing import Protocol

from flask import current_app

log = logging.getLogger(__name__)


class SmsFailed(Exception):
    """The gateway did not accept the message; the outbox tries again later."""


class SmsGateway(Protocol):
    def send(self, phone: str, text: str) -> None:
        """Send `text` to `phone` (+7 and ten digits); raise SmsFailed when it was not accepted."""


class ConsoleSms:
    """Development: writes each message to the log, where the developer reads the code."""

    def __init__(self):
        self.sent: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        self.sent.append((phone, text))
        log.warning("SMS to %s: %s", phone, text)


class HttpSms:
    """A gateway reached over HTTPS: POST {"phone", "text"} with a bearer token, 2xx is accepted."""

    def __init__(self, url: str, token: str, timeout: float = 5.0):
        self.url, self.token, self.timeout = url, token, timeout

    def send(self, phone: str, text: str) -> None:
        request = urllib.request.Request(
            self.url,
            data=json.dumps({"phone": phone, "text": text}).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                if not 200 <= response.status < 300:
                    raise SmsFailed(f"gateway answered {response.status}")
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SmsFailed(str(error)) from error


def make_sms_gateway(config) -> SmsGateway:
    if config.get("SMS_GATEWAY_URL"):
        if not config.get("SMS_GATEWAY_TOKEN"):
            raise RuntimeError("SMS_GATEWAY_URL is set without SMS_GATEWAY_TOKEN")
        return HttpSms(config["SMS_GATEWAY_URL"], config["SMS_GATEWAY_TOKEN"])
    return ConsoleSms()


def sms_gateway() -> SmsGateway:
    return current_app.extensions["sms"]

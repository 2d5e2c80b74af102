"""Text-message gateways. The portal sends through one interface; the adapter is chosen by
configuration: the console in development (the message goes to the log), HTTP in production."""

from __future__ import annotations

import http.client
import json
import logging
import urllib.error
import urllib.request
from typing import Protocol

from flask import current_app

log = logging.getLogger(__name__)
# The development gateway's messages: the one logger whose lines are not masked (portal/logs.py).
console = logging.getLogger(f"{__name__}.console")


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
        console.warning("SMS to %s: %s", phone, text)


class RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """urllib follows a 302 after a POST with a GET, without the message: the GET's 200 would
    count as sent. A gateway that redirects is set up wrongly, and its 3xx is a failure."""

    def redirect_request(self, *args, **kwargs):
        return None


class HttpSms:
    """A gateway reached over HTTPS: POST {"phone", "text"} with a bearer token, 2xx is accepted;
    anything else (an error status, a redirect, no answer in time, no connection) is SmsFailed."""

    def __init__(self, url: str, token: str, timeout: float = 5.0):
        self.url, self.token, self.timeout = url, token, timeout
        self.opener = urllib.request.build_opener(RefuseRedirects)

    def send(self, phone: str, text: str) -> None:
        request = urllib.request.Request(
            self.url,
            data=json.dumps({"phone": phone, "text": text}).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
            method="POST",
        )
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                if not 200 <= response.status < 300:
                    raise SmsFailed(f"gateway answered {response.status}")
        except urllib.error.HTTPError as error:
            error.close()
            raise SmsFailed(f"gateway answered {error.code}") from error
        # OSError covers a refused or dropped connection and a timeout; HTTPException an answer
        # that is not HTTP or stops halfway.
        except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
            raise SmsFailed(str(error) or type(error).__name__) from error


def make_sms_gateway(config) -> SmsGateway:
    if config.get("SMS_GATEWAY_URL"):
        if not config.get("SMS_GATEWAY_TOKEN"):
            raise RuntimeError("SMS_GATEWAY_URL is set without SMS_GATEWAY_TOKEN")
        return HttpSms(config["SMS_GATEWAY_URL"], config["SMS_GATEWAY_TOKEN"])
    return ConsoleSms()


def sms_gateway() -> SmsGateway:
    return current_app.extensions["sms"]

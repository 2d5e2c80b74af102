"""The HTTP text-message adapter against a gateway served on 127.0.0.1."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from portal.notify.sms import ConsoleSms, HttpSms, SmsFailed, make_sms_gateway


@pytest.fixture
def gateway():
    received = []

    class Handler(BaseHTTPRequestHandler):
        status = 202

        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers["Authorization"], json.loads(body)))
            self.send_response(Handler.status)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/send", received, Handler
    server.shutdown()
    server.server_close()


def test_the_message_is_posted_with_the_token(gateway):
    url, received, _ = gateway
    HttpSms(url, "secret-token").send("+77011234567", "Қолжетімді: 123456")
    assert received == [("Bearer secret-token", {"phone": "+77011234567", "text": "Қолжетімді: 123456"})]


def test_a_refusal_or_no_answer_is_a_failure(gateway):
    url, _, handler = gateway
    handler.status = 503
    with pytest.raises(SmsFailed):
        HttpSms(url, "secret-token").send("+77011234567", "text")
    with pytest.raises(SmsFailed):
        HttpSms("http://127.0.0.1:9/send", "secret-token", timeout=1).send("+77011234567", "text")


def test_configuration_chooses_the_adapter():
    assert isinstance(make_sms_gateway({}), ConsoleSms)
    assert isinstance(make_sms_gateway({"SMS_GATEWAY_URL": "https://sms.example.kz", "SMS_GATEWAY_TOKEN": "t"}), HttpSms)
    with pytest.raises(RuntimeError, match="SMS_GATEWAY_TOKEN"):
        make_sms_gateway({"SMS_GATEWAY_URL": "https://sms.example.kz"})

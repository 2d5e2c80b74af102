"""A stand-in text-message gateway for make deploy-test: over TLS, as production asks of the real
one, it takes each POST with the portal's token and prints its JSON body, which deploy/test.sh
looks for in the container's log. Another token is answered 401, as a gateway would."""

import http.server
import json
import os
import signal
import ssl
import sys
from pathlib import Path

TOKEN = Path(os.environ["GATEWAY_TOKEN_FILE"]).read_text(encoding="utf-8").strip()


class Gateway(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self.send_response(401)
        else:
            print("received", json.dumps(json.loads(body), ensure_ascii=False), flush=True)
            self.send_response(202)
        self.end_headers()


server = http.server.ThreadingHTTPServer(("0.0.0.0", 8443), Gateway)
tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
tls.load_cert_chain("/tls/sms.pem", "/tls/sms.key")
server.socket = tls.wrap_socket(server.socket, server_side=True)
# As the container's first process it would ignore SIGTERM unless it says what to do with it.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
server.serve_forever()

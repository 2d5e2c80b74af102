"""Serve the portal in a process of its own on 127.0.0.1, for tests that need several processes:
`python -m tests.support.serve PORT '{"CONFIG_KEY": "value"}'`. Prints "ready" once it listens."""

from __future__ import annotations

import json
import sys

from werkzeug.serving import make_server

from portal import create_app


def main(port: int, config: dict) -> None:
    server = make_server("127.0.0.1", port, create_app(config), threaded=True)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]), json.loads(sys.argv[2]))

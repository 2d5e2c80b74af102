"""The project's own registry API served over real HTTP on 127.0.0.1, for running the portal with
HttpRegistry (TEST_REGISTRY=http) and for stopping the registry in the middle of a test."""

from __future__ import annotations

import os
import threading

from werkzeug.serving import make_server

from portal import create_app

# "local": the portal reads the registry tables itself; "http": through HttpRegistry and this server.
REGISTRY_MODE = os.environ.get("TEST_REGISTRY", "local")
TOKEN = "portal-tests-registry-token-long-enough-to-accept"


def read_only(database_url: str) -> str:
    """The same database for reading only: on SQLite a read-only connection, which takes no write
    lock, so the registry reads beside a test that holds one."""
    if database_url.startswith("sqlite:///"):
        return f"sqlite:///file:{database_url.removeprefix('sqlite:///')}?mode=ro&uri=true"
    return database_url


class RegistryServer:
    """A registry API over the test database; `stop()` makes it unreachable, `start()` brings it back
    on the same address."""

    def __init__(self, database_url: str):
        # Every test of a process reads through one server: its limit is out of the way.
        self.app = create_app({"SQLALCHEMY_DATABASE_URI": read_only(database_url),
                               "REGISTRY_API_TOKENS": f"portal-tests:{TOKEN}",
                               "REGISTRY_API_LIMIT": "1000000 per minute"})
        # It reads the test database read-only, so it keeps its record of who read whom here, as
        # (service, what, IINs), instead of in the audit log of the portal under test.
        self.reads: list[tuple[str, str, list[str]]] = []
        self.app.extensions["registry_read_recorder"] = lambda *read: self.reads.append(read)
        self.port = 0
        self.server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/registry/v1"

    def portal_config(self, **overrides) -> dict:
        """The configuration of a portal that reads this registry, with no cache unless asked for."""
        return {"REGISTRY_URL": self.url, "REGISTRY_TOKEN": TOKEN, "REGISTRY_CACHE_SECONDS": 0,
                "REGISTRY_TIMEOUT_SECONDS": 5, **overrides}

    def start(self) -> RegistryServer:
        self.server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self.port = self.server.server_port
        # A short poll interval: stopping waits for the loop to notice, once per test.
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def reset(self) -> RegistryServer:
        """Ready for the next test: started, and holding no connection from the last one."""
        self.dispose()
        return self if self.server is not None else self.start()

    def dispose(self) -> None:
        from portal.extensions import db

        with self.app.app_context():
            db.engine.dispose()

    def close(self) -> None:
        self.stop()
        self.dispose()

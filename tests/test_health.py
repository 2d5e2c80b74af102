"""/healthz, /readyz and /healthz/details (portal/health.py): a registry outage leaves every
instance ready, since pages then show their kept copies; Redis, when configured, is checked on the
machine's real one."""

import pytest

from portal.registry import RegistryUnavailable

REDIS = "redis://127.0.0.1:6379/0"
# A port nothing listens on: a Redis that cannot be reached.
NO_REDIS = "redis://127.0.0.1:9/0"
TOKEN = "health-details-token-of-the-tests-0123456789"


class SilentRegistry:
    def ping(self):
        raise RegistryUnavailable("timed out")


def details(client, token=TOKEN):
    return client.get("/healthz/details", headers={"Authorization": f"Bearer {token}"} if token else {})


def test_healthz_says_ok(client):
    response = client.get("/healthz")
    assert (response.status_code, response.json) == (200, {"status": "ok"})


def test_readyz_checks_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "checks": {"database": "ok"}}


def test_readyz_stays_ready_while_the_registry_does_not_answer(app, client):
    app.extensions["registry"] = SilentRegistry()
    response = client.get("/readyz")
    assert (response.status_code, response.json) == (200, {"status": "ok", "checks": {"database": "ok"}})


def test_readyz_is_503_when_the_database_does_not_answer(tmp_path):
    from portal import create_app

    # A database file inside a directory that does not exist cannot be opened.
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'missing' / 'db.sqlite3'}"})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["database"] == "unavailable"


@pytest.mark.parametrize("url, state, status", [(REDIS, "ok", 200), (NO_REDIS, "unavailable", 503)])
def test_readyz_checks_redis_when_one_is_configured(app, client, url, state, status):
    app.config["REDIS_URL"] = url
    response = client.get("/readyz")
    assert (response.status_code, response.json["checks"]) == (status, {"database": "ok", "redis": state})


def test_the_details_are_off_without_a_token_and_refused_without_the_right_one(app, client):
    assert details(client).status_code == 404
    app.config["HEALTH_DETAILS_TOKEN"] = TOKEN
    for wrong in (None, "not-the-token", TOKEN[:-1]):
        response = details(client, wrong)
        assert (response.status_code, response.json) == (401, {"status": "unauthorised"})
    assert client.get("/healthz/details", headers={"Authorization": TOKEN}).status_code == 401  # not "Bearer …"


def test_the_details_say_degraded_while_the_registry_is_down(app, client):
    app.config["HEALTH_DETAILS_TOKEN"] = TOKEN
    assert details(client).json == {"status": "ok", "checks": {"database": "ok", "registry": "ok"}}
    app.extensions["registry"] = SilentRegistry()
    response = details(client)
    assert (response.status_code, response.json) == (
        200, {"status": "degraded", "checks": {"database": "ok", "registry": "unavailable"}})

from portal.registry import RegistryUnavailable


def test_healthz_says_ok(client):
    response = client.get("/healthz")
    assert (response.status_code, response.json) == (200, {"status": "ok"})


def test_readyz_checks_the_database_and_the_registry(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "checks": {"database": "ok", "registry": "ok"}}


def test_readyz_is_503_when_the_registry_does_not_answer(app, client):
    class SilentRegistry:
        def ping(self):
            raise RegistryUnavailable("timed out")

    app.extensions["registry"] = SilentRegistry()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "checks": {"database": "ok", "registry": "unavailable"}}


def test_readyz_is_503_when_the_database_does_not_answer(tmp_path):
    from portal import create_app

    # A database file inside a directory that does not exist cannot be opened.
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'missing' / 'db.sqlite3'}"})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["database"] == "unavailable"

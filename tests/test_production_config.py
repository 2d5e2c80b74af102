"""Production fails closed (issue #21): without each setting it needs, or with an unsafe one, it
does not start, and the refusal names the variable and what to set."""

import pytest
from flask.sessions import SecureCookieSessionInterface

from portal import create_app
from portal.config import config_for, secret
from tests.production import PRODUCTION

# (setting, unsafe value, the variable the refusal names)
UNSAFE = [
    ("SECRET_KEY", None, "SECRET_KEY"),
    ("SECRET_KEY", "development-only-not-secret", "SECRET_KEY"),
    ("SECRET_KEY", "short-but-not-a-known-one", "SECRET_KEY"),
    ("SECRET_KEY_FALLBACKS", ["changeme"], "SECRET_KEY_FALLBACKS"),
    ("PORTAL_DEMO", True, "PORTAL_DEMO"),
    ("SQLALCHEMY_DATABASE_URI", None, "DATABASE_URL"),
    ("SQLALCHEMY_DATABASE_URI", "sqlite:////tmp/portal.sqlite3", "DATABASE_URL"),
    ("REDIS_URL", None, "REDIS_URL"),
    ("PROXY_COUNT", None, "PROXY_COUNT"),
    ("VIDEO_ROOM_URL", "https://video.qoljetimdi.example/{room}", "VIDEO_ROOM_URL"),
    ("VIDEO_ROOM_URL", "https://video.example.kz/room", "VIDEO_ROOM_URL"),
    ("VIDEO_ROOM_URL", "http://video.example.kz/{room}", "VIDEO_ROOM_URL"),
    ("PUBLIC_BASE_URL", None, "PUBLIC_BASE_URL"),
    ("PUBLIC_BASE_URL", "http://qoljetimdi.kz", "PUBLIC_BASE_URL"),
    ("SMS_GATEWAY_URL", None, "SMS_GATEWAY_URL"),
    ("SMS_GATEWAY_URL", "http://sms.example.kz/send", "SMS_GATEWAY_URL"),
    ("SMS_GATEWAY_TOKEN", None, "SMS_GATEWAY_TOKEN"),
    ("REGISTRY_URL", "http://registry.example.kz/registry/v1", "REGISTRY_URL"),
]


@pytest.fixture
def production(monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")


def test_production_starts_with_every_setting_it_needs(production):
    app = create_app(PRODUCTION)
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["PORTAL_DEMO"] is False


@pytest.mark.parametrize("name, value, variable", UNSAFE)
def test_production_refuses_to_start_without_a_safe_setting_and_names_it(production, name, value, variable):
    with pytest.raises(RuntimeError) as refused:
        create_app({**PRODUCTION, name: value})
    message = str(refused.value)
    assert message.startswith("PORTAL_ENV=production cannot start until these are set:")
    problems = message.splitlines()[1:]
    # Each problem starts with the variables it is about, then says what to set.
    assert len(problems) == 1 and variable in problems[0].split(":")[0].split(), message


def test_every_problem_is_said_at_once(production):
    with pytest.raises(RuntimeError) as refused:
        create_app({**PRODUCTION, "REDIS_URL": None, "PROXY_COUNT": None, "PUBLIC_BASE_URL": None})
    named = [line.split()[1].rstrip(":") for line in str(refused.value).splitlines()[1:]]
    assert named == ["REDIS_URL", "PROXY_COUNT", "PUBLIC_BASE_URL"]


def test_a_registry_and_a_gateway_on_this_machine_may_speak_plain_http(production):
    # A sidecar on the same machine that speaks TLS for the portal: nothing crosses the network.
    app = create_app({**PRODUCTION, "SMS_GATEWAY_URL": "http://127.0.0.1:8025/send",
                      "REGISTRY_URL": "http://localhost:9000/registry/v1", "REGISTRY_TOKEN": "t" * 40})
    assert app.config["REGISTRY_URL"].startswith("http://localhost")


@pytest.mark.parametrize("env", [None, "", "  "])
def test_portal_env_must_be_said(env):
    with pytest.raises(RuntimeError, match="Set PORTAL_ENV to one of development, testing, production"):
        config_for(env)


def test_a_secret_is_read_from_its_file_and_the_variable_wins(monkeypatch, tmp_path):
    path = tmp_path / "secret_key"
    path.write_text("from-the-file-" + "x" * 40 + "\n")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("SECRET_KEY_FILE", str(path))
    assert secret("SECRET_KEY") == "from-the-file-" + "x" * 40
    monkeypatch.setenv("SECRET_KEY", "from-the-variable")
    assert secret("SECRET_KEY") == "from-the-variable"
    monkeypatch.delenv("SECRET_KEY")
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(RuntimeError, match="SECRET_KEY_FILE names .*missing, which cannot be read"):
        secret("SECRET_KEY")


def test_a_cookie_signed_with_the_previous_key_still_works_after_a_rotation(production):
    old, new = "the-key-before-the-rotation-0123456789", "the-key-after-the-rotation-0123456789"
    before = create_app({**PRODUCTION, "SECRET_KEY": old})
    cookie = SecureCookieSessionInterface().get_signing_serializer(before).dumps({"acting_for": "x"})
    after = create_app({**PRODUCTION, "SECRET_KEY": new, "SECRET_KEY_FALLBACKS": [old]})
    assert SecureCookieSessionInterface().get_signing_serializer(after).loads(cookie) == {"acting_for": "x"}
    unrotated = create_app({**PRODUCTION, "SECRET_KEY": new})
    with pytest.raises(Exception, match="Signature"):
        SecureCookieSessionInterface().get_signing_serializer(unrotated).loads(cookie)

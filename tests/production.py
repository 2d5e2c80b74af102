"""A production configuration that starts (portal.config.production_problems finds nothing), for
tests of what production does. Its database is PostgreSQL's maintenance database on this machine:
the pages these tests ask for read no table, and no test writes there."""

PRODUCTION = {
    "SECRET_KEY": "a-long-random-value-from-the-vault-0123456789",
    "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "PROXY_COUNT": 1,
    "VIDEO_ROOM_URL": "https://video.example.kz/{room}",
    "PUBLIC_BASE_URL": "https://qoljetimdi.kz",
    "SMS_GATEWAY_URL": "https://sms.example.kz/send", "SMS_GATEWAY_TOKEN": "token-from-the-vault",
    "SUPPORT_EMAIL": "help@example.kz", "SUPPORT_PHONE": "1414", "SUPPORT_SMS": "+77000000000",
}

# A stand-in for the postgres:15 image in make deploy-test, where no image registry is reachable:
# Debian bookworm's PostgreSQL 15 on the portal's base, started as the official image starts
# (postgres-entrypoint.sh).
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
# Debian makes a cluster of its own at install: this image makes one at first start, in PGDATA.
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null \
 && pg_dropcluster 15 main \
 && rm -rf /var/lib/apt/lists/*
ENV PATH=/usr/lib/postgresql/15/bin:$PATH \
    PGDATA=/var/lib/postgresql/data
RUN install --directory --owner postgres --group postgres --mode 700 "$PGDATA" \
 && install --directory --owner postgres --group postgres /run/postgresql
COPY postgres-entrypoint.sh /usr/local/bin/
USER postgres
ENTRYPOINT ["postgres-entrypoint.sh"]
CMD ["postgres"]

# A stand-in for the redis:7 image in make deploy-test, where no image registry is reachable:
# Debian bookworm's Redis 7 on the portal's base, started as the official image starts: the
# command's options go to redis-server, data in /data, protected mode off (the official image is
# built so; Redis is reached on the compose network only).
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && install --directory --owner redis --group redis /data
USER redis
WORKDIR /data
ENTRYPOINT ["redis-server", "--protected-mode", "no"]

#!/usr/bin/env bash
# The portal's image from deploy/Dockerfile, tagged TAG (default qoljetimdi:latest):
#
#   deploy/build-image.sh [TAG]
#
# First the wheelhouse: every package of requirements/runtime.lock,
# checked against its hash, fetched from PyPI into deploy/.wheelhouse by Python 3.11, the image's
# Python, so that the build itself fetches no Python package (only Debian's libraries for the PDFs,
# from its mirror). BASE_IMAGE names another base (the Dockerfile's
# default is python:3.11-slim-bookworm); ENGINE is podman or docker (podman when it is installed).
set -euo pipefail
cd "$(dirname "$0")/.."

tag=${1:-qoljetimdi:latest}
python=${PYTHON:-python3}
engine=${ENGINE:-$(command -v podman >/dev/null && echo podman || echo docker)}

if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "build-image.sh: $python is not Python 3.11; set PYTHON to a Python 3.11, the image's" >&2
  exit 1
fi
rm -rf deploy/.wheelhouse
"$python" -m pip wheel --quiet --require-hashes --wheel-dir deploy/.wheelhouse \
  --requirement requirements/runtime.lock

options=(--file deploy/Dockerfile --tag "$tag")
if [[ -n ${BASE_IMAGE:-} ]]; then
  options+=(--build-arg "BASE_IMAGE=$BASE_IMAGE")
fi
if [[ $engine == podman ]]; then
  # Docker's image format keeps the HEALTHCHECK (OCI's has none), and podman does not look for the
  # ignore file beside the Dockerfile by itself.
  options+=(--format docker --ignorefile deploy/Dockerfile.dockerignore)
fi
"$engine" build "${options[@]}" .

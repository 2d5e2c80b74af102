#!/usr/bin/env bash
# make deploy-test: this folder's deployment run here for real, with podman as root. The images are
# built, the compose stack started and checked as an operator would check it, then everything the
# run started is stopped and removed. No image registry is reachable here, so the base is Debian
# bookworm from debootstrap (made once, then kept), and PostgreSQL and Redis are Debian's on that
# base (test/postgres.Dockerfile, test/redis.Dockerfile); `podman rmi localhost/qoljetimdi-base:bookworm`
# has the next run make the base anew. What the run makes goes under .build/.
set -euo pipefail
cd "$(dirname "$0")"

BUILD=$PWD/.build
BASE_IMAGE=localhost/qoljetimdi-base:bookworm
PROJECT=qoljetimdi-test
# What compose.yaml and test/compose.yaml read. The settings are portal.env.example as it is: it
# must be enough for production to start.
export PORTAL_IMAGE=localhost/qoljetimdi:deploy-test
export POSTGRES_IMAGE=localhost/qoljetimdi-test-postgres:15
export REDIS_IMAGE=localhost/qoljetimdi-test-redis:7
export PORTAL_ENV_FILE=portal.env.example
export SECRETS_DIR=$BUILD/secrets TLS_DIR=$BUILD/tls BACKUP_DIR=$BUILD/backups
export CONTAINERS_CONF=$BUILD/containers.conf
export WEB_PORT=${WEB_PORT:-18000}
WEB=http://127.0.0.1:$WEB_PORT

# step WHAT FUNCTION: says what is checked, runs it, and how long it took.
step() {
  local started=$SECONDS
  echo "==> $1"
  "$2"
  echo "    ok, $((SECONDS - started)) s"
}

# wait_until SECONDS WHAT COMMAND...: COMMAND again every 2 seconds until it succeeds.
wait_until() {
  local limit=$1 what=$2 deadline=$((SECONDS + $1))
  shift 2
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      echo "    no $what after $limit s" >&2
      return 1
    fi
    sleep 2
  done
}

compose() {
  podman-compose --project-name "$PROJECT" --file compose.yaml --file test/compose.yaml "$@" >>"$BUILD/compose.log" 2>&1
}
container() { echo "${PROJECT}_$1_1"; }
in_web() { podman exec "$(container web)" "$@"; }

tools() {
  ((EUID == 0)) || { echo "make deploy-test runs as root (debootstrap, podman)" >&2; return 1; }
  local tool missing=()
  for tool in podman runc podman-compose debootstrap openssl curl; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  if ((${#missing[@]})); then
    echo "    installing Debian's ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  mkdir -p "$BUILD"
  : >"$BUILD/compose.log"
  # runc: crun (1.8) cannot start a container on these machines (it refuses their hybrid cgroups,
  # and cannot set the rlimits). Limits within the machine's hard limit of open files (20000):
  # podman's default (1048576) is above it, and no runtime may set that.
  cat >"$CONTAINERS_CONF" <<'EOF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
EOF
  echo "    $(podman --version), $(runc --version | head -1), podman-compose $(dpkg-query -W -f '${Version}' podman-compose)"
}

base_image() {
  if podman image exists "$BASE_IMAGE"; then
    echo "    $BASE_IMAGE was made before"
    return
  fi
  rm -rf "$BUILD/rootfs"
  debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates bookworm "$BUILD/rootfs" \
    "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$BUILD/debootstrap.log"
  tar --directory="$BUILD/rootfs" --create . | podman import --quiet - "$BASE_IMAGE" >/dev/null
  rm -rf "$BUILD/rootfs"
}

# logged COMMAND...: COMMAND's output goes to .build/build.log, shown when it fails.
logged() {
  "$@" >>"$BUILD/build.log" 2>&1 || { tail -20 "$BUILD/build.log" >&2; return 1; }
}

portal_image() {
  : >"$BUILD/build.log"
  logged env BASE_IMAGE="$BASE_IMAGE" ENGINE=podman ./build-image.sh "$PORTAL_IMAGE"
  echo "    $PORTAL_IMAGE, $(podman image inspect --format '{{.Size}}' "$PORTAL_IMAGE" | numfmt --to=si)B"
}

service_images() {
  logged podman build --format docker --build-arg BASE_IMAGE="$BASE_IMAGE" \
    --file test/postgres.Dockerfile --tag "$POSTGRES_IMAGE" test
  logged podman build --format docker --build-arg BASE_IMAGE="$BASE_IMAGE" \
    --file test/redis.Dockerfile --tag "$REDIS_IMAGE" test
  local postgres redis
  postgres=$(podman run --rm --entrypoint postgres "$POSTGRES_IMAGE" --version)
  redis=$(podman run --rm --entrypoint redis-server "$REDIS_IMAGE" --version)
  echo "    $postgres; ${redis%% sha=*}"
}

# The secrets as README.md says to make them, and the stand-in gateway's certificate.
secrets() {
  rm -rf "$SECRETS_DIR" "$TLS_DIR" "$BACKUP_DIR"
  install --directory --mode 700 "$SECRETS_DIR"
  install --directory "$TLS_DIR"  # mounted whole, entered by the gateway's user
  openssl rand -hex 32 >"$SECRETS_DIR/secret_key"
  openssl rand -hex 24 >"$SECRETS_DIR/postgres_password"
  echo "postgresql://portal:$(cat "$SECRETS_DIR/postgres_password")@postgres:5432/portal" >"$SECRETS_DIR/database_url"
  openssl rand -hex 24 >"$SECRETS_DIR/sms_gateway_token"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=sms -addext subjectAltName=DNS:sms \
    -keyout "$TLS_DIR/sms.key" -out "$TLS_DIR/sms.pem" 2>/dev/null
  chmod 644 "$SECRETS_DIR"/* "$TLS_DIR"/*
}

stack_up() {
  compose up -d postgres redis
  wait_until 60 "healthy PostgreSQL" podman healthcheck run "$(container postgres)"
  wait_until 30 "healthy Redis" podman healthcheck run "$(container redis)"
  # podman-compose starts a service without waiting for the conditions of its depends_on.
  compose up -d migrate
  [[ $(podman wait "$(container migrate)") == 0 ]] || { echo "    migrate failed" >&2; return 1; }
  compose up -d web worker beat sms
  podman ps --filter "label=io.podman.compose.project=$PROJECT" --format '    {{.Names}}: {{.Status}}'
}

migrations() {
  local current
  current=$(in_web flask --app portal db current 2>/dev/null)
  echo "    migrate ended with 0; flask db current: $current"
  [[ $current == *"(head)"* ]]
}

ready() {
  wait_until 60 "200 from /readyz" curl --silent --fail "$WEB/readyz"
  local answer
  answer=$(curl --silent --fail "$WEB/readyz")
  echo "    /readyz: $answer"
  python3 -c 'import json, sys; assert json.loads(sys.argv[1])["checks"] == {"database": "ok", "redis": "ok"}' "$answer"
  podman healthcheck run "$(container web)"
  echo "    the image's HEALTHCHECK: healthy"
}

# The home page's heading in LANGUAGE, from its catalogue.
heading_in() {
  grep --after-context=1 '^msgid "Your disability status, rights and services in one place"$' \
    "../translations/$1/LC_MESSAGES/messages.po" | sed -n 's/^msgstr "\(.*\)"$/\1/p'
}

pages() {
  local language page heading
  for language in kk ru; do
    page=$(curl --silent --fail "$WEB/$language/")
    heading=$(heading_in "$language")
    [[ $page == *"<html lang=\"$language\""* && $page == *"$heading"* ]] \
      || { echo "    /$language/ is not in $language" >&2; return 1; }
    echo "    /$language/: $heading"
  done
}

# log_line SERVICE PATTERN: the first line of the service's log that matches, its message alone
# when the line is JSON (the portal's production logs).
log_line() {
  local log
  log=$(podman logs "$(container "$1")" 2>&1)
  grep --max-count=1 "$2" <<<"$log" | sed 's/^{.*"message": "\(.*\)", "request_id".*/\1/'
}

delivery() {
  local queued
  in_web flask --app portal demo load >/dev/null
  queued=$(in_web flask --app portal reminders queue)
  echo "    flask reminders queue: $queued"
  wait_until 120 "message at the SMS gateway" log_line sms '^received'
  wait_until 10 "message sent by the worker" log_line worker 'Task portal.deliver_message.* succeeded'
  echo "    the gateway: $(log_line sms '^received')"
  echo "    the worker: $(log_line worker 'Task portal.deliver_message.* succeeded')"
}

outbox_deliver_ran() { in_web flask --app portal jobs status | grep '^outbox deliver: [0-9]'; }

schedule() {
  wait_until 150 'task sent by beat' log_line beat 'Sending due task'
  wait_until 30 '"outbox deliver" run' outbox_deliver_ran
  echo "    beat: $(log_line beat 'Sending due task')"
  echo "    flask jobs status: $(outbox_deliver_ran)"
}

backup() {
  # An uploaded file, so that the backup has one to restore.
  in_web python3 -c 'import os; open(os.environ["UPLOAD_FOLDER"] + "/deploy-test", "w").write("evidence")'
  compose run --rm --no-deps -T backup
  local made
  made=$(basename "$(compgen -G "$BACKUP_DIR/qoljetimdi-*")")
  compose run --rm --no-deps -T backup /deploy/check-backup.sh "/backups/$made"
  # podman-compose's run does not pass on the exit status of the command: check-backup.sh's own
  # last line, written only when the backup restored whole, says so.
  grep --max-count=1 "^/backups/$made restores whole" "$BUILD/compose.log" | sed 's/^/    /'
}

stop_stack() {
  compose down --volumes --timeout 10 || true
  podman network rm --force "${PROJECT}_default" >/dev/null 2>&1 || true
}

finish() {
  local status=$?
  if ((status != 0)); then
    echo "deploy-test FAILED. The last lines of each container, then podman-compose's log:" >&2
    for service in postgres redis migrate web worker beat sms; do
      if podman container exists "$(container "$service")"; then
        echo "--- $service" >&2
        podman logs --tail 15 "$(container "$service")" >&2
      fi
    done
    tail -25 "$BUILD/compose.log" >&2
  fi
  step "stopped and removed: the stack's containers, volumes and network" stop_stack
  ((status != 0)) || echo "deploy-test passed in $((SECONDS - started)) s"
  exit "$status"
}

started=$SECONDS
step "tools: Debian's podman, runc, podman-compose, debootstrap; containers.conf of this run" tools
step "base image: Debian bookworm minbase with python3 and python3-venv (debootstrap, made once)" base_image
step "portal image: deploy/Dockerfile on that base, Python packages from the wheelhouse of runtime.lock" portal_image
step "PostgreSQL 15 and Redis 7 images: Debian's on that base, for postgres:15 and redis:7" service_images
step "secrets: made as README.md says; a certificate for the stand-in SMS gateway" secrets
trap finish EXIT
stop_stack  # whatever an earlier run left
step "stack up: postgres, redis, migrate, then web, worker, beat and the SMS gateway" stack_up
step "migrations: the migrate service ended well, the database is at the head revision" migrations
step "readiness: /readyz answers 200, database and Redis ok; the image's HEALTHCHECK agrees" ready
step "pages: /kk/ in Kazakh, /ru/ in Russian (html lang and the heading from each catalogue)" pages
step "worker: reminders queued by \`flask reminders queue\` reach the SMS gateway (TLS, token)" delivery
step "beat: asks for \"outbox deliver\" on time; the worker runs it (flask jobs status)" schedule
step "backup: the backup service's backup restores whole (check-backup.sh)" backup

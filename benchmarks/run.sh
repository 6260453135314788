#!/usr/bin/env bash
# The one benchmark command: makes sure the peers, PostgreSQL and Redis are there, builds the
# benchmarks jar, runs every section, and writes benchmarks/results/ (results.md and one PNG per
# section) and the table in the README's Benchmarks section. Takes about 15 minutes on 2 cores.
#
#   bash benchmarks/run.sh                          # everything, README updated
#   bash benchmarks/run.sh --only export            # one section (or a comma list), into benchmarks/results/partial/
#   bash benchmarks/run.sh --only viral --merge     # its rows replace that section's rows in benchmarks/results/, README updated
#
# Sections: page, media, export, jmh, share-page-pg-floor, limiters, viral, s3-media.
# Loopback only; every server, node, load generator and S3 server it starts is stopped before it
# ends (PostgreSQL and Redis only if they were not running before).
set -euo pipefail
cd "$(dirname "$0")/.."
log() { printf '[bench] %s\n' "$*"; }
started=$(date +%s)

# ---- the peers: wrk (the load generator), nginx (the static-file peer), ffmpeg/ffprobe ---------
missing=()
command -v wrk >/dev/null || missing+=(wrk)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v ffprobe >/dev/null || missing+=(ffmpeg)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get install -y --no-install-recommends "${missing[@]}" \
    || { $sudo_cmd apt-get update && $sudo_cmd apt-get install -y --no-install-recommends "${missing[@]}"; }
fi
# Debian's nginx package may start its own server on port 80 when installed; the benchmark runs its
# own nginx on a free loopback port, so a server the install just started is stopped again.
if [[ " ${missing[*]} " == *" nginx-light "* ]] && pgrep -x nginx >/dev/null; then
  log "stopping the nginx that installing nginx-light started"
  /usr/sbin/nginx -s quit 2>/dev/null || true
fi

# ---- PostgreSQL and Redis on loopback -----------------------------------------------------------
# The share page is measured on H2 and on PostgreSQL; the limiters and the viral link use Redis.
# What this script starts, it stops again when it ends (also on failure or Ctrl-C).
stops=()
cleanup() { for s in "${stops[@]}"; do eval "$s" || true; done; }
trap cleanup EXIT
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  if [ -d /etc/postgresql ]; then
    log "starting PostgreSQL"
    pg_version=$(ls /etc/postgresql | head -1)
    pg_ctlcluster --skip-systemctl-redirect "$pg_version" main start || true
    stops+=('log "stopping the PostgreSQL it started"; pg_ctlcluster --skip-systemctl-redirect "$pg_version" main stop')
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi
  pg_isready -h 127.0.0.1 -p 5432 -q || { log "PostgreSQL is not running on 127.0.0.1:5432"; exit 1; }
fi
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }
if ! redis_up; then
  if command -v redis-server >/dev/null; then
    log "starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no >/dev/null
    stops+=('log "stopping the Redis it started"; redis-cli -h 127.0.0.1 -p 6379 shutdown nosave >/dev/null')
    for _ in $(seq 1 30); do redis_up && break; sleep 1; done
  fi
  redis_up || { log "Redis is not running on 127.0.0.1:6379 (apt-get install redis-server)"; exit 1; }
fi

# ---- build and run -----------------------------------------------------------------------------
log "building benchmarks/target/benchmarks.jar"
# the other modules' tests are neither compiled nor run: the benchmarks need only their classes
./mvnw -q -B -pl benchmarks -am package -Dmaven.test.skip=true
built=$(date +%s)
log "built in $(( built - started )) s; running"
java -Xms1g -Xmx1g -jar benchmarks/target/benchmarks.jar --readme README.md "$@"
log "done in $(( $(date +%s) - started )) s (build $(( built - started )) s); results under benchmarks/results/ (partial/ for a run of some sections)"

#!/usr/bin/env bash
# The one benchmark command: makes sure the peers and PostgreSQL are there, builds the benchmarks
# jar, runs every section, and writes benchmarks/results/ (results.md and one PNG per section)
# and the table in the README's Benchmarks section. Takes about 9 minutes on 2 cores.
#
#   bash benchmarks/run.sh                 # everything, README updated
#   bash benchmarks/run.sh --only export   # one section (or a comma list), into benchmarks/results/partial/
#
# Loopback only; every server and load generator it starts is stopped before it ends (PostgreSQL
# only if it was not running before).
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

# ---- PostgreSQL on loopback (the share page is measured on H2 and on PostgreSQL) ----------------
# A PostgreSQL this script starts, it stops again when it ends (also on failure or Ctrl-C).
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  if [ -d /etc/postgresql ]; then
    log "starting PostgreSQL"
    pg_version=$(ls /etc/postgresql | head -1)
    pg_ctlcluster --skip-systemctl-redirect "$pg_version" main start || true
    trap 'log "stopping the PostgreSQL it started"; pg_ctlcluster --skip-systemctl-redirect "$pg_version" main stop || true' EXIT
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi
  pg_isready -h 127.0.0.1 -p 5432 -q || { log "PostgreSQL is not running on 127.0.0.1:5432"; exit 1; }
fi

# ---- build and run -----------------------------------------------------------------------------
log "building benchmarks/target/benchmarks.jar"
./mvnw -q -B -pl benchmarks -am package -DskipTests
built=$(date +%s)
log "built in $(( built - started )) s; running"
java -Xms1g -Xmx1g -jar benchmarks/target/benchmarks.jar --readme README.md "$@"
log "done in $(( $(date +%s) - started )) s (build $(( built - started )) s); results under benchmarks/results/ (partial/ for a run of some sections)"

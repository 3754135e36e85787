#!/usr/bin/env bash
# make server / make server-stop: a local Prefect server with the infradeals deployments and a worker.
#
#   scripts/server.sh start   server on 127.0.0.1:$INFRADEALS_SERVER_PORT (4200), work pool 'infradeals',
#                             `prefect deploy --all` from prefect.yaml, a process worker on the pool
#   scripts/server.sh stop    stops exactly the processes `start` started (and the flow runs they spawned)
#
# Every process started is recorded in $INFRADEALS_SERVER_DIR (default data/server) as NAME.pid, in a process
# group of its own; `stop` signals those groups and every descendant of the recorded pids, nothing else.
# Overridable for tests: INFRADEALS_SERVER_PORT, INFRADEALS_SERVER_DIR, PREFECT_HOME.
set -euo pipefail
cd "$(dirname "$0")/.."
HOME_DIR="$(pwd)"
RUN_DIR="${INFRADEALS_SERVER_DIR:-$HOME_DIR/data/server}"
BIN="$HOME_DIR/.venv/bin"
PORT="${INFRADEALS_SERVER_PORT:-4200}"
POOL=infradeals
export INFRADEALS_HOME="$HOME_DIR"  # the deployments' pull step: set_working_directory {{ $INFRADEALS_HOME }}
export PREFECT_HOME="${PREFECT_HOME:-$HOME_DIR/data/prefect}"
export PREFECT_API_URL="http://127.0.0.1:$PORT/api"
export PREFECT_UI_API_URL="$PREFECT_API_URL"
export PREFECT_SERVER_ANALYTICS_ENABLED=false
export DO_NOT_TRACK=1

start_bg() {  # NAME COMMAND...: run in a new session (its own process group), remember the pid
  local name=$1
  shift
  setsid "$@" >"$RUN_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
}

healthy() {  # GET /api/health answers 200 (plain bash: a probe must not cost a Python start-up)
  local status=""
  { exec 3<>"/dev/tcp/127.0.0.1/$PORT"; } 2>/dev/null || return 1
  printf 'GET /api/health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  read -r -t 5 status <&3 || true
  exec 3>&-
  [[ $status == *" 200 "* ]]
}

wait_health() {
  local pid
  pid=$(cat "$RUN_DIR/server.pid")
  for _ in $(seq 1 180); do
    healthy && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  echo "the Prefect server did not answer on $PREFECT_API_URL/health; see $RUN_DIR/server.log" >&2
  return 1
}

descendants() {  # PID: every descendant pid, children first listed after their parent
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    echo "$child"
    descendants "$child"
  done
}

alive() {
  local p
  for p in "$@"; do kill -0 "$p" 2>/dev/null && return 0; done
  return 1
}

stop_one() {  # NAME: TERM the recorded group and all descendants, wait up to 10 s, then KILL what is left
  local f="$RUN_DIR/$1.pid" pid pids
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "prefect"; then
    rm -f "$f"  # gone already (or the pid now belongs to something else): nothing of ours to stop
    echo "$1 was not running"
    return 0
  fi
  pids="$pid $(descendants "$pid" | tr '\n' ' ')"
  kill -TERM -- "-$pid" 2>/dev/null || true
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null || true
  for _ in $(seq 1 40); do
    # shellcheck disable=SC2086
    alive $pids || break
    sleep 0.25
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
  rm -f "$f"
  echo "stopped $1 (pid $pid)"
}

stop() {
  stop_one worker
  stop_one server
}

start() {
  mkdir -p "$RUN_DIR" "$PREFECT_HOME"
  if [ -f "$RUN_DIR/server.pid" ] && kill -0 "$(cat "$RUN_DIR/server.pid")" 2>/dev/null; then
    echo "already running (server pid $(cat "$RUN_DIR/server.pid")); run 'make server-stop' first" >&2
    exit 1
  fi
  if healthy; then
    echo "something else already answers on $PREFECT_API_URL; stop it or set INFRADEALS_SERVER_PORT" >&2
    exit 1
  fi
  trap 'echo "start failed: stopping what was started" >&2; stop' ERR
  start_bg server "$BIN/prefect" server start --host 127.0.0.1 --port "$PORT"
  wait_health
  local out
  out=$("$BIN/prefect" work-pool create "$POOL" --type process 2>&1) \
    || grep -q "already exists" <<<"$out" \
    || { echo "$out" >&2; false; }
  start_bg worker "$BIN/prefect" worker start --pool "$POOL" --type process  # starts while we deploy
  "$BIN/prefect" --no-prompt deploy --all --prefect-file prefect.yaml >"$RUN_DIR/deploy.log" 2>&1 \
    || { echo "prefect deploy failed; see $RUN_DIR/deploy.log" >&2; false; }
  trap - ERR
  echo "Prefect UI: http://127.0.0.1:$PORT    deployments: nightly/nightly (02:00 UTC), backfill/backfill"
  echo "worker on pool '$POOL'; logs in $RUN_DIR/*.log; stop everything with: make server-stop"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac

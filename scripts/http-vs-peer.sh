#!/usr/bin/env bash
# Example 1 with its full trace over HTTP, Adjoint against the FastAPI + PyTorch peer a Python user
# would write (../shared/bench/peer_torch_service.py, 2 gunicorn workers), the same wrk load, runs
# alternating (BENCHMARKS.md "Where users wait"). Besides requests/s it prints each server's CPU time
# per request (user + system, from /proc, all its processes), which a busy machine inflates far less.
#
#   ./mvnw -B -DskipTests package && scripts/http-vs-peer.sh [rounds, default 3] [seconds, default 15] [JVM options...]
#
# Default JVM options: the run command's (-XX:+UseSerialGC -Xms64m -XX:+ExitOnOutOfMemoryError).
# Needs wrk, curl and python3-fastapi, python3-uvicorn, gunicorn, python3-torch (Debian). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
RUN=${2:-15}
shift 2 || shift $# || true
OPTS=("$@")
[ ${#OPTS[@]} -gt 0 ] || OPTS=(-XX:+UseSerialGC -Xms64m -XX:+ExitOnOutOfMemoryError)
PORT=${PORT:-18640}
PEER_PORT=${PEER_PORT:-18641}
PEER_DIR=${PEER_DIR:-../shared/bench}
[ -f "$PEER_DIR/peer_torch_service.py" ] || PEER_DIR=/work/shared/bench
JAR=${JAR:-$(ls target/adjoint-*.jar | head -1)}

java "${OPTS[@]}" -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" > target/http-vs-peer-server.log 2>&1 &
SERVER=$!
setsid /usr/bin/python3 -m gunicorn -w 2 -k uvicorn.workers.UvicornWorker -b "127.0.0.1:$PEER_PORT" \
  --chdir "$PEER_DIR" peer_torch_service:app > target/http-vs-peer-peer.log 2>&1 &
PEER=$!
trap 'kill "$SERVER" 2>/dev/null; kill -- -"$PEER" 2>/dev/null; wait 2>/dev/null' EXIT
for url in "http://127.0.0.1:$PORT/actuator/health/readiness" "http://127.0.0.1:$PEER_PORT/docs"; do
  for _ in $(seq 1 300); do curl -sf -o /dev/null "$url" && break; sleep 0.2; done
done

# CPU ticks (user + system) of a process and its children (gunicorn's workers)
ticks() { local total=0 p; for p in $(pgrep -g "$(ps -o pgid= "$1" | tr -d ' ')" 2>/dev/null || echo "$1"); do
    [ -r "/proc/$p/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$total"; }
HZ=$(getconf CLK_TCK)
run() { # name pid url
  local before after out rps n
  before=$(ticks "$2")
  out=$(timeout $((RUN + 30)) wrk -t1 -c16 -d"${RUN}s" --latency -s scripts/example1.lua "$3")
  after=$(ticks "$2")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  n=$(awk '/requests in/ {print $1}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '%-8s %10s req/s  p50 %8s  p99 %8s  CPU %6.0f us/request  non-2xx %s  (load %s)\n' "$1" "$rps" \
    "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")" \
    "$(echo "($after - $before) * 1000000 / $HZ / $n" | bc -l)" "${errors:-0}" "$(cut -d' ' -f1 /proc/loadavg)"
}
# warm-up (JIT, torch), not measured
timeout 90 wrk -t1 -c16 -d30s -s scripts/example1.lua "http://127.0.0.1:$PORT" > /dev/null
timeout 60 wrk -t1 -c16 -d5s -s scripts/example1.lua "http://127.0.0.1:$PEER_PORT" > /dev/null
for r in $(seq 1 "$ROUNDS"); do
  run adjoint "$SERVER" "http://127.0.0.1:$PORT"
  run peer "$PEER" "http://127.0.0.1:$PEER_PORT"
done

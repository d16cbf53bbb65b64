#!/usr/bin/env bash
# The HTTP floor and A/B rounds (BENCHMARKS.md "Issue 16, fourth pass"): Example 1 with its full trace
# from one or more app jars, and the same answer's bytes from a bare embedded Tomcat (the app's own
# Tomcat jar, src/bench/java/dev/adjoint/web/BareTomcatFloor.java: a servlet that reads the body and
# writes fixed bytes), each under the same wrk load (`wrk -t1 -c16`, scripts/example1.lua), rounds
# alternating. Prints requests/s, each server's CPU (user + system from /proc) per request and wrk's own
# CPU per request (user + system): on 2 cores, 2 s / (server + wrk CPU per request) bounds requests/s.
#
#   ./mvnw -B -DskipTests package && scripts/http-floor.sh [rounds, default 6] [seconds, default 10]
#   JARS="target/adjoint-0.1.0-SNAPSHOT.jar /tmp/base/target/adjoint-0.1.0-SNAPSHOT.jar" BARE=0 scripts/http-floor.sh 10 8
#   PEER=1 scripts/http-floor.sh 6 10   # and the FastAPI + PyTorch peer (scripts/http-vs-peer.sh's) in the same rounds
#
# JVM options for every server: the run command's (-XX:+UseSerialGC -Xms64m -XX:+ExitOnOutOfMemoryError).
# Needs wrk, curl, unzip. Loopback only; ports PORT, PORT+1, ... (default 19440).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-6}
RUN=${2:-10}
PORT=${PORT:-19440}
BARE=${BARE:-1}
PEER=${PEER:-0}
PEER_DIR=${PEER_DIR:-../shared/bench}
[ -f "$PEER_DIR/peer_torch_service.py" ] || PEER_DIR=/work/shared/bench
read -r -a JAR_LIST <<<"${JARS:-$(ls target/adjoint-*.jar | head -1)}"
OPTS=(-XX:+UseSerialGC -Xms64m -XX:+ExitOnOutOfMemoryError)
BODY='{"expression": "exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)", "bindings": {"x": 2, "z": 3}}'
WORK=$(mktemp -d)
NAMES=(); PIDS=(); URLS=()
PEER_PID=
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; [ -z "$PEER_PID" ] || kill -- -"$PEER_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT

ready() { for _ in $(seq 1 300); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done; echo "not ready: $1" >&2; exit 1; }
answer() { curl -s -D "$2.headers" -o "$2" -H 'Content-Type: application/json' -d "$BODY" "$1/api/v1/expressions/gradient"; }

p=$PORT
for i in "${!JAR_LIST[@]}"; do
  java "${OPTS[@]}" -jar "${JAR_LIST[$i]}" --server.address=127.0.0.1 --server.port="$p" > "$WORK/app$i.log" 2>&1 &
  PIDS+=($!); NAMES+=("app$i"); URLS+=("http://127.0.0.1:$p")
  echo "app$i: ${JAR_LIST[$i]} on port $p"
  p=$((p + 1))
done
for i in "${!JAR_LIST[@]}"; do ready "${URLS[$i]}/actuator/health/readiness"; done
answer "${URLS[0]}" "$WORK/answer.json"
for i in "${!JAR_LIST[@]}"; do
  answer "${URLS[$i]}" "$WORK/answer$i.json"
  cmp "$WORK/answer.json" "$WORK/answer$i.json" || { echo "app$i answers different bytes" >&2; exit 1; }
done
if [ "$BARE" = 1 ]; then
  mkdir -p "$WORK/jar" && unzip -q -o "${JAR_LIST[0]}" 'BOOT-INF/lib/*' -d "$WORK/jar"
  java "${OPTS[@]}" -cp "$WORK/jar/BOOT-INF/lib/*" src/bench/java/dev/adjoint/web/BareTomcatFloor.java "$p" "$WORK/answer.json" > "$WORK/bare.log" 2>&1 &
  PIDS+=($!); NAMES+=(bare); URLS+=("http://127.0.0.1:$p")
  BARE_PORT=$p; p=$((p + 1))
  for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$BARE_PORT/" && break; sleep 0.2; done
  answer "http://127.0.0.1:$BARE_PORT" "$WORK/bare-answer.json"
  cmp "$WORK/answer.json" "$WORK/bare-answer.json" || { echo "bare Tomcat answers different bytes" >&2; exit 1; }
  echo "bare: $(tail -1 "$WORK/bare.log"), same $(wc -c < "$WORK/answer.json") bytes as app0"
  diff <(grep -v '^Date' "$WORK/answer.json.headers") <(grep -v '^Date' "$WORK/bare-answer.json.headers") && echo "bare: same headers as app0 but Date"
fi

if [ "$PEER" = 1 ]; then # its own process group: gunicorn and its 2 workers
  setsid /usr/bin/python3 -m gunicorn -w 2 -k uvicorn.workers.UvicornWorker -b "127.0.0.1:$p" \
    --chdir "$PEER_DIR" peer_torch_service:app > "$WORK/peer.log" 2>&1 &
  PEER_PID=$!; PIDS+=($PEER_PID); NAMES+=(peer); URLS+=("http://127.0.0.1:$p")
  ready "http://127.0.0.1:$p/docs"
  echo "peer: FastAPI + PyTorch, 2 gunicorn workers, on port $p"
fi

# CPU ticks (user + system) of a server; the peer's summed over its process group
ticks() { local total=0 q; for q in $(if [ "$1" = "$PEER_PID" ]; then pgrep -g "$1"; else echo "$1"; fi); do
    [ -r "/proc/$q/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$q/stat"))); done; echo "$total"; }
HZ=$(getconf CLK_TCK)
TIMEFORMAT='%U %S' # bash's time: wrk's user and system seconds
run() { # index
  local before after out rps n
  before=$(ticks "${PIDS[$1]}")
  { time timeout $((RUN + 30)) wrk -t1 -c16 -d"${RUN}s" --latency -s scripts/example1.lua "${URLS[$1]}" > "$WORK/wrk.out"; } 2> "$WORK/wrk.time"
  after=$(ticks "${PIDS[$1]}")
  out=$(cat "$WORK/wrk.out")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  n=$(awk '/requests in/ {print $1}' <<<"$out")
  printf '%-6s %10s req/s  p50 %8s  CPU %6.1f us/request  wrk %5.1f us/request  non-2xx %s  (load %s)\n' "${NAMES[$1]}" "$rps" \
    "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(echo "($after - $before) * 1000000 / $HZ / $n" | bc -l)" \
    "$(awk -v n="$n" '{print ($1 + $2) * 1000000 / n}' "$WORK/wrk.time")" \
    "$(awk '/Non-2xx/ {print $5}' <<<"$out" | grep . || echo 0)" "$(cut -d' ' -f1 /proc/loadavg)"
}
# warm-up (JIT), not measured
for i in "${!PIDS[@]}"; do timeout 90 wrk -t1 -c16 -d20s -s scripts/example1.lua "${URLS[$i]}" > /dev/null; done
for r in $(seq 1 "$ROUNDS"); do
  echo "round $r $(date -u +%H:%M:%S)"
  for i in "${!PIDS[@]}"; do run "$i"; done
done

#!/usr/bin/env bash
# Issue 7's HTTP figures on the real jar, loopback only, bounded in time (BENCHMARKS.md "End to end"):
# start-up time, resident memory at idle and under load, and Example 1 with its full trace against the
# smallest possible request ({"expression":"x","bindings":{"x":1}}) under the same wrk load.
#
#   ./mvnw -B -DskipTests package && scripts/perf-http.sh [seconds per run, default 30] [connections, default 64]
#
# Needs wrk and curl (Debian packages); the build and CI do not.
set -euo pipefail
cd "$(dirname "$0")/.."

RUN=${1:-30}
CONNECTIONS=${2:-64}
PORT=${PORT:-18081}
URL="http://127.0.0.1:${PORT}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
JAR=${JAR:-$(ls target/adjoint-*.jar 2>/dev/null | head -1)}
# The run command's JVM options (README "The jar, its memory and its start-up"); JVM_OPTS= for the JVM's own defaults.
JVM_OPTS=${JVM_OPTS-"-XX:+UseSerialGC -Xms64m -XX:+ExitOnOutOfMemoryError"}
[ -n "$JAR" ] || { echo "no jar in target/; run ./mvnw -B -DskipTests package first" >&2; exit 2; }

rss() { awk '/VmRSS/ {printf "%.0f MiB", $2 / 1024}' "/proc/$1/status"; }

START=$(date +%s.%N)
java $JVM_OPTS -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" > target/perf-http-server.log 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -sf "$URL/actuator/health/readiness" >/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { echo "the server exited; see target/perf-http-server.log" >&2; exit 1; }
  sleep 0.1
done
READY=$(date +%s.%N)
echo "start-up: ready after $(echo "$READY - $START" | bc) s ($(grep -o 'Started AdjointApplication in [0-9.]* seconds' target/perf-http-server.log))"
sleep 5
echo "resident memory at idle: $(rss "$SERVER")"

run() { # script, seconds
  timeout $(($2 + 30)) wrk -t2 -c"$CONNECTIONS" -d"$2s" --timeout 5s --latency -s "scripts/$1" "$URL"
}
# Warm-up, not measured: the JIT compiles the parser, the sweeps and the JSON writers.
run minimal.lua 10 >/dev/null
run example1.lua 10 >/dev/null

MINIMAL=$(run minimal.lua "$RUN")
echo "== minimal request"; echo "$MINIMAL"
( sleep $((RUN / 2)); echo "resident memory under load (Example 1, mid-run): $(rss "$SERVER")" ) &
PROBE=$!
EXAMPLE=$(run example1.lua "$RUN")
wait "$PROBE"
echo "== Example 1 with the full trace"; echo "$EXAMPLE"

for out in "$MINIMAL" "$EXAMPLE"; do
  if grep -qE "Non-2xx or 3xx responses|Socket errors" <<<"$out"; then echo "FAILED: errors under load" >&2; exit 1; fi
done
rps() { awk '/Requests\/sec/ {print $2}' <<<"$1"; }
echo "ratio: Example 1 at $(echo "scale=1; 100 * $(rps "$EXAMPLE") / $(rps "$MINIMAL")" | bc)% of the minimal request's requests/s"

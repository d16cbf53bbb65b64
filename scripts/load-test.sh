#!/usr/bin/env bash
# HTTP load on the real jar, loopback only, bounded in time (BENCHMARKS.md "HTTP load (issue 5)").
# Starts the built jar on 127.0.0.1, waits until it is ready, warms the JIT for 10 s, then runs wrk
# with the lecture note's Example 1 (scripts/example1.lua), and stops the jar. Fails on any error.
#
#   ./mvnw -B -DskipTests package && scripts/load-test.sh [seconds, default 60] [connections, default 64]
#
# Needs wrk (Debian: apt-get install wrk) and curl; the project's build and CI do not.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_TO_RUN=${1:-60}
CONNECTIONS=${2:-64}
PORT=${PORT:-18080}
URL="http://127.0.0.1:${PORT}"

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
JAR=${JAR:-$(ls target/adjoint-*.jar 2>/dev/null | head -1)}
# The run command's JVM options (README "The jar, its memory and its start-up"); JVM_OPTS= for the JVM's own defaults.
JVM_OPTS=${JVM_OPTS-"-XX:+UseSerialGC -Xms64m -XX:+ExitOnOutOfMemoryError"}
[ -n "$JAR" ] || { echo "no jar in target/; run ./mvnw -B -DskipTests package first" >&2; exit 2; }

java $JVM_OPTS -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" > target/load-test-server.log 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT

for _ in $(seq 1 90); do
  curl -sf "$URL/actuator/health/readiness" >/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { echo "the server exited; see target/load-test-server.log" >&2; exit 1; }
  sleep 1
done
curl -sf "$URL/actuator/health/readiness" >/dev/null || { echo "not ready after 90 s" >&2; exit 1; }

# Warm-up, not measured: the first seconds are the JIT compiling the parser and the sweeps.
timeout 40 wrk -t2 -c"$CONNECTIONS" -d10s -s scripts/example1.lua "$URL" >/dev/null

echo "wrk -t2 -c$CONNECTIONS -d${SECONDS_TO_RUN}s --timeout 5s --latency -s scripts/example1.lua $URL"
OUT=$(timeout $((SECONDS_TO_RUN + 30)) wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_TO_RUN}s" --timeout 5s --latency \
  -s scripts/example1.lua "$URL")
echo "$OUT"

# wrk counts failures but still exits 0; a load run with any failed request is a failed run.
if grep -qE "Non-2xx or 3xx responses|Socket errors" <<<"$OUT"; then
  echo "FAILED: errors under load" >&2
  exit 1
fi
echo "OK: no errors"

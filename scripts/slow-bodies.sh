#!/usr/bin/env bash
# Slow request bodies against the real jar, loopback only, bounded in time (BENCHMARKS.md "Slow
# bodies"). Starts the built jar on 127.0.0.1 with -Xmx512m, runs scripts/SlowBodies.java (210
# clients sending a byte every 4 s, and Example 1 every 100 ms), then checks health and stops the jar.
#
#   ./mvnw -B -DskipTests package && scripts/slow-bodies.sh [seconds, default 60] [connections, default 210] [server args...]
#
# Extra arguments go to the server, e.g. the old behaviour for comparison:
#   scripts/slow-bodies.sh 60 210 --adjoint.body.read-timeout=1h --server.tomcat.connection-timeout=60s
# Needs a JDK 17 (java runs the single-file client) and curl.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_TO_RUN=${1:-60}
CONNECTIONS=${2:-210}
shift $(( $# > 2 ? 2 : $# ))
PORT=${PORT:-18080}
URL="http://127.0.0.1:${PORT}"

JAR=$(ls target/adjoint-*.jar 2>/dev/null | head -1)
[ -n "$JAR" ] || { echo "no jar in target/; run ./mvnw -B -DskipTests package first" >&2; exit 2; }

java -Xmx512m -XX:+ExitOnOutOfMemoryError -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" "$@" \
  > target/slow-bodies-server.log 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT

for _ in $(seq 1 90); do
  curl -sf "$URL/actuator/health/readiness" >/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { echo "the server exited; see target/slow-bodies-server.log" >&2; exit 1; }
  sleep 1
done
curl -sf "$URL/actuator/health/readiness" >/dev/null || { echo "not ready after 90 s" >&2; exit 1; }

timeout $((SECONDS_TO_RUN + 60)) java scripts/SlowBodies.java "$PORT" "$CONNECTIONS" "$SECONDS_TO_RUN"
echo "health afterwards: $(curl -s -m 10 "$URL/actuator/health" || echo 'no answer')"
echo "ERROR lines in the server log: $(grep -c ' ERROR ' target/slow-bodies-server.log || true)"

#!/usr/bin/env bash
# Hostile load (issue 10, "Stays up when pushed"; BENCHMARKS.md "Hostile load"): loopback only,
# bounded in time, stops by itself. Starts the built jar with -Xmx512m on 127.0.0.1, then runs the
# issue's items 2-7 one after another (16 clients at once where the issue says parallel) while
# another client sends Example 1 every 100 ms (scripts/hostile-load.py). Passes when every heavy
# request got 2xx, 4xx or 503 within 30 s (never a 500), Example 1 was always answered within 1 s,
# the server is healthy afterwards and its log has no OutOfMemoryError.
#
#   scripts/hostile-load.sh [items, default "2 3 4 5 6 7 8"; 8: names of one String hash]
#   BUILD=1 scripts/hostile-load.sh      # build the jar first (./mvnw -B -DskipTests package)
#
# Needs java, curl and python3 (standard library only).
set -euo pipefail
cd "$(dirname "$0")/.."

ITEMS=${*:-2 3 4 5 6 7 8}
PORT=${PORT:-18150}
HEAP=${HEAP:-512m}
URL="http://127.0.0.1:${PORT}"
LOG=target/hostile-load-server.log

if [ "${BUILD:-0}" = 1 ] || ! ls target/adjoint-*.jar >/dev/null 2>&1; then
  ./mvnw -B -q -DskipTests package
fi
JAR=$(ls target/adjoint-*.jar | head -1)

# The run command's JVM options (README "The jar, its memory and its start-up"); JVM_OPTS= for the JVM's own defaults.
JVM_OPTS=${JVM_OPTS-"-XX:+UseSerialGC -Xms64m -XX:+ExitOnOutOfMemoryError"}
java $JVM_OPTS -Xmx"$HEAP" -Xlog:gc:file=target/hostile-load-gc.log -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" > "$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT

for _ in $(seq 1 90); do
  curl -sf "$URL/actuator/health/readiness" >/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { echo "the server exited; see $LOG" >&2; exit 1; }
  sleep 1
done
curl -sf "$URL/actuator/health/readiness" >/dev/null || { echo "not ready after 90 s" >&2; exit 1; }
echo "java $JVM_OPTS -Xmx$HEAP -jar $JAR on $URL; items: $ITEMS"

STATUS=0
# shellcheck disable=SC2086 # the items are separate arguments
timeout 1200 python3 scripts/hostile-load.py "$URL" $ITEMS || STATUS=1

if grep -q "OutOfMemoryError" "$LOG"; then
  echo "OutOfMemoryError in $LOG:"; grep -m3 "OutOfMemoryError" "$LOG"; STATUS=1
else
  echo "no OutOfMemoryError in the server log"
fi
kill -0 "$SERVER" 2>/dev/null || { echo "the server died"; STATUS=1; }
# GC, for the record: full collections, the longest pause, and the heap after the last full
# collection if there was one (young collections leave old garbage in place, so their "after"
# figures overstate the live set).
GCLOG=target/hostile-load-gc.log
echo "GC: $(grep -c 'Pause Full' "$GCLOG" || true) full collections; longest pause $(grep 'Pause' "$GCLOG" | grep -o '[0-9.]*ms$' | sort -n | tail -1 || true);" \
  "after the last full collection: $(grep 'Pause Full' "$GCLOG" | tail -1 | grep -o -- '->[0-9]*M' | tr -d '>-' || true)"
grep -E '^adjoint_(admission|requests)' <(curl -s "$URL/actuator/prometheus") || true
exit $STATUS

#!/usr/bin/env bash
# Resident memory of the service under the Example 1 load (BENCHMARKS.md "Where users wait"): start the
# jar with the given JVM options, warm it for 10 s, then wrk -t2 -c64 for SECONDS (default 30) and read
# VmRSS and VmHWM (the peak) from /proc at the end of the run. Loopback only, bounded in time.
#
#   ./mvnw -B -DskipTests package && scripts/rss-under-load.sh [seconds] [JVM options...]
#   scripts/rss-under-load.sh 30                       # the JVM options the jar applies by default (none)
#   scripts/rss-under-load.sh 30 -XX:+UseSerialGC -Xmx256m
#
# JAR chooses another jar; PORT (default 18603) the port. Needs wrk and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-30}
shift || true
PORT=${PORT:-18603}
JAR=${JAR:-$(ls target/adjoint-*.jar | head -1)}
java "$@" -XX:NativeMemoryTracking=summary -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" > target/rss-server.log 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health/readiness" && break
  kill -0 "$SERVER" 2>/dev/null || { echo "the server exited; see target/rss-server.log" >&2; exit 1; }
  sleep 0.1
done
kb() { awk -v k="$1" '$1 == k":" {printf "%.0f", $2 / 1024}' "/proc/$SERVER/status"; }
echo "idle: RSS $(kb VmRSS) MiB"
timeout 40 wrk -t2 -c64 -d10s -s scripts/example1.lua "http://127.0.0.1:$PORT" > /dev/null
OUT=$(timeout $((SECONDS_RUN + 30)) wrk -t2 -c64 -d"${SECONDS_RUN}s" -s scripts/example1.lua "http://127.0.0.1:$PORT")
echo "under load: RSS $(kb VmRSS) MiB, peak $(kb VmHWM) MiB, $(awk '/Requests\/sec/ {print $2}' <<<"$OUT") requests/s, threads $(ls /proc/$SERVER/task | wc -l)"
grep -qE "Non-2xx|Socket errors" <<<"$OUT" && { echo "FAILED: errors under load" >&2; echo "$OUT" >&2; exit 1; }
jcmd "$SERVER" VM.native_memory summary | grep -E "^-? *(Total|Java Heap|Class|Thread|Code|GC|Compiler|Internal|Other|Symbol|Shared|Metaspace|Arena)" | sed 's/^/  /' | cut -c1-110

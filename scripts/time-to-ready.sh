#!/usr/bin/env bash
# Start the service, wait until /actuator/health/readiness says UP, stop it: one start-up, for hyperfine
# (BENCHMARKS.md "Where users wait"). Loopback only; gives up after 60 s.
#
#   hyperfine -w 1 -r 10 'scripts/time-to-ready.sh java -jar target/adjoint-0.1.0-SNAPSHOT.jar'
#   hyperfine -w 1 -r 10 'scripts/time-to-ready.sh scripts/run-extracted.sh target/extracted'
#
# The command (everything after the script's name) is run with --server.port and --server.address
# appended; PORT (default 18601) chooses the port. Needs curl.
set -uo pipefail
PORT=${PORT:-18601}
"$@" --server.address=127.0.0.1 --server.port="$PORT" >"${READY_LOG:-/dev/null}" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null' EXIT
for _ in $(seq 1 6000); do
  curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/actuator/health/readiness" && exit 0
  kill -0 "$SERVER" 2>/dev/null || { echo "the server exited before it was ready" >&2; exit 1; }
  sleep 0.01
done
echo "not ready after 60 s" >&2
exit 1

#!/bin/bash
# A/B of two jars on the batch benchmark (BENCHMARKS "Issue 16, third pass"): both servers up at once with the
# run options, each warmed with WARMROUNDS rounds of 23 calls, then ROUNDS rounds of 23 (3 untimed, 20 timed) in turn,
# with the GC pauses of the timed rounds (-Xlog:gc) and peak RSS. Ports PA, PB (default 19321-19322).
# usage: [PA=19621 PB=19622] scripts/batch-ab.sh A.jar B.jar [WARMROUNDS] [ROUNDS]
A=$1; B=$2; W=${3:-2}; R=${4:-3}; PA=${PA:-19321}; PB=${PB:-19322}
cd "$(dirname "$0")/.."
java -XX:+UseSerialGC -Xms64m -XX:+ExitOnOutOfMemoryError -Xlog:gc:file=/tmp/batch-ab-$PA.gc -jar $A --server.address=127.0.0.1 --server.port=$PA > /tmp/batch-ab-$PA.log 2>&1 & pa=$!
java -XX:+UseSerialGC -Xms64m -XX:+ExitOnOutOfMemoryError -Xlog:gc:file=/tmp/batch-ab-$PB.gc -jar $B --server.address=127.0.0.1 --server.port=$PB > /tmp/batch-ab-$PB.log 2>&1 & pb=$!
for p in $PA $PB; do for i in $(seq 1 150); do curl -sf http://127.0.0.1:$p/actuator/health/readiness >/dev/null && break; sleep 0.2; done; done
for w in $(seq 1 $W); do
  timeout 120 python3 scripts/bench-batch.py http://127.0.0.1:$PA 1000 20 $pa > /dev/null
  timeout 120 python3 scripts/bench-batch.py http://127.0.0.1:$PB 1000 20 $pb > /dev/null
done
echo "warm-up: $W rounds of 23 calls each ($((W*23)) calls)"; na=$(wc -l < /tmp/batch-ab-$PA.gc); nb=$(wc -l < /tmp/batch-ab-$PB.gc)
for r in $(seq 1 $R); do
  echo "round $r $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo -n "  A $(basename $A): "; timeout 120 python3 scripts/bench-batch.py http://127.0.0.1:$PA 1000 20 $pa
  echo -n "  B $(basename $B): "; timeout 120 python3 scripts/bench-batch.py http://127.0.0.1:$PB 1000 20 $pb
done
for x in a:$na b:$nb; do f=/tmp/batch-ab-$([ ${x%%:*} = a ] && echo $PA || echo $PB).gc; tail -n +$((${x##*:}+1)) $f | grep -o "Pause [A-Za-z]*.*ms" | awk -v s=${x%%:*} '{k=$2; t=$NF; sub("ms","",t); n[k]++; m[k]+=t} END {for (k in n) printf "%s timed rounds: %s %d pauses, %.1f ms\n", s, k, n[k], m[k]}'; done
echo "rss A $(grep VmHWM /proc/$pa/status) B $(grep VmHWM /proc/$pb/status)"
kill $pa $pb; wait $pa $pb 2>/dev/null

#!/bin/bash
# A/B of JVM options on the batch benchmark: the same jar under two option sets, in turn (BENCHMARKS "Quiet rerun", batch).
# usage: scripts/batch-jvm-ab.sh   (after ./mvnw -B -DskipTests package; ports 19101-19104)
JAR=target/adjoint-0.1.0-SNAPSHOT.jar
run() { # $1 port, rest: opts
  port=$1; shift
  java "$@" -jar $JAR --server.address=127.0.0.1 --server.port=$port > /tmp/ab-$port.log 2>&1 &
  pid=$!
  for i in $(seq 1 100); do curl -sf http://127.0.0.1:$port/actuator/health/readiness >/dev/null && break; sleep 0.2; done
  python3 scripts/bench-batch.py http://127.0.0.1:$port 1000 20 $pid > /dev/null   # warm-up
  for r in 1 2; do echo "opts=$* round $r load=$(cut -d' ' -f1 /proc/loadavg)"; python3 scripts/bench-batch.py http://127.0.0.1:$port 1000 20 $pid | tail -3; done
  echo "rss=$(grep VmHWM /proc/$pid/status)"
  kill $pid; wait $pid 2>/dev/null
}
run 19101 -XX:+UseSerialGC -Xms64m -XX:+ExitOnOutOfMemoryError
run 19102 -XX:+UseSerialGC -Xms128m -Xmn64m -XX:+ExitOnOutOfMemoryError
run 19103 -XX:+UseSerialGC -Xms64m -XX:+ExitOnOutOfMemoryError
run 19104 -XX:+UseSerialGC -Xms128m -Xmn64m -XX:+ExitOnOutOfMemoryError

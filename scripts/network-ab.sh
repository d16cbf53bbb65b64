#!/usr/bin/env bash
# A/B of the network steps (BENCHMARKS.md, "Issue 16, third pass"): this checkout against a base build, interleaved,
# each round followed by PyTorch (torch_anchor.py) and numpy's dgemm peak, with the load average before each run.
# Usage: scripts/network-ab.sh BASE_DIR [ROUNDS]
#   BASE_DIR holds the base's classes/ and test-classes/ built with `./mvnw -B -q -Pbench -DskipTests test-compile`
#   (e.g. git worktree add /tmp/base d29576e; build there; copy target/classes and target/test-classes).
set -euo pipefail
BASE=${1:?base directory with classes/ and test-classes/}
ROUNDS=${2:-2}
cd "$(dirname "$0")/.."
CP=$(./mvnw -q -Pbench dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
PEAK='import numpy as np, time
for n in (1024, 2048):
    a = np.random.rand(n, n); b = np.random.rand(n, n); a @ b
    best = min((lambda t: (a @ b, time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(5))
    print(f"numpy dgemm {n}^3: {2 * n**3 / best / 1e9:.1f} GFLOP/s (best of 5)")'
jmh() { # $1 label, $2 classes dir, $3 test-classes dir
  echo "== $1 $(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)"
  java -Djmh.ignoreLock=true -cp "$3:$2:$CP" org.openjdk.jmh.Main NetworkStepBenchmark.gradientStep \
    -p shape=128-64-10:1,784-1024-1024-10:128 -f 1 -wi 3 -i 5 2>&1 | grep -E '^NetworkStepBenchmark'
  java -cp "$3:$2:$CP" dev.adjoint.network.CoreCpuTime 2>&1 | grep '128-64-10'
}
for r in $(seq "$ROUNDS"); do
  jmh "branch, round $r" target/classes target/test-classes
  jmh "base, round $r" "$BASE/classes" "$BASE/test-classes"
  echo "== PyTorch $(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)"
  /usr/bin/python3 ../shared/bench/torch_anchor.py 2 | grep -E '128-64-10|784-1024'
  /usr/bin/python3 scripts/torch_cpu_time.py 2 2>&1 | grep -i '128-64-10' || true
  echo "== numpy $(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)"
  OPENBLAS_NUM_THREADS=2 /usr/bin/python3 -c "$PEAK"
done

#!/usr/bin/env bash
# Start-up A/B, alternating (BENCHMARKS.md "Issue 16, fourth pass: start-up"): each round times every
# command once with hyperfine (one run, scripts/time-to-ready.sh: start, poll readiness until UP, stop),
# the order rotating from round to round so that a burst of load on the machine falls on all of them;
# then prints, per command, the wall time (mean ± σ, min-max), the CPU time (user + system) and
# how many runs were ready within 2.5 s.
#
#   PORT=19301 scripts/startup-ab.sh 10 'java -jar a.jar' 'java -Dspring.aot.enabled=true -jar b.jar'
#
# Needs hyperfine, curl and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=$1; shift
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
N=$#
CMDS=("$@")
for round in $(seq 1 "$ROUNDS"); do
  for k in $(seq 0 $((N - 1))); do
    i=$(( (k + round) % N ))
    hyperfine -N -r 1 --export-json "$OUT/$i-$round.json" "scripts/time-to-ready.sh ${CMDS[$i]}" > /dev/null
  done
done
python3 - "$OUT" "$N" "$@" <<'PY'
import json, statistics, sys, glob, os
out, n, cmds = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
for i in range(n):
    runs = [json.load(open(f))["results"][0] for f in sorted(glob.glob(os.path.join(out, f"{i}-*.json")))]
    wall = [r["mean"] for r in runs]
    cpu = [r["user"] + r["system"] for r in runs]
    sd = statistics.stdev(wall) if len(wall) > 1 else 0.0
    csd = statistics.stdev(cpu) if len(cpu) > 1 else 0.0
    print(f"{cmds[i]}\n  wall {statistics.mean(wall):.3f} s ± {sd:.3f}, {min(wall):.3f}-{max(wall):.3f} s;"
          f" CPU {statistics.mean(cpu):.2f} s ± {csd:.2f}, {min(cpu):.2f}-{max(cpu):.2f} s;"
          f" within 2.5 s: {sum(w <= 2.5 for w in wall)}/{len(wall)}")
PY

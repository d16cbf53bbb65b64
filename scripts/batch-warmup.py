#!/usr/bin/env python3
# The JIT warm-up of the batch benchmark: CALLS batch calls (the bench-batch.py body) from a new server's first on,
# with the median wall time and the server's CPU per call in blocks of 10 (BENCHMARKS "Issue 16, third pass").
# usage: scripts/batch-warmup.py URL PID CALLS
import json, random, statistics, sys, time, urllib.request, os
base, pid, calls = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
program = "a = x*z\nb = log(x)\nc = sin(b)\nd = exp(a)\ne = a/b\nf = c/a\ny = d + e + f"
rng = random.Random(1); items = []
for k in range(1000):
    x, z = 1.5 + rng.random(), 1.0 + 2 * rng.random()
    items.append({"path": "/api/v1/expressions/check", "body": {"program": program, "bindings": {"x": x, "z": z},
                  "submission": {"value": 0.0 if k % 3 == 2 else None, "gradient": {"x": 1.0, "z": 2.0}}}})
    if items[-1]["body"]["submission"]["value"] is None: del items[-1]["body"]["submission"]["value"]
body = json.dumps({"requests": items}).encode()
def cpu():
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split(); return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
walls, cpus = [], []
for _ in range(calls):
    c0 = cpu(); t = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(base + "/api/v1/batch", data=body, headers={"Content-Type": "application/json"})) as r: r.read()
    walls.append(time.perf_counter() - t); cpus.append(cpu() - c0)
print("calls      median wall  best wall  server CPU/call")
for b in range(0, calls, 10):
    w = walls[b:b + 10]; c = cpus[b:b + 10]
    print(f"{b + 1:4d}-{b + len(w):<4d} {statistics.median(w) * 1e3:8.1f} ms {min(w) * 1e3:8.1f} ms {sum(c) / len(c) * 1e3:8.1f} ms")

#!/usr/bin/env python3
"""Time one POST /api/v1/batch grading N expression submissions (the lecture note's Example 1 program,
each with its own bindings and a submitted gradient, a third of them wrong) against a running server.

usage: scripts/bench-batch.py [base-url] [submissions] [calls] [server-pid]
Prints the median and best wall time of `calls` batch calls (after 3 warm-up calls) and per item; with
the server's pid, also the server's CPU time (user + system, /proc) per call, which a busy machine
inflates far less than the wall time. The wall time is the issue's figure: from sending the request
to the answer parsed by Python's json (6.8 ms of it at best, measured alone, for the 1 000 answers'
0.8 MB); "last byte" is the median to the answer's last byte, before that parse."""
import json, random, statistics, sys, time, urllib.request

base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
calls = int(sys.argv[3]) if len(sys.argv) > 3 else 20
program = "a = x*z\nb = log(x)\nc = sin(b)\nd = exp(a)\ne = a/b\nf = c/a\ny = d + e + f"
rng = random.Random(1)
items = []
for k in range(n):
    x, z = 1.5 + rng.random(), 1.0 + 2 * rng.random()
    # a student's answers: right two times in three, the note's sign slip at b otherwise
    items.append({"path": "/api/v1/expressions/check",
                  "body": {"program": program, "bindings": {"x": x, "z": z},
                           "submission": {"value": 0.0 if k % 3 == 2 else None, "gradient": {"x": 1.0, "z": 2.0}}}})
    if items[-1]["body"]["submission"]["value"] is None:
        del items[-1]["body"]["submission"]["value"]
body = json.dumps({"requests": items}).encode()

def call():
    req = urllib.request.Request(base + "/api/v1/batch", data=body, headers={"Content-Type": "application/json"})
    t = time.perf_counter()
    with urllib.request.urlopen(req) as r:
        raw = r.read()
    received = time.perf_counter() - t
    out = json.loads(raw)
    elapsed = time.perf_counter() - t
    assert len(out["results"]) == n and all(res["status"] == 200 for res in out["results"]), "a batch item failed"
    last_byte.append(received)
    return elapsed

def cpu_seconds(pid):
    import os
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

last_byte = []
pid = int(sys.argv[4]) if len(sys.argv) > 4 else None
for _ in range(3):
    call()
before = cpu_seconds(pid) if pid else 0
last_byte.clear()
times = [call() for _ in range(calls)]
cpu = (cpu_seconds(pid) - before) / calls if pid else None
med = statistics.median(times)
print(f"{n} submissions per batch call, {len(body)} bytes: median {med * 1e3:.1f} ms, best {min(times) * 1e3:.1f} ms "
      f"({med / n * 1e6:.1f} us per submission, {calls} calls)" + (f"; server CPU {cpu * 1e3:.1f} ms per call" if pid else "")
      + f"; last byte: median {statistics.median(last_byte) * 1e3:.1f} ms")

#!/usr/bin/env python3
"""Time the grading features of issue 14 against a running server: /check with numbers and with
formulas (the note's Example 1, and a long program), a Gradescope-format check, and
/expressions/instances (a normal draw, and the worst case: every attempt non-finite).

usage: scripts/bench-grading.py [base-url] [program-lines]
Prints the median and best wall time of each call (sequential, after warm-up calls)."""
import json, statistics, sys, time, urllib.error, urllib.request

base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
lines = int(sys.argv[2]) if len(sys.argv) > 2 else 20000

def post(path, body):
    data = json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, headers={"Content-Type": "application/json"})
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(req) as r:
            out, status = json.load(r), r.status
    except urllib.error.HTTPError as e:
        out, status = json.load(e), e.code
    return time.perf_counter() - t, status, out

def bench(name, path, body, calls, warm=3, check=None):
    for _ in range(warm):
        _, status, out = post(path, body)
    if check:
        check(status, out)
    times = [post(path, body)[0] for _ in range(calls)]
    print(f"{name:58s} median {statistics.median(times) * 1e3:9.2f} ms   best {min(times) * 1e3:9.2f} ms   ({calls} calls)")

example1 = "a = x*z\nb = log(x)\nc = sin(b)\nd = exp(a)\ne = a/b\nf = c/a\ny = d + e + f"
g = post("/api/v1/expressions/gradient", {"program": example1, "bindings": {"x": 2, "z": 3}})[2]
grads = {n["id"]: n["gradient"] for n in g["nodes"]}
numbers = {"nodes": {k: {"gradient": grads[k]} for k in ["a", "b", "c", "e", "f", "x"]}}
formulas = {"gradient": {"z": "x*exp(x*z) + x/log(x) - sin(log(x))/(x*z^2)"},
            "nodes": {"b": {"gradient": "-a/b^2 + cos(b)/a"}, "a": {"gradient": "exp(a) + 1/b - c/a^2"}}}

def all_right(status, out):
    assert status == 200 and out["correct"], out

bench("Example 1 /check, 6 numbers", "/api/v1/expressions/check",
      {"program": example1, "bindings": {"x": 2, "z": 3}, "submission": numbers}, 300, 50, all_right)
bench("Example 1 /check, 3 formulas (9 points each)", "/api/v1/expressions/check",
      {"program": example1, "bindings": {"x": 2, "z": 3}, "submission": formulas}, 300, 50, all_right)
bench("Example 1 /check, 3 formulas, format gradescope", "/api/v1/expressions/check",
      {"program": example1, "bindings": {"x": 2, "z": 3}, "submission": formulas, "format": "gradescope"}, 300, 50)
slip = dict(numbers)
slip["nodes"] = dict(numbers["nodes"], b={"gradient": 12.616420370193309})
bench("Example 1 /check, 6 numbers, one diagnosed slip", "/api/v1/expressions/check",
      {"program": example1, "bindings": {"x": 2, "z": 3}, "submission": slip}, 300, 50)

# A long chain: s0 = x*z, s_i = sin(s_{i-1}) + 0.5*x; y = s_last. g(s_{n-1-k}) = prod_{j=1..k} cos(s_{n-1-j}).
n = lines
program = "s0 = x*z\n" + "\n".join(f"s{i} = sin(s{i - 1}) + 0.5*x" for i in range(1, n))
last = n - 1
chain = {"program": program, "bindings": {"x": 0.7, "z": 1.3}}
def formula(k):
    return "*".join(f"cos(s{last - j})" for j in range(1, k + 1))
fifty = {"nodes": {f"s{last - k}": {"gradient": formula(k)} for k in range(1, 51)}}
bench(f"{n}-line program /check, 1 number", "/api/v1/expressions/check", dict(chain, submission={"value": 1.0}), 10)
bench(f"{n}-line program /check, 50 formulas", "/api/v1/expressions/check", dict(chain, submission=fifty), 10, 2, all_right)

bench("Example 1 /instances (grid x, z)", "/api/v1/expressions/instances",
      {"program": example1, "seed": "s1234567", "ranges": {"x": {"min": 1.5, "max": 3, "step": 0.5}, "z": {"min": -2, "max": 2, "step": 0.25}}},
      300, 50)
worst = {"program": program + f"\ny = s{last} + log(w)", "seed": "s1", "ranges": {"x": {"min": 0, "max": 1}, "z": {"min": 0, "max": 1}, "w": {"min": -2, "max": -1}}}
bench(f"{n}-line program /instances, every attempt non-finite (422)", "/api/v1/expressions/instances", worst, 5, 1,
      lambda status, out: None if status == 422 else sys.exit(f"expected 422, got {status}"))

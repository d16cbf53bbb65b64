#!/usr/bin/env python3
"""Byte-compares two running servers' answers: every OpenAPI example (from A's /v3/api-docs), a seeded random batch of
checks and gradients, and a tensor program with repeated inputs. usage: scripts/same-answers.py http://A http://B"""
import json, sys, urllib.request, random
A, B = sys.argv[1], sys.argv[2]
def post(base, path, body):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, r.headers.get("Content-Type"), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read()
doc = json.load(urllib.request.urlopen(A + "/v3/api-docs"))
cases = []
for path, ops in doc["paths"].items():
    for m, op in ops.items():
        if m != "post": continue
        rb = op.get("requestBody", {}).get("content", {}).get("application/json", {})
        for name, ex in (rb.get("examples") or {}).items():
            v = ex.get("value")
            if isinstance(v, str):
                try: v = json.loads(v)
                except Exception: continue
            if v is not None: cases.append((path, name, v))
rng = random.Random(7)
program = "a = x*z\nb = log(x)\nc = sin(b)\nd = exp(a)\ne = a/b\nf = c/a\ny = d + e + f"
items = []
for k in range(60):
    x, z = 1.5 + rng.random(), 1.0 + 2 * rng.random()
    sub = {"gradient": {"x": rng.choice([1.0, 1208.3812151266095]), "z": 2.0}}
    nodes = {}
    for n in rng.sample(list("abcdef"), rng.randint(0, 4)):
        nodes[n] = {"gradient": rng.choice([0.5, -1.0, 12.36, rng.random()]), "value": rng.choice([0.0, 1.0])}
    if nodes: sub["nodes"] = nodes
    items.append({"path": "/api/v1/expressions/check", "body": {"program": program, "bindings": {"x": x, "z": z}, "submission": sub}})
    items.append({"path": "/api/v1/expressions/check", "body": {"expression": "x*x + a/a + sin(x*a)", "bindings": {"x": x, "a": z},
        "submission": {"gradient": {"x": rng.random(), "a": rng.random()}}, "format": rng.choice(["adjoint", "gradescope", "prairielearn"])}})
    items.append({"path": "/api/v1/expressions/gradient", "body": {"program": program, "bindings": {"x": x, "z": z}, "wrt": rng.choice([["x"], ["z"], ["x", "z"]])}})
cases.append(("/api/v1/batch", "random batch", {"requests": items}))
cases.append(("/api/v1/expressions/gradient", "tensor", {"program": "u = M @ v\nw = sigmoid(u) * sigmoid(u)\ny = sum(w / w + w * s)", "bindings": {"M": [[1, 2, 3], [4, 5, 6]], "v": [0.1, -0.2, 0.3], "s": 2.0}}))
same = 0
for path, name, body in cases:
    a, b = post(A, path, body), post(B, path, body)
    if a != b:
        print("DIFFERENT", path, name, a[0], b[0], len(a[2]), len(b[2]))
        print(a[2][:300]); print(b[2][:300])
    else:
        same += 1
        print("same", a[0], len(a[2]), path, name)
print(same, "of", len(cases), "identical")

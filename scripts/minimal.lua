-- wrk request: the smallest possible gradient request, the baseline for the HTTP ratio (BENCHMARKS.md).
wrk.method = "POST"
wrk.path = "/api/v1/expressions/gradient"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"expression": "x", "bindings": {"x": 1}}'

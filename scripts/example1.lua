-- wrk request: the lecture note's Example 1 as one expression (README, OpenApiExamples.EXAMPLE_1_EXPRESSION).
wrk.method = "POST"
wrk.path = "/api/v1/expressions/gradient"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"expression": "exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)", "bindings": {"x": 2, "z": 3}}'

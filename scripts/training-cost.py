#!/usr/bin/env python3
"""Calibrates the training work model (network.NetworkCost) against a running server: three
networks of different shapes (200 1x1 layers; one 100x100 layer; ten 30x30 sigmoid layers over 8
examples), each trained twice; prints the model's work and the measured nanoseconds per unit.
If the model is right, the shapes cost about the same per unit.

  java -jar target/adjoint-*.jar --server.address=127.0.0.1 --server.port=18155 --adjoint.admission.request-time=120s &
  python3 scripts/training-cost.py http://127.0.0.1:18155
"""
import json
import sys
import time
import urllib.request

STEP_OVERHEAD, LAYER_OVERHEAD = 100, 250  # as in NetworkCost


def work(parameters, widths, layers, examples, epochs, batch=1):
    steps = (examples + batch - 1) // batch
    return epochs * (examples * (parameters + widths + STEP_OVERHEAD) + (steps + 1) * layers * LAYER_OVERHEAD)


def train(base, body):
    start = time.monotonic()
    req = urllib.request.Request(base + "/api/v1/networks/train", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=200).read()
    return time.monotonic() - start


def main():
    base = sys.argv[1].rstrip("/")
    cases = {
        "200 1x1 layers, 2 000 epochs": ({"layers": [{"weights": [[0.99]], "activation": "linear"} for _ in range(200)],
                                          "loss": "squared_error", "examples": [{"x": [1], "y": 1}],
                                          "learningRate": 0.001, "epochs": 2000}, work(200, 202, 200, 1, 2000)),
        "one 100x100 layer, 20 000 epochs": ({"layers": [{"weights": [[0.001] * 100 for _ in range(100)], "activation": "linear"}],
                                              "loss": "squared_error", "examples": [{"x": [1] * 100, "y": [1] * 100}],
                                              "learningRate": 0.001, "epochs": 20000}, work(10000, 300, 1, 1, 20000)),
        "ten 30x30 sigmoid layers, 8 examples, 500 epochs": ({"layers": [{"weights": [[0.01] * 30 for _ in range(30)], "activation": "sigmoid"}
                                                                         for _ in range(10)],
                                                              "loss": "squared_error", "examples": [{"x": [1] * 30, "y": [0.5] * 30}] * 8,
                                                              "learningRate": 0.01, "epochs": 500}, work(9000, 360, 10, 8, 500)),
    }
    for _ in range(2):
        for name, (body, units) in cases.items():
            seconds = train(base, body)
            print("%-50s work %.3g  %.2f s  %.2f ns a unit" % (name, units, seconds, seconds * 1e9 / units))


if __name__ == "__main__":
    main()

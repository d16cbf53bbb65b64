#!/usr/bin/env python3
"""An independent implementation of the instance generator adjoint-instance-v1, written from its
specification in src/main/java/dev/adjoint/grading/Instances.java, for checking (the values pinned in
InstancesTest and InstancesEndpointTest come from this script) or for drawing a student's values
without the service.

usage: scripts/instances-reference.py SEED VARIABLE ATTEMPT MIN MAX [STEP]"""
import hashlib, sys
from decimal import Decimal, getcontext, ROUND_FLOOR

getcontext().prec = 400  # exact for the products and sums of doubles below

def u64(seed, variable, attempt):
    h = hashlib.sha256(b"adjoint-instance-v1\0" + seed.encode() + b"\0" + variable.encode() + b"\0"
                       + str(attempt).encode()).digest()
    return int.from_bytes(h[:8], "big")

def draw(seed, variable, attempt, lo, hi, step=None):
    u = u64(seed, variable, attempt)
    if step is not None:
        q = ((Decimal(hi) - Decimal(lo)) / Decimal(step)).quantize(Decimal(1).scaleb(-40), rounding=ROUND_FLOOR)
        n = int((q + Decimal("1e-9")).to_integral_value(rounding=ROUND_FLOOR)) + 1
        value = float(Decimal(lo) + (u % n) * Decimal(step))  # Decimal(float) is exact; float() rounds once
    else:
        value = lo + ((u >> 11) * 2.0 ** -53) * (hi - lo)
    return min(value, hi)

if __name__ == "__main__":
    seed, variable, attempt, lo, hi = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
    step = float(sys.argv[6]) if len(sys.argv) > 6 else None
    print(repr(draw(seed, variable, attempt, lo, hi, step)))

"""PyTorch's side of BENCHMARKS.md "Higher order": the same 100-variable function as
src/bench/java/dev/adjoint/expression/HigherOrderBenchmark.java, sum of sin(x_i * x_{i+1}),
float64: one gradient, torch.autograd.functional.hvp and .hessian. Usage: python3 scripts/bench_higher_torch.py [threads]"""
import sys
import timeit

import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
torch.manual_seed(7)
N = 100
x = torch.randn(N, dtype=torch.float64)
v = torch.randn(N, dtype=torch.float64)


def f(x):
    return torch.sin(x[:-1] * x[1:]).sum()


def f_scalar(*xs):
    # the same function as a graph of 100 scalar inputs and ~300 scalar nodes, as Adjoint builds it
    return sum(torch.sin(xs[i] * xs[i + 1]) for i in range(N - 1))


def gradient():
    xr = x.detach().requires_grad_(True)
    return torch.autograd.grad(f(xr), xr)[0]


def hvp():
    return torch.autograd.functional.hvp(f, x, v)[1]


def hessian():
    return torch.autograd.functional.hessian(f, x)


def hessian_vectorized():
    return torch.autograd.functional.hessian(f, x, vectorize=True)


def hvp_scalar():
    return torch.autograd.functional.hvp(f_scalar, tuple(x.unbind()), tuple(v.unbind()))[1]


def gradient_scalar():
    xs = [t.detach().requires_grad_(True) for t in x.unbind()]
    return torch.autograd.grad(f_scalar(*xs), xs)


def best(fn, number):
    fn()
    return min(timeit.repeat(fn, number=number, repeat=5)) / number * 1e6


print(f"torch {torch.__version__}, float64, {torch.get_num_threads()} threads")
for name, fn, number in [("gradient (vectorized f)", gradient, 2000), ("hvp (vectorized f)", hvp, 1000),
                         ("hessian (vectorized f)", hessian, 20), ("hessian, vectorize=True", hessian_vectorized, 200),
                         ("gradient (100 scalar inputs)", gradient_scalar, 100), ("hvp (100 scalar inputs)", hvp_scalar, 50)]:
    print(f"{name:32s} {best(fn, number):12.1f} us")

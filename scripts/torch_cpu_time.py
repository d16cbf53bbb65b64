#!/usr/bin/python3
"""CPU time (of the calling thread) per call for torch_anchor.py's Example 1 and 128-64-10 batch 1
step: the counterpart of CoreCpuTime.java, steadier than wall time on a shared machine. Best of 10
rounds after 5 warm-up rounds. Usage: /usr/bin/python3 scripts/torch_cpu_time.py [threads]"""
import sys, time, torch
torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
torch.set_default_dtype(torch.float64)
torch.manual_seed(1)

def ex1():
    x = torch.tensor(2.0, requires_grad=True); z = torch.tensor(3.0, requires_grad=True)
    a = x * z; b = torch.log(x); c = torch.sin(b); d = torch.exp(a); e = a / b; f = c / a
    y = d + e + f
    gx, gz = torch.autograd.grad(y, [x, z])
    return y.item(), gx.item(), gz.item()

def mlp(sizes, batch):
    Ws = [torch.randn(sizes[i], sizes[i + 1], requires_grad=True) for i in range(len(sizes) - 1)]
    X = torch.randn(batch, sizes[0]); Y = torch.randint(0, sizes[-1], (batch,))
    def step():
        z = X
        for i, W in enumerate(Ws):
            u = z @ W
            z = torch.sigmoid(u) if i < len(Ws) - 1 else torch.log_softmax(u, dim=1)
        J = torch.nn.functional.nll_loss(z, Y)
        return torch.autograd.grad(J, Ws)
    return step

def cpu(fn, calls):
    best = float('inf')
    for r in range(15):
        t = time.thread_time_ns()
        for _ in range(calls): fn()
        us = (time.thread_time_ns() - t) / calls / 1e3
        if r >= 5: best = min(best, us)
    return best

print(f"torch {torch.__version__} threads {torch.get_num_threads()}")
print(f"Example 1                          {cpu(ex1, 2000):10.2f} us of CPU time")
print(f"128-64-10, batch 1, gradient step  {cpu(mlp([128, 64, 10], 1), 2000):10.2f} us of CPU time")

"""PyTorch twins of bench/train.ts's models, for a fair speed reference.

Same sizes as the TypeScript benchmark (8 categorical features x dim 8 -> 64
inputs, experts of one 256-unit layer, towers [256, 128, 64], 2 tasks: one
binary, one masked regression), same loss (Eq. 9 masked means), Adam.
Prints one JSON object: per model, parameters and train/inference samples/s;
with --serve, trains on request instead (see serve).
Run with Debian's /usr/bin/python3; set OPENBLAS_CORETYPE for OpenBLAS 0.3.21
on CPUs it does not recognise (see shared/PERF-NOTES.md).
"""
import argparse
import json
import sys
import time

import torch
from torch import nn

FEATURES, VOCAB, DIM, TASKS = 8, 1000, 8, 2


def mlp(widths, d_in):
    layers = []
    for w in widths:
        layers += [nn.Linear(d_in, w), nn.ReLU()]
        d_in = w
    return nn.Sequential(*layers), d_in


class Tower(nn.Module):
    def __init__(self, d_in, widths):
        super().__init__()
        self.body, d = mlp(widths, d_in)
        self.out = nn.Linear(d, 1)

    def forward(self, x):
        return self.out(self.body(x)).squeeze(1)


class Embed(nn.Module):
    def __init__(self):
        super().__init__()
        self.tables = nn.ModuleList(nn.Embedding(VOCAB, DIM) for _ in range(FEATURES))

    def forward(self, ids):
        return torch.cat([t(ids[:, i]) for i, t in enumerate(self.tables)], 1)


class HardSharing(nn.Module):
    def __init__(self, bottom=(256,), tower=(256, 128, 64)):
        super().__init__()
        self.embed = Embed()
        self.bottom, d = mlp(bottom, FEATURES * DIM)
        self.towers = nn.ModuleList(Tower(d, tower) for _ in range(TASKS))

    def forward(self, ids):
        h = self.bottom(self.embed(ids))
        return [t(h) for t in self.towers]


class Experts(nn.Module):
    """n single-layer experts as one matmul: [batch, n, units]."""

    def __init__(self, d_in, n, units):
        super().__init__()
        self.n, self.units = n, units
        self.layer = nn.Linear(d_in, n * units)

    def forward(self, x):
        return torch.relu(self.layer(x)).view(x.shape[0], self.n, self.units)


def mix(gate, x, experts):
    w = torch.softmax(gate(x), 1)  # [batch, n]
    return (w.unsqueeze(2) * experts).sum(1)


class Mmoe(nn.Module):
    def __init__(self, experts=3, units=256, tower=(256, 128, 64)):
        super().__init__()
        self.embed = Embed()
        d = FEATURES * DIM
        self.experts = Experts(d, experts, units)
        self.gates = nn.ModuleList(nn.Linear(d, experts) for _ in range(TASKS))
        self.towers = nn.ModuleList(Tower(units, tower) for _ in range(TASKS))

    def forward(self, ids):
        x = self.embed(ids)
        e = self.experts(x)
        return [t(mix(g, x, e)) for g, t in zip(self.gates, self.towers)]


class Ple(nn.Module):
    """Two CGC levels, one expert per task and one shared; a shared gate below the last level."""

    def __init__(self, levels=2, units=256, tower=(256, 128, 64)):
        super().__init__()
        self.embed = Embed()
        self.levels = nn.ModuleList()
        d = FEATURES * DIM
        for j in range(levels):
            lv = nn.Module()
            lv.task_experts = nn.ModuleList(Experts(d, 1, units) for _ in range(TASKS))
            lv.shared_experts = Experts(d, 1, units)
            lv.task_gates = nn.ModuleList(nn.Linear(d, 2) for _ in range(TASKS))
            lv.shared_gate = nn.Linear(d, TASKS + 1) if j < levels - 1 else None
            self.levels.append(lv)
            d = units
        self.towers = nn.ModuleList(Tower(units, tower) for _ in range(TASKS))

    def forward(self, ids):
        x = self.embed(ids)
        task_in, shared_in = [x] * TASKS, x
        for lv in self.levels:
            shared = lv.shared_experts(shared_in)
            own = [e(h) for e, h in zip(lv.task_experts, task_in)]
            outs = [mix(g, h, torch.cat([o, shared], 1)) for g, h, o in zip(lv.task_gates, task_in, own)]
            if lv.shared_gate is not None:
                shared_in = mix(lv.shared_gate, shared_in, torch.cat(own + [shared], 1))
            task_in = outs
        return [t(h) for t, h in zip(self.towers, task_in)]


def masked_mean(loss, mask):
    return (loss * mask).sum() / mask.sum().clamp(min=1)


def step_seconds(calls, f):
    """Median and fastest per-call time (as bench/native.ts): the median is robust to other processes
    sharing the cores for a moment; the fastest step is the code's speed when nothing else runs."""
    times = []
    for i in range(calls):
        t = time.perf_counter()
        f(i)
        times.append(time.perf_counter() - t)
    times.sort()
    return times[len(times) // 2], times[0]


def trainer(model, batch):
    """One training step of model on random data (the TypeScript benchmark's kind): step(i)."""
    g = torch.Generator().manual_seed(0)
    rows = batch * 8
    ids = torch.randint(0, VOCAB, (rows, FEATURES), generator=g)
    y0 = (torch.rand(rows, generator=g) < 0.3).float()
    y1 = torch.rand(rows, generator=g)
    m1 = (torch.rand(rows, generator=g) < 0.7).float()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    bce = nn.BCEWithLogitsLoss(reduction="none")

    def step(i):
        idx = torch.randint(0, rows, (batch,), generator=g)
        out = model(ids[idx])
        loss = masked_mean(bce(out[0], y0[idx]), torch.ones(batch)) + masked_mean((out[1] - y1[idx]) ** 2, m1[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()

    return step, ids


def bench(model, steps, batch, infer_batches):
    step, ids = trainer(model, batch)
    for i in range(3):
        step(i)
    median, fastest = step_seconds(steps, step)
    with torch.no_grad():
        big = ids[: batch * 4]
        model(big)
        infer = big.shape[0] / step_seconds(infer_batches, lambda i: model(big))[0]
    return {
        "parameters": sum(p.numel() for p in model.parameters()),
        "train": batch / median,
        "trainBest": batch / fastest,
        "inference": infer,
    }


def serve(models, batch):
    """Trains on request, for a caller that takes turns with its own steps (bench/torch-paired.ts):
    reads lines "<model> <steps>", answers each with one line, the JSON list of those steps' seconds."""
    steps = {}
    for line in sys.stdin:
        name, count = line.split()
        if name not in steps:
            steps[name] = trainer(models[name](), batch)[0]
        times = []
        for i in range(int(count)):
            t = time.perf_counter()
            steps[name](i)
            times.append(time.perf_counter() - t)
        print(json.dumps(times), flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--batch", type=int, default=1024)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--serve", action="store_true", help="train on request from stdin (see serve)")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    models = {"ple": Ple, "hard_sharing": HardSharing, "mmoe": Mmoe}
    if args.serve:
        serve(models, args.batch)
        return
    result = {"torch": torch.__version__, "threads": torch.get_num_threads(), "models": {}}
    for name, cls in models.items():
        result["models"][name] = bench(cls(), args.steps, args.batch, 5)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The `recite bench` workload W(V, d, B) in NumPy, for a side-by-side comparison.

One plain-SGD step (lr 0.5) of a context-1 log-bilinear softmax model with bias, float32:
    h = E[x]                      (B×d)   gather
    logits = h @ W + b            (B×V)
    g = (softmax(logits) - onehot(y)) / B
    dW = h.T @ g;  db = g.sum(0);  dh = g @ W.T   (dh before W changes)
    W -= lr·dW;  b -= lr·db;  E[x] -= lr·dh       (sorted segment sum: repeated tokens accumulate)
Tokens x ~ Zipf(1.1) over V; y = (7x + 3) mod V for 90% of examples, uniform otherwise; a pool of
16 batches is generated before timing. The scatter sorts the batch's tokens and sums each token's
rows with np.add.reduceat (np.add.at is unbuffered and several times slower at small d). FLOPs per step are counted as 6·B·d·V. The sgemm peak is
the best of several square float32 matmuls at the same thread count.

Threads are set with threadpoolctl when it is installed (pip install threadpoolctl), otherwise
through OPENBLAS_NUM_THREADS/OMP_NUM_THREADS, which must then be set before NumPy loads: run
once per thread count with --threads N.

NumPy wheels bundle their own OpenBLAS. On machines where OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are
set for an older system OpenBLAS, they also pin NumPy's kernel; unset both for this command alone to
let NumPy pick its own (the script prints the kernel it runs):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 scripts/bench/numpy_step.py
"""
import argparse
import json
import os
import sys
import time

SIZES = [(1024, 64, 256), (4096, 128, 512), (40960, 256, 256)]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="BLAS thread counts")
    p.add_argument("--size", action="append", default=[], help="V,d,B (repeatable)")
    p.add_argument("--d", type=int, nargs="+", default=[],
                   help="widths at V=1024, B=64 (the isoFLOP sweep's shape), e.g. --d 2 8 32 128")
    p.add_argument("--seconds", type=float, default=1.5, help="minimum timed seconds per cell")
    p.add_argument("--peak-size", type=int, default=2048, help="side of the square sgemm for the peak")
    p.add_argument("--quick", action="store_true", help="fewer steps (a smoke test)")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("--cpu-time", action="store_true",
                   help="time in process CPU seconds (one thread; for a shared machine), as recite bench --cpu-time")
    return p.parse_args()


args = parse_args()
try:
    from threadpoolctl import threadpool_info, threadpool_limits
except ImportError:  # fall back to the environment, read when NumPy's OpenBLAS starts
    threadpool_info = threadpool_limits = None
    if len(args.threads) != 1:
        sys.exit("without threadpoolctl, run once per thread count: --threads N")
    os.environ["OPENBLAS_NUM_THREADS"] = os.environ["OMP_NUM_THREADS"] = str(args.threads[0])

import numpy as np  # noqa: E402  (after the thread environment is set)


def blas_info():
    if threadpool_info is None:
        return "threadpoolctl not installed; kernel unknown"
    libs = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    return "; ".join(f"{i.get('internal_api')} {i.get('version')} core={i.get('architecture')} "
                     f"threading={i.get('threading_layer')}" for i in libs) or "no BLAS found"


def batch_pool(V, B, count, seed):
    rng = np.random.default_rng(seed)
    w = 1.0 / np.arange(1, V + 1) ** 1.1
    w /= w.sum()
    pool = []
    for _ in range(count):
        x = rng.choice(V, size=B, p=w)
        y = np.where(rng.random(B) < 0.9, (7 * x + 3) % V, rng.integers(0, V, size=B))
        pool.append((x.astype(np.int64), y.astype(np.int64)))
    return pool


def make_step(V, d, B, lr, seed):
    rng = np.random.default_rng(seed)
    E = (rng.standard_normal((V, d)) / np.sqrt(d)).astype(np.float32)
    W = (rng.standard_normal((d, V)) / np.sqrt(d)).astype(np.float32)
    b = np.zeros(V, np.float32)
    logits = np.empty((B, V), np.float32)
    dW = np.empty((d, V), np.float32)
    dh = np.empty((B, d), np.float32)
    rows = np.arange(B)

    def step(x, y):
        nonlocal logits, W, b, dW                   # in-place operators below rebind the same arrays
        h = E[x]                                   # (B, d)
        np.matmul(h, W, out=logits)                # (B, V)
        logits += b
        m = logits.max(axis=1, keepdims=True)
        loss = float(np.mean(m[:, 0] - logits[rows, y]))
        logits -= m
        np.exp(logits, out=logits)
        s = logits.sum(axis=1, keepdims=True)
        loss += float(np.mean(np.log(s)))
        logits *= 1.0 / (s * B)                    # g = softmax / B ...
        logits[rows, y] -= 1.0 / B                 # ... − onehot / B
        np.matmul(logits, W.T, out=dh)             # dh = g Wᵀ (before W changes)
        np.matmul(h.T, logits, out=dW)             # dW = hᵀ g
        db = logits.sum(axis=0)
        dW *= lr
        W -= dW
        b -= lr * db
        order = np.argsort(x, kind="stable")       # scatter-add as a sorted segment sum:
        xs = x[order]                              # repeated tokens are summed, then applied once
        starts = np.flatnonzero(np.r_[True, xs[1:] != xs[:-1]])
        E[xs[starts]] -= lr * np.add.reduceat(dh[order], starts, axis=0)
        return loss

    return step


def clock():
    return time.process_time() if args.cpu_time else time.perf_counter()


def sgemm_peak(n, repeats):
    rng = np.random.default_rng(3)
    a = rng.random((n, n), dtype=np.float32) - 0.5
    c = rng.random((n, n), dtype=np.float32) - 0.5
    out = np.empty((n, n), np.float32)
    np.matmul(a, c, out=out)
    best = float("inf")
    for _ in range(repeats):
        t0 = clock()
        np.matmul(a, c, out=out)
        best = min(best, clock() - t0)
    return 2 * n ** 3 / best / 1e9


def measure(V, d, B, seconds, min_steps, seed=1):
    pool = batch_pool(V, B, 16, seed)
    step = make_step(V, d, B, 0.5, seed)
    for s in range(3):
        step(*pool[s % 16])
    steps, t0 = 0, clock()
    while True:
        loss = step(*pool[steps % 16])
        steps += 1
        elapsed = clock() - t0
        if elapsed >= seconds and steps >= min_steps:
            break
    return steps, elapsed, loss


def main():
    sizes = [tuple(int(v) for v in s.split(",")) for s in args.size] + [(1024, d, 64) for d in args.d]
    sizes = sizes or SIZES
    seconds = min(args.seconds, 0.2) if args.quick else args.seconds
    peak_n = min(args.peak_size, 1024) if args.quick else args.peak_size
    if not args.json:
        print(f"NumPy {np.__version__}; BLAS: {blas_info()}")
        print(f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')} "
              f"OPENBLAS_L2_SIZE={os.environ.get('OPENBLAS_L2_SIZE', '(unset)')}")
        print("      V     d     B  threads      tokens/s   GFLOP/s  sgemm peak  % peak")
    for t in args.threads:
        ctx = threadpool_limits(limits=t, user_api="blas") if threadpool_limits else None
        try:
            peak = sgemm_peak(peak_n, 2 if args.quick else 5)
            for V, d, B in sizes:
                steps, elapsed, loss = measure(V, d, B, seconds, 2 if args.quick else 5)
                tok = steps * B / elapsed
                gflops = 6 * B * d * V * steps / elapsed / 1e9
                if args.json:
                    print(json.dumps({"V": V, "d": d, "B": B, "threads": t, "tokens_per_s": round(tok, 1),
                                      "gflops": round(gflops, 2), "sgemm_peak_gflops": round(peak, 2),
                                      "steps": steps, "impl": "numpy"}))
                else:
                    print(f"{V:7d} {d:5d} {B:5d} {t:8d} {tok:13.0f} {gflops:9.1f} {peak:11.1f} {100 * gflops / peak:6.1f}%")
                sys.stdout.flush()
        finally:
            if ctx is not None:
                ctx.restore_original_limits()


if __name__ == "__main__":
    main()

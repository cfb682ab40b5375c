"""A fused numba prototype of the kernel's hot stages, timed against the NumPy kernel's same
stages (not part of the suite; needs ``pip install numba``, which ssestrategy does not depend on).

``python benchmarks/fused_prototype.py [--national]``

The stages: peer learning over the normalised tie matrix (the sparse product), the clamps,
depreciation, the CES success of every target actor (single-precision powers, one exponent per
scenario) and the survival update; once with the CES and survival (``with CES``) and once
without (``without CES``). One loop over actors computes all of them for every scenario, so
each capacity value is read and written once per period. It answers one question: would a
compiled kernel reach the issue 8 targets? Measured numbers and the answer are in
``benchmarks/README.md``.
"""

from __future__ import annotations

import math
import sys
import time
from typing import Any

import attrs
import numba
import numpy as np

from ssestrategy.datasets import synthetic_territory, tiznit
from ssestrategy.network.poles import ces_success
from ssestrategy.simulation.compile import compile_case

HW, HS, AGE = 0.1, 0.02, 0.25  # hazards and period length (years) of the timed step


@numba.njit(cache=False)
def fused(indptr, indices, data, cap, new, alive, lr, keep, rho, t_lo, t_hi):  # type: ignore[no-untyped-def]
    n_a, n_f, n_s = cap.shape
    acc = np.empty((n_f, n_s))
    for i in range(n_a):
        acc[:] = 0.0
        for jj in range(indptr[i], indptr[i + 1]):
            j = indices[jj]
            w = data[jj]
            for f in range(n_f):
                for s in range(n_s):
                    acc[f, s] += w * cap[j, f, s]
        has_ties = indptr[i + 1] > indptr[i]
        for f in range(n_f):
            for s in range(n_s):
                c = cap[i, f, s]
                g = c
                if has_ties:
                    g = min(max(c + (acc[f, s] - c) * lr[s], c), 1.0)
                new[i, f, s] = g * keep[s]
        if t_lo <= i < t_hi:
            for s in range(n_s):
                m = new[i, 0, s]
                for f in range(1, n_f):
                    m = min(m, new[i, f, s])
                success = 0.0
                if m > 0.0:
                    r = np.float32(rho[s])
                    mp = np.float32(m)
                    total = np.float32(0.0)
                    for f in range(n_f):
                        total += math.exp(r * math.log(np.float32(new[i, f, s]) / mp))
                    success = m * math.exp(math.log(total / np.float32(n_f)) / r)
                alive[i, s] *= math.exp(success * (HW - HS) * AGE - HW * AGE)


def numpy_stages(cc: Any, cap: Any, alive: Any, lr: Any, keep: Any, rho: Any, ces: bool) -> None:
    n_a, _, n_s = cap.shape
    gap = np.asarray(cc.ties0_normalised @ cap.reshape(n_a, 4 * n_s)).reshape(n_a, 4, n_s)
    gap -= cap
    gap *= lr
    gap += cap
    np.maximum(gap, cap, out=cap)
    np.minimum(cap, 1.0, out=cap)
    cap *= keep
    if ces:
        rows = slice(int(cc.target_idx[0]), int(cc.target_idx[-1]) + 1)
        s = ces_success(cap[rows], rho, axis=1, power_dtype=np.float32)
        alive[rows] *= np.exp(s * ((HW - HS) * AGE) - HW * AGE)


def bench(case: Any, n_s: int, repeat: int) -> None:
    cc = compile_case(case)
    n_a = cc.n_actors
    t_lo, t_hi = int(cc.target_idx[0]), int(cc.target_idx[-1]) + 1
    assert t_hi - t_lo == cc.n_targets  # target actors are one block of rows
    cap0 = np.ascontiguousarray(np.broadcast_to(cc.capacity0[:, :, None], (n_a, 4, n_s)))
    lr = np.full(n_s, 0.05)
    keep = np.full(n_s, 1.0 - 0.05 / 4)
    rho = np.linspace(-5.0, -2.0, n_s)
    w = cc.ties0_normalised
    for ces in (True, False):
        best_np = best_nb = math.inf
        for _ in range(repeat + 1):  # the first fused call compiles
            c, a = cap0.copy(), np.ones((n_a, n_s))
            t0 = time.perf_counter()
            numpy_stages(cc, c, a, lr, keep, rho, ces)
            best_np = min(best_np, time.perf_counter() - t0)
            c2, new, a2 = cap0.copy(), np.empty_like(cap0), np.ones((n_a, n_s))
            t0 = time.perf_counter()
            hi = t_hi if ces else t_lo
            fused(w.indptr, w.indices, w.data, c2, new, a2, lr, keep, rho, t_lo, hi)
            best_nb = min(best_nb, time.perf_counter() - t0)
        diff = float(np.abs(new - c).max())
        alive = float(np.abs(a2 / a - 1.0).max())
        label = "with CES" if ces else "without CES"
        print(
            f"{n_a} actors, {n_s} scenarios, {label}: NumPy {best_np / n_s * 1e6:.1f}, fused "
            f"{best_nb / n_s * 1e6:.1f} microseconds per scenario-period "
            f"(capacity diff {diff:.1e}, survival rel. diff {alive:.1e})"
        )


if __name__ == "__main__":
    print(f"numba {numba.__version__}, numpy {np.__version__}")
    bench(tiznit(), 256, 20)
    if "--national" in sys.argv:
        national = attrs.evolve(tiznit(), territory=synthetic_territory(60_000, 500_000, seed=0))
        bench(national, 11, 3)

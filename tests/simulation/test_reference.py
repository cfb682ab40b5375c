"""The vectorised kernel against the plain-Python, loop-per-actor reference
(``benchmarks/reference.py``) on small random cases: one period from random states, and the
outcomes, agree to 1e-12 (to 1e-5 when each scenario has its own CES exponent, whose powers the
kernel evaluates in single precision)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest
from simcases import random_case, sampled_inputs

from ssestrategy.simulation.compile import compile_case
from ssestrategy.simulation.kernel import (
    OUTCOME_NAMES,
    initial_state,
    measure,
    step,
)

_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "reference.py"
_spec = importlib.util.spec_from_file_location("ssestrategy_reference", _PATH)
assert _spec is not None and _spec.loader is not None
reference = importlib.util.module_from_spec(_spec)
sys.modules["ssestrategy_reference"] = reference
_spec.loader.exec_module(reference)


def _compare(kst, rst, tol: float) -> None:  # type: ignore[no-untyped-def]
    np.testing.assert_allclose(kst.capacity, np.asarray(rst["C"]), rtol=tol, atol=tol)
    np.testing.assert_allclose(kst.alive, np.asarray(rst["A"]), rtol=tol, atol=tol)
    np.testing.assert_allclose(kst.cover, np.asarray(rst["P"]), rtol=tol, atol=tol)
    np.testing.assert_allclose(
        kst.success, np.asarray(rst["success"]).reshape(kst.success.shape), rtol=tol, atol=tol
    )
    np.testing.assert_allclose(
        kst.pole_success,
        np.asarray(rst["pole_success"]).reshape(kst.pole_success.shape),
        rtol=tol,
        atol=tol,
    )
    for name in ("cum_spend", "cum_women", "cum_rural", "peak"):
        np.testing.assert_allclose(
            getattr(kst, name), np.asarray(rst[name]), rtol=tol, atol=tol * 1e3
        )
    np.testing.assert_allclose(kst.window, np.asarray(rst["window"]), rtol=tol, atol=tol * 1e3)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("rho_uncertain", [False, True])
def test_step_matches_reference(seed: int, rho_uncertain: bool) -> None:
    case = random_case(seed, rho_uncertain=rho_uncertain, n_actors=5 + seed % 4)
    cc = compile_case(case)
    n = 3
    x = sampled_inputs(case, cc, n, seed, shared_rho=not rho_uncertain)
    tol = 1e-5 if rho_uncertain else 1e-12
    for strat in (None, *cc.strategies):
        st = initial_state(cc, strat, x)
        ref = reference.ReferenceModel(cc, strat, x)
        for _ in range(cc.n_periods):
            # one kernel period and one reference period from the same state
            rst = ref.state_from(st)
            step(cc, strat, x, st)
            ref.step(rst)
            _compare(st, rst, tol)
            km = measure(cc, x, st)
            rm = ref.measure(rst)
            for o, name in enumerate(OUTCOME_NAMES):
                np.testing.assert_allclose(km[o], rm[name], rtol=tol, atol=tol, err_msg=name)

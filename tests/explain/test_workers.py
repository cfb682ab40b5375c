"""The sensitivity analyses on an executor: the model rows run in fixed chunks placed by
index, so the result is bit-identical in this process, on threads and on processes."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pytest

from ssestrategy.datasets import tiznit
from ssestrategy.explain.inputs import input_space
from ssestrategy.explain.study import _CaseModel, sensitivity

PAIR = ["canadian-agency", "national-2010-2020"]


@pytest.fixture(scope="module")
def rows() -> tuple[object, np.ndarray]:
    case = tiznit()
    inputs = input_space(case, parameters=["learning_rate", "max_gain", "entry_rate"])
    lo = np.array([i.low for i in inputs])
    hi = np.array([i.high for i in inputs])
    x = lo + (hi - lo) * np.random.default_rng(5).random((11, len(inputs)))
    return inputs, x


@pytest.mark.parametrize("output", ["jobs", "composite"])
def test_chunks_on_processes_equal_one_serial_block(rows, output) -> None:  # type: ignore[no-untyped-def]
    inputs, x = rows
    case = tiznit()
    serial = _CaseModel(case, PAIR, inputs, output, None)(x)  # one chunk of 1,024 rows
    with ProcessPoolExecutor(2) as pool:
        parallel = _CaseModel(case, PAIR, inputs, output, None, chunk=3, executor=pool)(x)
    np.testing.assert_array_equal(parallel, serial)


def test_sensitivity_is_the_same_on_threads_and_shows_progress(capsys) -> None:  # type: ignore[no-untyped-def]
    case = tiznit()
    kw = {"output": "jobs", "method": "morris", "trajectories": 3, "rng": 4}
    names = ["learning_rate", "max_gain"]
    alone = sensitivity(case, PAIR, parameters=names, **kw)
    with ThreadPoolExecutor(2) as pool:
        threaded = sensitivity(case, PAIR, parameters=names, executor=pool, progress=True, **kw)
    np.testing.assert_array_equal(threaded.result.mu_star, alone.result.mu_star)
    np.testing.assert_array_equal(threaded.result.sigma, alone.result.sigma)
    assert threaded.mean_output == alone.mean_output
    assert capsys.readouterr().err == ""  # one chunk of rows: no bar to draw

"""simulate and Ensemble: determinism across chunks and executors, summaries, persistence."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pytest
from simcases import random_case

import ssestrategy
from ssestrategy._progress import Progress
from ssestrategy.errors import ModelError, SSEError
from ssestrategy.io import case_hash
from ssestrategy.model import Distribution, ScenarioSpace, Strategy, Uncertainty
from ssestrategy.simulation import Ensemble, simulate


@pytest.fixture(scope="module")
def case():  # type: ignore[no-untyped-def]
    return random_case(5, n_actors=8, n_strategies=3, rho_uncertain=True)


@pytest.fixture(scope="module")
def reference(case):  # type: ignore[no-untyped-def]
    return simulate(case, n_scenarios=13, rng=42)


@pytest.mark.parametrize("chunk_size", [1, 7, 13, 100])
def test_bit_identical_whatever_the_chunk_size(case, reference, chunk_size: int) -> None:  # type: ignore[no-untyped-def]
    assert simulate(case, n_scenarios=13, rng=42, chunk_size=chunk_size) == reference


def test_bit_identical_on_a_process_pool(case, reference) -> None:  # type: ignore[no-untyped-def]
    with ProcessPoolExecutor(2) as ex:
        assert simulate(case, n_scenarios=13, rng=42, chunk_size=3, executor=ex) == reference
    with ThreadPoolExecutor(3) as ex:
        assert simulate(case, n_scenarios=13, rng=42, chunk_size=2, executor=ex) == reference
        # streaming summaries fold chunks in scenario order, whatever order they finish in
        serial = simulate(case, n_scenarios=13, rng=42, keep="summary")
        pooled = simulate(case, n_scenarios=13, rng=42, keep="summary", chunk_size=1, executor=ex)
        assert pooled == serial


def test_bit_identical_on_dask(case, reference) -> None:  # type: ignore[no-untyped-def]
    distributed = pytest.importorskip("distributed")
    with distributed.Client(
        processes=False, n_workers=1, threads_per_worker=2, dashboard_address=":0"
    ) as client:
        ex = client.get_executor()
        assert simulate(case, n_scenarios=13, rng=42, chunk_size=4, executor=ex) == reference


def test_dask_client_directly_and_worker_processes(case, reference) -> None:  # type: ignore[no-untyped-def]
    """A ``distributed.Client`` is accepted as it is (not only its executor), and a cluster of
    worker processes gives the serial result: the compiled case is scattered once."""
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        assert simulate(case, n_scenarios=13, rng=42, chunk_size=4, executor=client) == reference
        assert (
            simulate(case, n_scenarios=13, rng=42, chunk_size=5, executor=client.get_executor())
            == reference
        )


def test_a_chunk_job_does_not_carry_the_compiled_case(case) -> None:  # type: ignore[no-untyped-def]
    """What each chunk job pickles is small and does not grow with the territory: the compiled
    case goes once per worker (shared memory for a process pool, a scattered future on Dask)."""
    import pickle

    import attrs

    from ssestrategy.datasets import national_sector
    from ssestrategy.simulation import dispatch
    from ssestrategy.simulation.compile import compile_case
    from ssestrategy.simulation.engine import _Job, _Shared
    from ssestrategy.simulation.sampling import make_plan

    sizes = []
    for whole_case in (case, national_sector(n_cooperatives=3000)):
        big = attrs.evolve(whole_case, strategies=whole_case.strategies[:1])
        cc = compile_case(big)
        plan = make_plan(big, 64, rng=0)
        job = _Job(plan=plan.chunk(0, 16), lo=0, hi=16)
        shared = _Shared(cc=cc, base=big.parameter_values(), record=np.arange(3), shared_rho=True)
        with ProcessPoolExecutor(1) as pool, dispatch._shared(shared, pool) as (handle, _):
            sizes.append(len(pickle.dumps((job, handle))))
            assert handle.get().cc.n_actors == cc.n_actors  # it reads back
            whole = len(pickle.dumps(shared))
    assert whole > 50 * sizes[-1]  # the 3,000-cooperative case is 50 times the job
    assert sizes[0] < 20_000 and abs(sizes[1] - sizes[0]) < 1_000


def test_other_seeds_and_samplers_differ(case, reference) -> None:  # type: ignore[no-untyped-def]
    assert simulate(case, n_scenarios=13, rng=43) != reference
    lhs = simulate(case, n_scenarios=13, rng=42, sampler="lhs")
    assert lhs != reference
    np.testing.assert_array_equal(lhs.event_onset, reference.event_onset)
    assert lhs == simulate(case, n_scenarios=13, rng=42, sampler="lhs", chunk_size=5)


def test_common_random_numbers(case, reference) -> None:  # type: ignore[no-untyped-def]
    """A strategy's results do not depend on which other strategies are simulated with it."""
    alone = simulate(case, [case.strategies[1]], n_scenarios=13, rng=42)
    for name in reference.outcome_names:
        np.testing.assert_array_equal(alone.outcome(name)[0], reference.outcome(name)[1])
    np.testing.assert_array_equal(alone.inputs, reference.inputs)


def test_outcomes_checkpoints_and_trajectories(case) -> None:  # type: ignore[no-untyped-def]
    ens = simulate(case, n_scenarios=5, rng=1, trajectories=True)
    assert ens.years.tolist() == [0.0, 1.0, 2.0]
    for name in ("survival", "spend", "capacity"):
        traj = ens.trajectory(name)
        assert traj.shape == (3, 5, ens.periods + 1)
        for y in ens.years:
            np.testing.assert_array_equal(ens.outcome(name, at=y), traj[:, :, int(y * 4)])
    assert ens.inputs.shape == (5, len(ens.input_names))
    assert ens.event_onset.shape == ens.event_severity.shape == (5, 2)
    assert (ens.outcome("survival", at=0) == 1.0).all()
    assert np.isfinite(ens.checkpoints).all()
    with pytest.raises(ValueError, match="read-only"):
        ens.outcome("jobs")[0, 0] = 1.0  # results are read-only
    plain = simulate(case, n_scenarios=5, rng=1)
    np.testing.assert_array_equal(plain.checkpoints, ens.checkpoints)
    with pytest.raises(ModelError):
        plain.trajectory("survival")
    with pytest.raises(ModelError) as err:
        plain.outcome("survival", at=1.5)
    assert err.value.path == "at"
    with pytest.raises(ModelError):
        plain.outcome("wealth")


def test_horizon_not_a_whole_number_of_years(case) -> None:  # type: ignore[no-untyped-def]
    ens = simulate(case, n_scenarios=2, rng=1, periods=6)
    assert ens.years.tolist() == [0.0, 1.0, 1.5]


def test_summary_mode_streams_in_flat_memory(case, reference) -> None:  # type: ignore[no-untyped-def]
    summ = simulate(case, n_scenarios=13, rng=42, keep="summary")
    assert summ.checkpoints is None and summ.stats is not None
    assert summ.stats.count == 13
    np.testing.assert_allclose(
        summ.stats.mean, reference.checkpoints.mean(axis=-1), rtol=1e-12, atol=1e-9
    )
    var = reference.checkpoints.var(axis=-1) * 13
    np.testing.assert_allclose(summ.stats.m2, var, rtol=1e-8, atol=1e-6)
    np.testing.assert_array_equal(summ.stats.minimum, reference.checkpoints.min(axis=-1))
    assert summ == simulate(case, n_scenarios=13, rng=42, keep="summary", chunk_size=3)
    # histogram quantiles are within a bin of the exact ones
    exact, approx = reference.summary(), summ.summary()
    assert approx.method == "histogram" and exact.method == "exact"
    width = (summ.stats.bounds[..., 1] - summ.stats.bounds[..., 0]).T / 1024
    assert (np.abs(approx.median - exact.median) <= 2 * width + 1e-12).all()
    with pytest.raises(ModelError):
        summ.outcome("survival")
    with pytest.raises(ModelError):
        _ = summ.inputs
    with pytest.raises(ModelError):
        simulate(case, n_scenarios=2, rng=1, keep="summary", trajectories=True)


def test_summary_text_and_html(reference) -> None:  # type: ignore[no-untyped-def]
    s = reference.summary(quantiles=(0.25, 0.75))
    assert s.median.shape == (3, len(reference.outcome_names))
    assert (s.low <= s.median + 1e-12).all() and (s.median <= s.high + 1e-12).all()
    np.testing.assert_allclose(s.median[:, 1], np.median(reference.outcome("survival"), axis=1))
    text = reference.format_summary()
    assert "survival" in text and "s0" in text and "[10%, 90%]" in text
    assert "<table>" in reference._repr_html_()
    json.dumps(s.to_dict())
    with pytest.raises(ModelError):
        reference.summary(quantiles=(0.6, 0.9))


def test_save_and_load_losslessly(tmp_path, case, reference) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "ens.npz"
    reference.save(p)
    loaded = Ensemble.load(p)
    assert loaded == reference
    assert loaded.provenance == reference.provenance
    with np.load(p, allow_pickle=False) as z:
        assert all(z[k].dtype != object for k in z.files)
    summ = simulate(case, n_scenarios=4, rng=2, keep="summary")
    summ.save(tmp_path / "s.npz")
    assert Ensemble.load(tmp_path / "s.npz") == summ
    traj = simulate(case, n_scenarios=2, rng=2, trajectories=True)
    traj.save(tmp_path / "t.npz")
    assert Ensemble.load(tmp_path / "t.npz") == traj
    (tmp_path / "bad.npz").write_bytes(b"not an archive")
    with pytest.raises(ModelError):
        Ensemble.load(tmp_path / "bad.npz")


def test_provenance(case, reference) -> None:  # type: ignore[no-untyped-def]
    prov = reference.provenance
    assert prov["case_hash"] == case_hash(case)
    assert prov["seed"] == 42 and prov["sampler"] == "mc" and prov["n_scenarios"] == 13
    assert prov["version"] == ssestrategy.__version__
    assert prov["n_periods"] == reference.periods == 8
    assert "Ensemble(" in repr(reference)


def test_to_frame(reference, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pd = pytest.importorskip("pandas")
    df = reference.to_frame()
    assert isinstance(df, pd.DataFrame)
    assert df.shape == (3 * 13, len(reference.outcome_names) + len(reference.input_names))
    np.testing.assert_array_equal(df.loc["s1"]["jobs"].to_numpy(), reference.outcome("jobs")[1])
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(SSEError):
        reference.to_frame()


def test_progress_bar() -> None:
    buf = io.StringIO()
    bar = Progress(10, True, stream=buf)
    bar.update(4)
    bar.update(6)
    text = buf.getvalue()
    assert "40.0%" in text and "100.0%" in text and text.endswith("\n")


def test_progress_on_stderr(case, capsys) -> None:  # type: ignore[no-untyped-def]
    simulate(case, n_scenarios=4, rng=1, chunk_size=2, progress=True)
    assert "(4/4 scenarios)" in capsys.readouterr().err


def test_argument_errors(case) -> None:  # type: ignore[no-untyped-def]
    bad = [
        dict(keep="most"),
        dict(chunk_size=0),
        dict(sampler="grid"),
        dict(strategies=[]),
        dict(strategies=["nope"]),
        dict(n_scenarios=0),
    ]
    for kw in bad:
        kwargs = {"n_scenarios": 3, "rng": 1, **kw}
        strategies = kwargs.pop("strategies", None)
        with pytest.raises(ModelError):
            simulate(case, strategies, **kwargs)
    with pytest.raises(ModelError):
        simulate("case", n_scenarios=2, rng=1)  # type: ignore[arg-type]


def test_parameter_domains_are_checked(case) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ModelError) as err:
        simulate(case.with_parameters(ces_rho=0.5), n_scenarios=2, rng=1)
    assert err.value.path == "parameters.ces_rho"
    space = ScenarioSpace(
        parameters=(
            Uncertainty(
                parameter="funding_shortfall",
                distribution=Distribution(kind="uniform", low=0.0, high=1.5),
            ),
        )
    )
    import attrs

    with pytest.raises(ModelError) as err:
        simulate(attrs.evolve(case, uncertainties=space), n_scenarios=2, rng=1)
    assert err.value.path == "uncertainties.parameters[0].distribution"


def test_a_single_strategy_object(case) -> None:  # type: ignore[no-untyped-def]
    s = Strategy(id="none", name="Nothing")
    ens = simulate(case, s, n_scenarios=2, rng=1)
    assert ens.strategies == ("none",)
    assert (ens.outcome("spend") == 0).all()


def test_model_doc_lists_every_parameter() -> None:
    """docs/model.md holds the parameter table generated from DEFAULT_PARAMETERS, verbatim."""
    from pathlib import Path

    from ssestrategy.model import DEFAULT_PARAMETERS
    from ssestrategy.simulation._docs import parameter_table

    doc = (Path(__file__).resolve().parents[2] / "docs" / "model.md").read_text(encoding="utf-8")
    assert parameter_table() in doc
    for name in DEFAULT_PARAMETERS:
        assert f"`{name}`" in doc
    from ssestrategy.model import OUTCOMES

    for name in OUTCOMES:
        assert f"`{name}`" in doc or name.startswith("capacity_")


@pytest.mark.skipif(sys.platform != "linux", reason="glibc's allocator settings")
def test_a_worker_started_with_a_small_trim_threshold_gets_roomy_malloc() -> None:
    """Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536: every array temporary
    is then mapped and page-faulted afresh (the kernel ran 3-4x slower). Inside a chunk the
    allocator reuses its heap; counted in page faults, not seconds."""
    code = (
        "import resource, numpy as np\n"
        "from ssestrategy.simulation.dispatch import _roomy_malloc\n"
        "def faults(run):\n"
        "    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt\n"
        "    run()\n"
        "    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before\n"
        "a = np.ones(2**18)\n"
        "def churn():\n"
        "    for _ in range(200):\n"
        "        b = a * 2.0\n"
        "        del b\n"
        "def inside():\n"
        "    with _roomy_malloc():\n"
        "        churn()\n"
        "print(faults(churn), faults(inside), faults(churn))\n"
    )
    env = {**os.environ, "MALLOC_TRIM_THRESHOLD_": "65536"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    plain, roomy, after = (int(v) for v in out.stdout.split())
    assert plain > 200 * 100  # 2 MiB mapped afresh each time: ~512 faults each
    assert roomy < plain / 10
    assert after > 200 * 100  # the worker's own settings are back afterwards


@pytest.mark.skipif(sys.platform != "linux", reason="glibc's allocator settings")
@pytest.mark.parametrize("setting", ["", "system"])
def test_chunks_run_in_this_process_get_roomy_malloc_unless_told_not_to(setting: str) -> None:
    """The in-process path (no executor) runs its chunks with roomy thresholds too, and
    SSESTRATEGY_MALLOC=system leaves the allocator alone (counted in page faults)."""
    code = (
        "import resource, numpy as np\n"
        "from ssestrategy.simulation.dispatch import run_chunks\n"
        "a = np.ones(2**18)\n"
        "def churn(shared, job):\n"
        "    for _ in range(200):\n"
        "        b = a * 2.0\n"
        "        del b\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt\n"
        "run_chunks(churn, None, [0], lambda j, r: None)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)\n"
    )
    env = {**os.environ, "MALLOC_TRIM_THRESHOLD_": "65536", "SSESTRATEGY_MALLOC": setting}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    faults = int(out.stdout)
    if setting == "system":
        assert faults > 200 * 100
    else:
        assert faults < 200 * 10


def test_a_shared_block_rewritten_after_it_was_written_is_not_unpickled() -> None:
    """The compiled case reaches process workers through shared memory; a worker unpickles
    only the bytes the run wrote (HMAC with a per-run key carried by the job)."""
    from multiprocessing import shared_memory

    from ssestrategy.errors import SimulationError
    from ssestrategy.simulation import dispatch

    with ProcessPoolExecutor(1) as pool, dispatch._shared({"base": 10}, pool) as (handle, _):
        assert handle.get() == {"base": 10}
        dispatch._cache.clear()
        block = shared_memory.SharedMemory(name=handle.name)
        try:
            assert block.buf is not None
            block.buf[handle.size - 2] ^= 0xFF  # one byte changed by someone else
        finally:
            block.close()
        with pytest.raises(SimulationError, match="altered"):
            handle.get()

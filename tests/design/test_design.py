"""The design search (issue 13): the space, the one evaluation path, the search, the value of
information and the command."""

from __future__ import annotations

import contextlib
import io
import json
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import attrs
import numpy as np
import pytest
from scipy import stats

from ssestrategy.cli import main
from ssestrategy.datasets import tiznit
from ssestrategy.design import DesignSpace, Evaluator, optimize, value_of_information
from ssestrategy.errors import ModelError
from ssestrategy.model import Case, Strategy, instrument
from ssestrategy.simulation import simulate
from ssestrategy.simulation.evaluate import OUTCOME_NAMES


@cache
def _case() -> Case:
    return tiznit()


@cache
def _space() -> DesignSpace:
    return DesignSpace.of(_case())


@pytest.mark.parametrize("chunk", [1, 7, None])
def test_every_template_through_the_design_path_is_what_simulate_gives(chunk: int | None) -> None:
    case, space = _case(), _space()
    ev = Evaluator(case, space)
    futures = ev.futures(5, rng=11)
    with ThreadPoolExecutor(2) as pool:
        got = ev.run(space.rows_of(case.strategies), futures, chunk_size=chunk, executor=pool)
    ref = simulate(case, n_scenarios=5, rng=11).checkpoints
    assert np.array_equal(got, ref)


def test_a_design_does_not_depend_on_its_batch() -> None:
    case, space = _case(), _space()
    ev = Evaluator(case, space)
    futures = ev.futures(4, rng=2)
    x = space.decode(np.random.default_rng(0).random((5, space.n_genes)))
    whole = ev.run(space.rows(x), futures, chunk_size=1000)
    alone = ev.run(space.rows(x[2:3]), futures, chunk_size=3)
    assert np.array_equal(whole[:, :, 2:3], alone)


def test_a_template_is_a_point_and_comes_back() -> None:
    space = _space()
    for s in _case().strategies:
        x = space.point_of(s)
        back = space.strategy(x, run="test")
        assert "designed" in back.provenance.note  # type: ignore[union-attr]
        assert back.total_budget() == pytest.approx(s.total_budget(), rel=1e-12)
        assert sorted(iv.budget for iv in back.interventions) == pytest.approx(
            sorted(iv.budget for iv in s.interventions), rel=1e-12
        )
        assert np.allclose(space.decode(space.encode(x)), x, atol=1e-12)


def test_points_outside_the_space_are_refused_at_their_path() -> None:
    space = _space()
    line = _case().strategies[1].interventions[0]
    odd = Strategy(id="odd", name="odd", interventions=(attrs.evolve(line, duration=2.0),))
    with pytest.raises(ModelError) as err:
        space.point_of(odd)
    assert err.value.path == "odd.interventions[0].duration"
    alien = Strategy(
        id="alien", name="alien", interventions=(instrument("grants").intervention(budget=1.0),)
    )
    with pytest.raises(ModelError) as err:
        space.point_of(alien)
    assert err.value.path == "alien.interventions[0]"
    with pytest.raises(ModelError) as err:
        DesignSpace.of(_case(), start=(0.0, 7.0))
    assert err.value.path == "start"
    with pytest.raises(ModelError) as err:
        DesignSpace.of(_case(), parameters={"revolving-fund.recovery_rate": (0.5, 1.0)})
    assert err.value.path == "parameters.revolving-fund.recovery_rate"
    x = space.point_of(_case().strategies[0])
    x[0] += 0.5
    with pytest.raises(ModelError, match="shares sum"):
        space.check(x)


def _two_levers() -> DesignSpace:
    items = tuple(
        instrument(i).intervention(budget=0.0, duration=5.0) for i in ("grants", "revolving-fund")
    )
    return DesignSpace(items=items, budget=10e6, years=5.0, start=None, slack=False)


@pytest.mark.parametrize("seed", [1, 2])
def test_the_search_finds_the_lever_with_the_higher_return(seed: int) -> None:
    """A revolving fund re-lends what is repaid: per MAD it puts strictly more money in actors'
    hands than grants, in every future, so the optimum spends everything on it (tolerance: a
    share of at least 0.95)."""
    res = optimize(
        _case(),
        _two_levers(),
        objectives=["money_to_actors:mean"],
        constraints=(),
        n_scenarios=4,
        n_check=4,
        population=8,
        generations=6,
        rng=seed,
    )
    best = int(np.argmax(res.out_of_sample.estimate[: res.n_designs, 0]))
    assert res.variables[best, 1] >= 0.95


def test_same_seed_same_json_whatever_the_workers() -> None:
    def run(*extra: str) -> str:
        out = io.StringIO()
        args = ["design", "--scenarios", "3", "--check", "3", "--population", "4"]
        assert main([*args, "--generations", "1", "--json", *extra], out=out) == 0
        return out.getvalue()

    one, two = run(), run("--workers", "2")
    assert one == two
    d = json.loads(one)
    assert set(d["templates"]) == {s.id for s in _case().strategies}
    assert d["provenance"]["n_check"] == 3


def test_the_command_prints_the_report_and_saves_it(tmp_path: Path) -> None:
    out = io.StringIO()
    args = ["design", "--scenarios", "3", "--check", "3", "--population", "4"]
    extra = ["--generations", "1", "--objectives", "jobs:mean,survival:p10"]
    assert main([*args, *extra, "--save", str(tmp_path / "run")], out=out) == 0
    text = out.getvalue()
    assert "Best compromise" in text and "vs canadian-agency" in text
    saved = json.loads((tmp_path / "run" / "design.json").read_text(encoding="utf-8"))
    assert saved["objectives"] == ["jobs:mean", "survival:p10"]
    assert (tmp_path / "run" / "report.txt").read_text(encoding="utf-8").strip() == text.strip()
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main([*args, "--objectives", "jobs:best"], out=io.StringIO()) == 1
    assert "objectives[0]" in err.getvalue()
    # --save into a folder whose parent is missing is refused before any search (exit 2)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        missing = str(tmp_path / "no" / "run")
        assert main([*args, *extra, "--save", missing], out=io.StringIO()) == 2
    assert "--save" in err.getvalue() and not (tmp_path / "no").exists()


def test_value_of_information_of_two_options_linear_in_a_normal_input() -> None:
    """NB_1 = theta + eps, NB_0 = 0, theta ~ N(mu, s^2), eps ~ N(0, t^2):
    EVPI = E[max(0, NB_1)] - max(0, mu) with sd hypot(s, t); EVPPI(theta) the same with sd s;
    an input without effect is worth nothing."""
    rng = np.random.default_rng(5)
    n, mu, s, t = 20_000, 0.3, 1.0, 0.8
    theta, eps, junk = rng.normal(mu, s, n), rng.normal(0.0, t, n), rng.random(n)

    def closed(m: float, sd: float) -> float:
        return float(m * stats.norm.cdf(m / sd) + sd * stats.norm.pdf(m / sd) - max(0.0, m))

    res = value_of_information(
        np.vstack([np.zeros(n), theta + eps]),
        np.column_stack([theta, eps, junk]),
        names=["theta", "eps", "junk"],
    )
    assert res.evpi == pytest.approx(closed(mu, float(np.hypot(s, t))), abs=0.015)
    assert res.evppi["theta"] == pytest.approx(closed(mu, s), abs=0.015)
    assert res.evppi["eps"] == pytest.approx(closed(mu, t), abs=0.015)
    assert res.evppi["junk"] < 0.01
    assert res.best == "option-2"


def test_a_design_result_gives_its_value_of_information() -> None:
    res = optimize(
        _case(),
        objectives=["jobs:mean"],
        n_scenarios=3,
        n_check=30,
        population=4,
        generations=1,
        rng=3,
    )
    voi = value_of_information(res)
    assert set(voi.evppi) == set(res.input_names)
    assert voi.evpi >= max(voi.evppi.values()) - 1e-9
    assert res.per_future.shape == (1, res.n_designs + len(res.templates), 30)
    assert OUTCOME_NAMES.index("jobs") >= 0

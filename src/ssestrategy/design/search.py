"""Robust multi-objective search over a design space: NSGA-II over designs x futures.

Each generation's designs are evaluated over the same sampled futures in one batch
(:class:`~ssestrategy.design.evaluation.Evaluator`): an objective is a robustness metric over
the futures (a criterion: mean, percentile, CVaR of an outcome), and the case's constraints
are constraints of the search (a design is feasible in the search when every constraint holds
on the point estimate: the share of futures meeting a chance constraint's target, the mean of
an expectation one). The final Pareto set is then re-evaluated, with the templates, on fresh
futures drawn from another stream, and judged there with the constraints' intervals (Wilson
for chance constraints: a design whose interval straddles the required probability is
*undecided*, not feasible).

The optimiser is pymoo's NSGA-II (Deb et al. 2002), an optional dependency (the ``design``
extra): a maintained, seeded implementation rather than a home-made genetic algorithm. Its
initial population holds the templates that are points of the space, so the search starts
from the known programmes.

Streams of the root ``rng``: 0 the in-sample futures, 1 the out-of-sample futures, 2 the
optimiser's seed, 3 the random part of the initial population.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .._deprecation import renamed_arguments
from .._progress import Progress
from .._random import RNGLike, check_rng, child, provenance, seed_sequence
from .._validate import count
from ..decision.constraints import evaluate_constraints
from ..errors import ModelError, SSEError
from ..model import Case, Constraint, Criterion, Strategy
from .evaluation import Evaluator, Futures
from .metrics import metric, objective_label, objectives_of, year_index
from .result import DesignResult, Scores, compare_rows
from .rows import Rows
from .space import DesignSpace

__all__ = ["optimize"]

Float = NDArray[np.float64]


class _Study:
    """What the search evaluates: objectives and constraint margins of designs."""

    def __init__(
        self,
        ev: Evaluator,
        objectives: Sequence[Criterion],
        constraints: Sequence[Constraint],
        futures: Futures,
        executor: Any,
        chunk_size: int | None,
    ) -> None:
        self.ev, self.objectives, self.constraints = ev, tuple(objectives), tuple(constraints)
        self.futures, self.executor, self.chunk_size = futures, executor, chunk_size
        self.evaluations = 0

    def outcomes(self, rows: Any, futures: Futures | None = None) -> Float:
        f = futures or self.futures
        self.evaluations += rows.n
        return self.ev.run(rows, f, executor=self.executor, chunk_size=self.chunk_size)

    def per_future(self, out: Float, items: Sequence[Criterion | Constraint]) -> list[Float]:
        return [out[_outcome(c.outcome), year_index(self.ev.years, c.at)] for c in items]

    def scores(self, out: Float, ids: Sequence[str], confidence: float) -> Scores:
        est, lo, hi = [], [], []
        for c, v in zip(self.objectives, self.per_future(out, self.objectives), strict=True):
            e, a, b = metric(v, c, confidence)
            est.append(e)
            lo.append(a)
            hi.append(b)
        verdicts = None
        if self.constraints:
            values = dict(
                zip(
                    [c.id for c in self.constraints],
                    self.per_future(out, self.constraints),
                    strict=True,
                )
            )
            verdicts = evaluate_constraints(values, self.constraints, ids, confidence=confidence)
        return Scores(
            np.column_stack(est), np.column_stack(lo), np.column_stack(hi), verdicts, out.shape[3]
        )

    def fg(self, out: Float) -> tuple[Float, Float]:
        """pymoo's F (minimised) and G (<= 0 feasible) of evaluated designs."""
        f = []
        for c, v in zip(self.objectives, self.per_future(out, self.objectives), strict=True):
            e, _, _ = metric(v, c)
            f.append(-e if c.is_benefit else e)
        g = []
        for k, v in zip(self.constraints, self.per_future(out, self.constraints), strict=True):
            if k.probability is not None:
                meets = v >= k.target if k.op == ">=" else v <= k.target
                g.append(k.probability - meets.mean(axis=1))
            else:
                scale = max(abs(k.target), 1e-12)
                m = v.mean(axis=1)
                g.append((k.target - m) / scale if k.op == ">=" else (m - k.target) / scale)
        n = out.shape[2]
        return np.column_stack(f), (np.column_stack(g) if g else np.zeros((n, 0)))


def _outcome(name: str) -> int:
    from ..simulation.evaluate import OUTCOME_NAMES

    return OUTCOME_NAMES.index(name)


def _pymoo() -> Any:
    try:
        import pymoo  # noqa: F401
        from pymoo.algorithms.moo.nsga2 import NSGA2
        from pymoo.core.problem import Problem
        from pymoo.optimize import minimize
    except ImportError:  # pragma: no cover - depends on the environment
        raise SSEError("the design search needs pymoo: pip install 'ssestrategy[design]'") from None
    return NSGA2, Problem, minimize


def _templates_in(space: DesignSpace, strategies: Sequence[Strategy]) -> tuple[Strategy, ...]:
    out = []
    for s in strategies:
        try:
            space.rows_of([s])
        except ModelError:
            continue
        out.append(s)
    return tuple(out)


def _initial(
    space: DesignSpace, templates: Sequence[Strategy], population: int, root: np.random.SeedSequence
) -> Float:
    seeds = []
    for s in templates:
        try:
            seeds.append(space.encode(space.point_of(s))[0])
        except ModelError:
            continue
    rng = np.random.default_rng(child(root, 3))
    rand = rng.random((max(population - len(seeds), 0), space.n_genes))
    pop = np.vstack([np.asarray(seeds).reshape(-1, space.n_genes), rand])[:population]
    return np.ascontiguousarray(pop)


@renamed_arguments(seed="rng")
def optimize(
    case: Case,
    space: DesignSpace | None = None,
    *,
    objectives: Sequence[str | Criterion] | None = None,
    constraints: Sequence[Constraint] | None = None,
    n_scenarios: int = 48,
    n_check: int = 200,
    rng: RNGLike = 0,
    population: int = 32,
    generations: int = 15,
    executor: Any = None,
    chunk_size: int | None = None,
    confidence: float = 0.95,
    progress: bool = False,
) -> DesignResult:
    """Search a design space for robust strategies (see the module docstring).

    Parameters
    ----------
    case : Case
    space : DesignSpace, optional
        Default :meth:`DesignSpace.of(case) <ssestrategy.design.DesignSpace.of>`: the space the
        case declares (its ``design`` section), else the lines of the case's strategies, their
        budget, start years in the first year.
    objectives : sequence of str or Criterion, optional
        Robustness metrics to optimise (``"jobs:mean"``, ``"survival:p10"``...); default the
        case's criteria.
    constraints : sequence of Constraint, optional
        Default the case's constraints.
    n_scenarios : int
        Futures every design is evaluated on during the search (shared by all designs).
    n_check : int
        Fresh futures for the out-of-sample check of the Pareto set and the templates.
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator, default 0
        Root of the randomness (streams in the module docstring).
    population, generations : int
        NSGA-II's population size and number of generations. The defaults (32 x 15, 48
        futures; an assumption: enough generations for the front to settle on Tiznit, see the
        ``history``) search the Tiznit case in about a minute on 2 cores (``benchmarks/run.py
        --only design-search``), two in one process.
    executor : concurrent.futures.Executor or distributed.Client, optional
    chunk_size : int, optional
        Columns (designs x futures) per job; never changes a number.
    confidence : float
        Level of the intervals.
    progress : bool
        Draw a progress bar (one step per generation) on standard error.

    Returns
    -------
    DesignResult

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> res = optimize(tiznit(), n_scenarios=4, n_check=4, population=4, generations=1,
    ...                objectives=["jobs:mean"], rng=1)
    >>> res.n_designs >= 1, res.templates[0]
    (True, 'french-agency')
    """
    if not isinstance(case, Case):
        raise ModelError.at("case", f"expected a Case, got {type(case).__name__}")
    n_scenarios, n_check = count(n_scenarios, "n_scenarios"), count(n_check, "n_check")
    population, generations = count(population, "population"), count(generations, "generations")
    check_rng(rng)
    sp = space if space is not None else DesignSpace.of(case)
    if not isinstance(sp, DesignSpace):
        raise ModelError.at("space", f"expected a DesignSpace, got {type(sp).__name__}")
    objs = objectives_of(objectives, case.criteria.items)
    cons = tuple(case.constraints if constraints is None else constraints)
    NSGA2, Problem, minimize = _pymoo()
    root = seed_sequence(rng)
    ev = Evaluator(case, sp)
    for k, c in enumerate(objs):
        year_index(ev.years, c.at, f"objectives[{k}].at")
    for con in cons:
        year_index(ev.years, con.at, f"constraints.{con.id}.at")
    study = _Study(ev, objs, cons, ev.futures(n_scenarios, child(root, 0)), executor, chunk_size)
    history: list[dict[str, Any]] = []
    bar = Progress(generations, progress, label="designing", unit="generations")

    seed = int(child(root, 2).generate_state(1, dtype=np.uint32)[0])
    algorithm = NSGA2(
        pop_size=population,
        sampling=_initial(sp, _templates_in(sp, case.strategies), population, root),
        eliminate_duplicates=True,
    )
    res = minimize(
        _problem(Problem, sp, study, history),
        algorithm,
        ("n_gen", generations),
        seed=seed,
        verbose=False,
        callback=lambda _alg: bar.update(1),
    )
    return _finish(
        case, sp, study, res, history, root, n_check, confidence, population, generations
    )


def _finish(
    case: Case,
    space: DesignSpace,
    study: _Study,
    res: Any,
    history: list[dict[str, Any]],
    root: np.random.SeedSequence,
    n_check: int,
    confidence: float,
    population: int,
    generations: int,
) -> DesignResult:
    """Re-evaluate the Pareto set with the templates in and out of sample; compare."""
    u = _pareto_genes(res)
    x = space.decode(u)
    _, keep = np.unique(np.round(x, 12), axis=0, return_index=True)
    x = x[np.sort(keep)]
    run = f"ssestrategy.optimize, {provenance(root)}"
    strategies = tuple(space.strategy(xi, id=f"design-{k + 1}", run=run) for k, xi in enumerate(x))
    templates = _templates_in(space, case.strategies)
    rows = Rows.stack([space.rows(x), space.rows_of(templates)]) if templates else space.rows(x)
    ids = [s.id for s in strategies] + [t.id for t in templates]
    fresh = study.ev.futures(n_check, child(root, 1))
    out_in = study.outcomes(rows)
    out_oos = study.outcomes(rows, fresh)
    ins = study.scores(out_in, ids, confidence)
    oos = study.scores(out_oos, ids, confidence)
    per_future = np.stack(study.per_future(out_oos, study.objectives))
    benefit = [c.is_benefit for c in study.objectives]
    versus = compare_rows(
        per_future, oos.estimate, benefit, len(strategies), [t.id for t in templates]
    )
    compromise = _compromise(oos, study.objectives, len(strategies))
    prov = {
        "case": case.name,
        "rng": provenance(root),
        "streams": {"in_sample": 0, "out_of_sample": 1, "optimiser": 2, "initial_population": 3},
        "optimiser": "pymoo NSGA-II",
        "population": population,
        "generations": generations,
        "n_scenarios": study.futures.n,
        "n_check": n_check,
        "evaluations": study.evaluations,
        "design_futures": study.ev.columns,
    }
    return DesignResult(
        space=space,
        objectives=study.objectives,
        constraints=study.constraints,
        variables=x,
        strategies=strategies,
        templates=tuple(t.id for t in templates),
        in_sample=ins,
        out_of_sample=oos,
        versus=versus,
        history=tuple(history),
        compromise=compromise,
        per_future=per_future,
        inputs=fresh.values,
        input_names=fresh.names,
        provenance=prov,
    )


def _problem(base: Any, space: DesignSpace, study: _Study, history: list[dict[str, Any]]) -> Any:
    """A pymoo problem evaluating a generation's designs in one batch; it records the history."""
    objs, cons = study.objectives, study.constraints
    labels = [objective_label(c) for c in objs]

    class _Problem(base):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(
                n_var=space.n_genes, n_obj=len(objs), n_ieq_constr=len(cons), xl=0.0, xu=1.0
            )

        def _evaluate(self, u: Float, out: dict[str, Any], *args: Any, **kwargs: Any) -> None:
            f, g = study.fg(study.outcomes(space.rows(space.decode(u))))
            out["F"] = f
            if cons:
                out["G"] = g
            ok = (g <= 0).all(axis=1) if cons else np.ones(f.shape[0], dtype=bool)
            best = [
                None if not ok.any() else float(np.min(f[ok, k]) * (-1 if c.is_benefit else 1))
                for k, c in enumerate(objs)
            ]
            history.append(
                {
                    "evaluations": study.evaluations,
                    "feasible": int(ok.sum()),
                    "least_violation": float(np.min(np.maximum(g, 0.0).sum(axis=1)))
                    if cons
                    else 0.0,
                    "best": dict(zip(labels, best, strict=True)),
                }
            )

    return _Problem()


def _pareto_genes(res: Any) -> Float:
    """The final Pareto set's genes: the feasible non-dominated designs, or, when no design of
    the last population is feasible, the non-dominated ones on (objectives, violation)."""
    from pymoo.util.nds.non_dominated_sorting import NonDominatedSorting

    if res.opt is not None and len(res.opt):
        return np.atleast_2d(np.asarray(res.opt.get("X"), dtype=np.float64))
    pop = res.pop
    f = np.column_stack([pop.get("F"), pop.get("CV")])
    front = NonDominatedSorting().do(f, only_non_dominated_front=True)
    return np.atleast_2d(np.asarray(pop.get("X"), dtype=np.float64)[np.sort(front)])


def _compromise(oos: Scores, objectives: Sequence[Criterion], n: int) -> int:
    """The design with the largest weighted sum of min-max scaled objectives, among those
    feasible out of sample (else all designs)."""
    est = oos.estimate[:n] * np.where([c.is_benefit for c in objectives], 1.0, -1.0)
    lo, hi = est.min(axis=0), est.max(axis=0)
    scaled = np.where(hi > lo, (est - lo) / np.where(hi > lo, hi - lo, 1.0), 1.0)
    w = np.asarray(
        [c.weight if c.weight is not None else 1.0 for c in objectives], dtype=np.float64
    )
    w = w / w.sum() if w.sum() > 0 else np.full(len(objectives), 1.0 / len(objectives))
    score = scaled @ w
    ok = oos.feasible()[:n]
    score = np.where(ok, score, -np.inf) if ok.any() else score
    return int(np.argmax(score))

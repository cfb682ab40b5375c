"""``validate`` is the contract: what the commands would refuse in a case, found before running.

:func:`validate_case` runs the very checks :func:`~ssestrategy.simulation.simulate`,
:func:`~ssestrategy.compare` and :func:`~ssestrategy.diagnose` run before they start
(:func:`~ssestrategy.simulation.checks.simulation_problems`,
:func:`~ssestrategy.decision.checks.ranking_problems`,
:func:`~ssestrategy.diagnosis.diagnosis_problems`), so a case it accepts is one they accept,
with the same messages. It also lists warnings: cases that run but whose results cannot mean
much (no actor, no partnership, a single strategy, a strategy that reaches nobody, a
partnership given twice).

Examples
--------
>>> from ssestrategy.datasets import tiznit
>>> v = validate_case(tiznit())
>>> v.ok, v.errors, v.warnings
(True, (), ())
>>> from ssestrategy.model import Case, Territory
>>> v = validate_case(Case(name="empty", territory=Territory(name="Nowhere")))
>>> [str(p) for p in v.errors]
['strategies: no strategy to simulate', 'criteria: at least one criterion is needed']
>>> [str(p) for p in v.warnings]
['actors: the territory has no actor: every outcome is 0 and every strategy ties']
>>> validate_case(Case(name="empty", territory=Territory(name="Nowhere")),
...               commands=("diagnose",)).ok
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from .decision.checks import ranking_problems, ranking_warnings
from .diagnosis import diagnosis_problems, diagnosis_warnings
from .errors import ModelError, Problem
from .model import Case, Strategy
from .simulation.checks import simulation_problems, simulation_warnings

__all__ = ["COMMANDS", "Validation", "repeated_partnership_warnings", "validate_case"]

COMMANDS: tuple[str, ...] = ("diagnose", "simulate", "compare")
"""The commands whose checks :func:`validate_case` runs (all of them by default)."""

_MAX_LISTED = 10


@attrs.frozen
class Validation:
    """What :func:`validate_case` found.

    Attributes
    ----------
    case : str
        The case's name.
    commands : tuple of str
        The commands checked for.
    errors : tuple of Problem
        What one of these commands would refuse.
    warnings : tuple of Problem
        What runs but can hardly mean much.

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> validate_case(tiznit()).format()
    'Tiznit province SSE strategy: valid for diagnose, simulate, compare'
    """

    case: str
    commands: tuple[str, ...]
    errors: tuple[Problem, ...]
    warnings: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    def raise_errors(self) -> None:
        """Raise :class:`~ssestrategy.errors.ModelError` with every error, if any."""
        if self.errors:
            raise ModelError(self.errors)

    def format(self) -> str:
        """A plain-text report: the verdict, then each error and warning on its own line."""
        verdict = "valid" if self.ok else f"{len(self.errors)} problem(s)"
        lines = [f"{self.case}: {verdict} for {', '.join(self.commands)}"]
        lines += [f"  error: {p}" for p in self.errors]
        lines += [f"  warning: {p}" for p in self.warnings]
        return "\n".join(lines)


def repeated_partnership_warnings(case: Case) -> list[Problem]:
    """A warning for each partnership that repeats an earlier one
    (:meth:`~ssestrategy.model.Territory.repeated_partnerships`).

    Examples
    --------
    >>> import attrs
    >>> from ssestrategy.datasets import tiznit
    >>> case = tiznit()
    >>> t = case.territory
    >>> twice = attrs.evolve(t, partnerships=(*t.partnerships, t.partnerships[0]))
    >>> [p.path for p in repeated_partnership_warnings(attrs.evolve(case, territory=twice))]
    ['partnerships[2285]']
    """
    pairs = case.territory.repeated_partnerships()
    out = [
        Problem(
            f"partnerships[{i}]",
            f"repeats partnerships[{j}] (same actors, kind, direction and start year): both are "
            "kept and their intensities add up; remove one if it is a copy",
        )
        for i, j in pairs[:_MAX_LISTED]
    ]
    if len(pairs) > _MAX_LISTED:
        out.append(
            Problem("partnerships", f"{len(pairs) - _MAX_LISTED} more partnerships repeat others")
        )
    return out


def _unique(problems: Sequence[Problem]) -> tuple[Problem, ...]:
    seen: set[tuple[str, str]] = set()
    out = []
    for p in problems:
        key = (p.path, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return tuple(out)


def validate_case(
    case: Case,
    *,
    commands: Sequence[str] = COMMANDS,
    strategies: Sequence[Strategy | str] | None = None,
    force: bool = False,
) -> Validation:
    """Check a case as the given commands would, without running them.

    Parameters
    ----------
    case : Case
        A case (loading a file already checks its structure, types and references).
    commands : sequence of {'diagnose', 'simulate', 'compare'}
        What the case is for (default all three).
    strategies : sequence of Strategy or str, optional
        The strategies to simulate and compare (default all of the case's).
    force : bool
        As ``simulate(..., force=True)``: lift the bound on periods.

    Returns
    -------
    Validation

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> case = tiznit()
    >>> v = validate_case(case, strategies=["status-quo"])
    >>> [str(p) for p in v.warnings]
    ["strategies: only one strategy ('status-quo'): the ranking has nothing to compare it with"]
    """
    if not isinstance(case, Case):
        raise ModelError.at("case", f"expected a Case, got {type(case).__name__}")
    chosen = tuple(commands)
    for i, c in enumerate(chosen):
        if c not in COMMANDS:
            raise ModelError.at(
                f"commands[{i}]", f"unknown command {c!r} (known: {', '.join(COMMANDS)})"
            )
    errors: list[Problem] = []
    warns: list[Problem] = []
    if "simulate" in chosen or "compare" in chosen:
        errors += simulation_problems(case, strategies, force=force)
        warns += simulation_warnings(case, strategies)
    if "compare" in chosen:
        errors += ranking_problems(
            case.criteria,
            case.constraints,
            n_periods=case.n_periods,
            periods_per_year=case.periods_per_year,
        )
        ids = _strategy_ids(case, strategies)
        warns += ranking_warnings(ids)
    if "diagnose" in chosen:
        errors += diagnosis_problems(case)
        said = {w.path for w in warns}  # one warning per field: the simulation's is enough
        warns += [w for w in diagnosis_warnings(case) if w.path not in said]
    warns += repeated_partnership_warnings(case)
    return Validation(
        case=case.name, commands=chosen, errors=_unique(errors), warnings=_unique(warns)
    )


def _strategy_ids(case: Case, strategies: Sequence[Any] | None) -> list[str]:
    if strategies is None:
        return [s.id for s in case.strategies]
    out = []
    for s in strategies:
        if isinstance(s, Strategy):
            out.append(s.id)
        elif isinstance(s, str):
            out.append(s)
    return out

"""One exception family for the whole library.

Every error the library raises on purpose derives from :class:`SSEError`, so a caller can catch
the family with one ``except``. Bad input — a malformed case file, an argument outside its
domain, a reference that does not resolve — raises :class:`ModelError`, which carries the *path*
of each offending field (``partnerships[3].target``) and a message. A :class:`ModelError` may
hold several problems at once, so that ``ssestrategy validate`` can report them all.

Examples
--------
>>> from ssestrategy.errors import ModelError, Problem
>>> err = ModelError.at("partnerships[3].target", "unknown actor 'coop-17'")
>>> str(err)
"partnerships[3].target: unknown actor 'coop-17'"
>>> err.prefixed("case").problems[0].path
'case.partnerships[3].target'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs

__all__ = [
    "CaseFileError",
    "ModelError",
    "Problem",
    "ResourceError",
    "ResultFileError",
    "SSEError",
    "SSEWarning",
    "SimulationError",
    "UsageError",
    "WorkbookError",
    "join_path",
]


class SSEError(Exception):
    """Base class of every error raised on purpose by :mod:`ssestrategy`."""


@attrs.frozen
class Problem:
    """One problem found in the input: where (a field path) and what.

    Parameters
    ----------
    path : str
        Dotted/indexed path of the offending field, e.g. ``actors[12].capacities.financing``.
        Empty for a problem with the whole input.
    message : str
        What is wrong, in plain words.
    line : int or None
        Line number in the source file, when known (syntax errors).
    """

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where = f"{where} (line {self.line})" if where else f"line {self.line}"
        return f"{where}: {self.message}" if where else self.message


def join_path(prefix: str, path: str) -> str:
    """Join two field paths: ``join_path("actors[2]", "capacities.financing")``.

    Examples
    --------
    >>> join_path("actors[2]", "capacities.financing")
    'actors[2].capacities.financing'
    >>> join_path("actors", "[2].id")
    'actors[2].id'
    >>> join_path("", "name")
    'name'
    """
    if not prefix:
        return path
    if not path:
        return prefix
    if path.startswith("["):
        return prefix + path
    return f"{prefix}.{path}"


class ModelError(SSEError, ValueError):
    """Bad input: one or more problems, each with the path of the offending field.

    Also a :class:`ValueError`, so generic code that catches ``ValueError`` still works.

    Parameters
    ----------
    problems : sequence of Problem
        At least one problem.
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        if not self.problems:
            self.problems = (Problem("", "invalid input"),)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, path: str, message: str, *, line: int | None = None) -> ModelError:
        """Build an error with a single problem at ``path``."""
        return cls([Problem(path, message, line)])

    @property
    def path(self) -> str:
        """Path of the first problem."""
        return self.problems[0].path

    def prefixed(self, prefix: str) -> ModelError:
        """The same error with every path placed under ``prefix``."""
        return type(self)(
            [Problem(join_path(prefix, p.path), p.message, p.line) for p in self.problems]
        )

    @classmethod
    def collect(cls, errors: Iterable[ModelError]) -> ModelError | None:
        """Merge several errors into one, or return None if there are none."""
        problems = [p for e in errors for p in e.problems]
        return cls(problems) if problems else None

    def __reduce__(self) -> tuple[type[ModelError], tuple[tuple[Problem, ...]]]:
        # keep the exception picklable for process pools (attrs frozen Problems pickle fine)
        return (type(self), (self.problems,))


class CaseFileError(ModelError):
    """A case file could not be read or parsed (missing file, syntax error, unknown format).

    A :class:`ModelError` too, so one ``except ModelError`` catches bad files and bad content;
    a syntax error carries its line number.

    Examples
    --------
    >>> from ssestrategy.io import loads
    >>> try:
    ...     loads("name = = 'demo'", fmt="toml")
    ... except CaseFileError as err:
    ...     print(err.problems[0].line, isinstance(err, ModelError))
    1 True
    >>> from ssestrategy.io import load
    >>> load("no-such-case.toml")
    Traceback (most recent call last):
    ...
    ssestrategy.errors.CaseFileError: cannot read no-such-case.toml: ...
    """


class WorkbookError(CaseFileError):
    """A workbook (``.xlsx``) or CSV table with bad cells: each problem names its sheet and
    cell, ``actors!D14`` (``actors.csv!D14`` for a CSV file).

    A :class:`CaseFileError` (so a :class:`ModelError`) too. :attr:`fields` gives, for each
    problem, the field path in the plain data of the case (``actors[12].capacities.financing``),
    or "" for a problem with the layout of a sheet (an unknown column, a missing sheet).

    Parameters
    ----------
    problems : sequence of Problem
        Problems whose path is a cell address.
    fields : sequence of str, optional
        The field path of each problem.

    Examples
    --------
    >>> err = WorkbookError([Problem("actors!D14", "1.5 is outside [0, 1]")],
    ...                     ["actors[12].capacities.financing"])
    >>> print(err)
    actors!D14: 1.5 is outside [0, 1]
    >>> err.fields[0], isinstance(err, CaseFileError)
    ('actors[12].capacities.financing', True)
    """

    fields: tuple[str, ...]

    def __init__(self, problems: Sequence[Problem], fields: Sequence[str] | None = None) -> None:
        super().__init__(problems)
        given = tuple(fields) if fields is not None else ()
        self.fields = given + ("",) * (len(self.problems) - len(given))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.problems, self.fields))


class SimulationError(SSEError):
    """A simulation could not be run as asked (e.g. an executor failed).

    Examples
    --------
    An executor whose workers die: the failed chunk of scenarios is named, and the original
    exception is kept as the cause.

    >>> from concurrent.futures import Executor, Future
    >>> import ssestrategy as sse
    >>> class Broken(Executor):
    ...     def submit(self, fn, /, *args, **kwargs):
    ...         future = Future()
    ...         future.set_exception(OSError("worker lost"))
    ...         return future
    >>> try:
    ...     sse.simulate(sse.datasets.tiznit(), n_scenarios=8, rng=0, chunk_size=8,
    ...                  executor=Broken())
    ... except SimulationError as err:
    ...     print(err)
    ...     print(type(err.__cause__).__name__)
    scenarios 0:8 failed on the executor: OSError('worker lost')
    OSError
    """


class ResultFileError(ModelError):
    """A result file (a saved :class:`~ssestrategy.simulation.Ensemble`) that cannot be trusted:
    unreadable, truncated, modified after it was written, or of another format version.

    Each problem's path names what disagrees: an array (``checkpoints``), a metadata key
    (``meta.n_scenarios``), or ``file`` for the file as a whole.

    Examples
    --------
    >>> from ssestrategy.simulation import Ensemble
    >>> Ensemble.load("no-such-run.npz")
    Traceback (most recent call last):
    ...
    ssestrategy.errors.ResultFileError: file: cannot read no-such-run.npz: ...
    """


class UsageError(ModelError):
    """A bad command-line argument or option (the path is the option, e.g. ``--workers``).

    The command line exits with status 2 for it (:data:`ssestrategy.cli.EXIT_CODES`).

    Examples
    --------
    >>> str(UsageError.at("--workers", "expected a positive integer, got 0"))
    '--workers: expected a positive integer, got 0'
    """


class ResourceError(SSEError):
    """A run that would exceed the machine's resources or the library's bounds, refused before
    any work starts; the message gives the estimate and how to go ahead anyway.

    Parameters
    ----------
    message : str
    estimate : object, optional
        The :class:`~ssestrategy.simulation.ResourceEstimate` that was refused.

    Examples
    --------
    >>> err = ResourceError("needs about 72 TiB of memory; 22 GiB available")
    >>> str(err), err.estimate is None
    ('needs about 72 TiB of memory; 22 GiB available', True)
    """

    def __init__(self, message: str, estimate: object | None = None) -> None:
        super().__init__(message)
        self.estimate = estimate

    def __reduce__(self) -> tuple[type[ResourceError], tuple[str, object | None]]:
        return (type(self), (str(self), self.estimate))


class SSEWarning(UserWarning):
    """A warning of the library: the input runs, but the result may not mean much.

    Numerical warnings of NumPy or SciPy never reach the user: the library prevents them or
    turns them into an :class:`SSEWarning` that says what they mean for the result.

    Parameters
    ----------
    message : str
    path : str
        Field or argument the warning is about ("" for the input as a whole).

    Examples
    --------
    >>> w = SSEWarning("a single strategy: the ranking has nothing to compare", "strategies")
    >>> str(w), w.path
    ('strategies: a single strategy: the ranking has nothing to compare', 'strategies')
    """

    def __init__(self, message: str, path: str = "") -> None:
        self.message = message
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)

    def __reduce__(self) -> tuple[type[SSEWarning], tuple[str, str]]:
        return (type(self), (self.message, self.path))

    @classmethod
    def of(cls, problem: Problem) -> SSEWarning:
        """The warning for a :class:`Problem` (its path and message)."""
        return cls(problem.message, problem.path)

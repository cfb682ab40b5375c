"""The ``ssestrategy`` command.

``CASE`` is a case file (TOML, JSON or an ``.xlsx`` workbook); it defaults to the embedded
Tiznit case (also named ``tiznit``). Problems in a workbook are named by their ``sheet!cell``.

One guard at the edge (:func:`main`) turns every failure of every command into a short
message on standard error and an exit status, never a traceback (unless ``--debug``, accepted
anywhere on the command line):

======  =====================================================================================
status  meaning
======  =====================================================================================
0       success (warnings, if any, are printed on standard error as ``warning: ...`` lines)
1       bad input: a case file (or a result file) that cannot be read or is refused, with
        every problem and its field path; ``validate --strict`` with unlabelled numbers
2       bad usage: an unknown command or option, or an option value out of its domain (the
        message names the option, e.g. ``--workers``), an output path that cannot be written
3       resource limit: the run would need more memory than the machine has (the estimate is
        in the message; ``--force`` runs it anyway), or ran out of memory
4       internal error: a bug of ssestrategy (please report it with the ``--debug`` output)
130     interrupted (Ctrl-C)
======  =====================================================================================

Files are written only after the work is done and its results printed, each to a temporary
file beside the target then renamed over it; the target is checked (folder, extension,
permission) before any work starts.

Examples
--------
>>> main(["info", "--json"])  # doctest: +SKIP
>>> EXIT_CODES["bad usage"]
2
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from ._cli import (
    EXIT_CODES,
    Command,
    _check,
    _executor,
    _load_case,
    _output,
    _print_json,
    _progress,
    _strategy_id,
    _strategy_ids,
    _warn,
    _worker_count,
    run,
)
from ._cli_parser import parser
from ._deprecation import warn_deprecated
from ._files import atomic_write, check_writable
from .errors import ModelError, Problem, UsageError

__all__ = ["EXIT_CODES", "main"]


# --- the commands ---------------------------------------------------------------------------


def info_dict(case: Any) -> dict[str, Any]:
    """Deprecated: :meth:`ssestrategy.model.Case.info` (what ``ssestrategy info --json`` prints)."""
    warn_deprecated("ssestrategy.cli.info_dict is deprecated, use Case.info()")
    result: dict[str, Any] = case.info()
    return result


def _cmd_info(args: argparse.Namespace, out: TextIO) -> int:
    case = _load_case(args.case)
    d = case.info()
    if args.json:
        _print_json(d, out)
        return 0
    w = out.write
    w(f"{d['case']}\n")
    w(
        f"Territory: {d['territory']} ({d['region'] or '-'}), horizon {d['horizon_years']:g} years "
        f"({d['periods']} periods)\n\n"
    )
    w(f"Actors: {d['actors']}\n")
    for k, n in d["actors_by_kind"].items():
        w(f"  {k:<24}{n:>6}\n")
    w(f"Partnerships: {d['partnerships']}\n")
    for k, n in d["partnerships_by_kind"].items():
        w(f"  {k:<24}{n:>6}\n")
    w(f"Poles: {len(d['poles'])}\n")
    for p in d["poles"]:
        w(f"  {p['name']:<32} {p['value_chain']:<18} {p['members']:>4} members\n")
    w(f"Strategies: {', '.join(d['strategies']) or '-'}\n")
    w(f"Uncertain parameters: {', '.join(d['uncertain_parameters']) or '-'}\n")
    w(f"Events: {', '.join(d['events']) or '-'}\n")
    w(f"Constraints: {', '.join(d['constraints']) or '-'}\n")
    w(f"Criteria: {', '.join(d['criteria']) or '-'}\n")
    w(
        f"\nNumbers: {d['sourced_values']} sourced, {d['assumed_values']} assumed "
        f"({d['assumed_values_with_range']} of them with a plausible range, which sensitivity "
        f"analysis can vary), {d['unlabelled_values']} unlabelled\n"
    )
    return 0


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    from .validation import COMMANDS, validate_case

    case = _load_case(args.case)
    commands = tuple(args.for_) if args.for_ else COMMANDS
    v = validate_case(case, commands=commands, force=args.force)
    for w in v.warnings:
        _warn(w)
    v.raise_errors()
    counts = case.count_values()
    out.write(
        f"{args.case or 'embedded Tiznit case'}: valid for {', '.join(commands)} "
        f"({len(case.territory.actors)} actors, "
        f"{len(case.territory.partnerships)} partnerships, {len(case.territory.poles)} poles; "
        f"{counts['unlabelled']} unlabelled numbers"
        + (f"; {len(v.warnings)} warning(s)" if v.warnings else "")
        + ")\n"
    )
    if counts["unlabelled"] and args.strict:
        for path in case.unlabelled()[:20]:
            out.write(f"  unlabelled: {path}\n")
        return 1
    return 0


def _cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    from .io import schema_json

    out.write(schema_json())
    return 0


def _cmd_template(args: argparse.Namespace, out: TextIO) -> int:
    from .io import write_template

    target = _output(args.xlsx, "--xlsx", (".xlsx",))
    if target is None:  # pragma: no cover - argparse requires --xlsx
        raise UsageError.at("--xlsx", "give the workbook to write")
    write_template(target)
    out.write(f"wrote {args.xlsx}: an empty case workbook (see its instructions sheet)\n")
    return 0


def _cmd_dump(args: argparse.Namespace, out: TextIO) -> int:
    from pathlib import Path

    from .io import dump
    from .io.csv_tables import write_csv_folder

    case = _load_case(args.case)
    if args.csv:
        folder = Path(args.csv)
        if folder.exists() and not folder.is_dir():
            raise UsageError.at("--csv", f"{folder} is not a folder")
        skeleton = write_csv_folder(case, folder)
        out.write(f"wrote {skeleton} with actors.csv and partnerships.csv beside it\n")
        return 0
    target = args.xlsx or args.json_file or args.toml
    _output(target, "--xlsx" if args.xlsx else "--json" if args.json_file else "--toml", ())
    dump(case, target, "xlsx" if args.xlsx else "json" if args.json_file else "toml")
    out.write(f"wrote {target}\n")
    return 0


def _cmd_simulate(args: argparse.Namespace, out: TextIO) -> int:
    from .simulation import simulate

    save = _output(args.save, "--save", (".npz",))
    case = _load_case(args.case)
    strategies = _strategy_ids(case, args.strategies)
    _check(case, ("simulate",), strategies=strategies, force=args.force)
    workers = _worker_count(args.workers)
    with _executor(workers) as ex:
        ens = simulate(
            case,
            strategies,
            n_scenarios=args.scenarios,
            rng=args.seed,
            sampler=args.sampler,
            executor=ex,
            progress=_progress(),
            force=args.force,
        )
    if args.json:
        _print_json({"provenance": ens.provenance, "outcomes": ens.summary().to_dict()}, out)
    else:
        out.write(ens.format_summary() + "\n")
    out.flush()
    if save is not None:  # after the results are printed: a failed save loses nothing
        try:
            ens.save(save)
        except ModelError as err:
            raise ModelError([Problem("--save", p.message) for p in err.problems]) from None
        sys.stderr.write(f"saved the ensemble to {save}\n")
    return 0


def _cmd_compare(args: argparse.Namespace, out: TextIO) -> int:
    from .comparison import compare

    if len(args.cases) > 1 or args.budget is not None:
        return _compare_territories(args, out)
    args.case = args.cases[0] if args.cases else None  # the guard names it in errors
    case = _load_case(args.case)
    strategies = _strategy_ids(case, args.strategies)
    workers = _worker_count(args.workers)
    with _executor(workers) as ex:
        cmp = compare(
            case,
            strategies,
            n_scenarios=args.scenarios,
            rng=args.seed,
            method=args.method,
            executor=ex,
            progress=_progress(),
            force=args.force,
        )
    _emit(cmp, args, out)  # the report ends with the warnings, if any
    return 0


def _emit(result: Any, args: argparse.Namespace, out: TextIO) -> None:
    """A result as JSON (``--json``) or as its report in ``--lang``."""
    if args.json:
        _print_json(result.to_dict(), out)
    else:
        out.write(result.format_report(lang=args.lang) + "\n")


def _compare_territories(args: argparse.Namespace, out: TextIO) -> int:
    """``compare CASE1 CASE2 ...``: the same strategies in each province (or one case with a
    ``--budget`` to scale it to)."""
    from .territories import compare_territories

    cases = []
    for path in args.cases or [None]:
        args.case = path  # the guard names the file being read in its errors
        cases.append(_load_case(path))
    args.case = None
    strategies = _strategy_ids(cases[0], args.strategies)
    workers = _worker_count(args.workers)
    with _executor(workers) as ex:
        res = compare_territories(
            cases,
            strategies,
            n_scenarios=args.scenarios,
            rng=args.seed,
            budget=args.budget,
            split=args.split,
            method=args.method,
            executor=ex,
            progress=_progress(),
            force=args.force,
        )
    _emit(res, args, out)
    return 0


def _cmd_design(args: argparse.Namespace, out: TextIO) -> int:
    from pathlib import Path

    from .design import optimize

    save = Path(args.save) if args.save else None
    if save is not None:  # before the search: the folder may be new, its parent must exist
        if save.exists() and not save.is_dir():
            raise UsageError.at("--save", f"{save} exists and is not a folder")
        # an existing folder: its files must be writable; a new one: its parent must be
        check_writable(save / "design.json" if save.is_dir() else save, "--save", error=UsageError)
    case = _load_case(args.case)
    _check(case, ("simulate",))
    objectives = [t.strip() for t in args.objectives.split(",")] if args.objectives else None
    workers = _worker_count(args.workers)
    with _executor(workers) as ex:
        res = optimize(
            case,
            objectives=objectives,
            n_scenarios=args.scenarios,
            n_check=args.check,
            rng=args.seed,
            population=args.population,
            generations=args.generations,
            executor=ex,
            progress=not args.json and sys.stderr.isatty(),
        )
    text = res.to_json() if args.json else res.format_report()
    out.write(text + "\n")
    out.flush()
    if save is not None:  # after the results are printed
        save.mkdir(exist_ok=True)
        atomic_write(save / "design.json", (res.to_json() + "\n").encode("utf-8"))
        atomic_write(save / "report.txt", (res.format_report() + "\n").encode("utf-8"))
        sys.stderr.write(f"saved the design search to {save}\n")
    return 0


def _cmd_explain(args: argparse.Namespace, out: TextIO) -> int:
    from .explain.inputs import INPUT_KINDS
    from .explain.order import explain_order

    case = _load_case(args.case)
    a = _strategy_id(case, args.a, "--a")
    b = _strategy_id(case, args.b, "--b")
    if a == b:
        raise UsageError.at("--b", f"the same strategy as --a ({a!r}): give two strategies")
    _check(case, ("simulate",), strategies=[a, b], force=args.force)
    include = tuple(k.strip() for k in args.include.split(",") if k.strip())
    for kind in include:
        if kind not in INPUT_KINDS:
            raise UsageError.at(
                "--include", f"unknown kind {kind!r} (known: {', '.join(INPUT_KINDS)})"
            )
    workers = _worker_count(args.workers)
    with _executor(workers) as ex:
        res = explain_order(
            case,
            a,
            b,
            output=args.output,
            method=args.method,
            n_samples=args.samples,
            include=include,
            n_scenarios=args.scenarios,
            rng=args.seed,
            force=args.force,
            executor=ex,
            progress=_progress(),
        )
    if args.json:
        _print_json(res.to_dict(), out)
    else:
        out.write(res.describe(top=args.top) + "\n")
    return 0


def _cmd_diagnose(args: argparse.Namespace, out: TextIO) -> int:
    from .diagnosis import diagnose
    from .network import write_gexf, write_graphml

    export = _output(args.export, "--export", (".graphml", ".gexf"))
    case = _load_case(args.case)
    _check(case, ("diagnose",))
    d = diagnose(case, rng=args.seed, threshold=args.threshold)
    _emit(d, args, out)
    out.flush()
    if export is not None:  # after the report is printed
        write = write_gexf if export.suffix.lower() == ".gexf" else write_graphml
        try:
            write(case.territory, export)
        except ModelError as err:
            raise ModelError([Problem("--export", p.message) for p in err.problems]) from None
        sys.stderr.write(f"wrote the network to {export}\n")
    return 0


def _cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    from .report import build_report

    # --out has a default: always a path, checked before any work
    target = check_writable(args.out, "--out", suffixes=(".html", ".htm"), error=UsageError)
    case = _load_case(args.case)
    _check(case, ("diagnose", "compare"))
    rep = build_report(case, n_scenarios=args.scenarios, rng=args.seed)
    rep.write(target, lang=args.lang)
    sys.stderr.write(f"wrote the report to {target}\n")
    return 0


_COMMANDS: dict[str, Command] = {
    "diagnose": _cmd_diagnose,
    "dump": _cmd_dump,
    "explain": _cmd_explain,
    "template": _cmd_template,
    "info": _cmd_info,
    "validate": _cmd_validate,
    "schema": _cmd_schema,
    "simulate": _cmd_simulate,
    "compare": _cmd_compare,
    "report": _cmd_report,
    "design": _cmd_design,
}


# --- the entry point -----------------------------------------------------------------------


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status (:data:`EXIT_CODES`).

    Every failure, of every command, becomes a message on standard error and an exit status,
    never a traceback (``--debug``, anywhere on the command line, shows it). Warnings (the
    library's :class:`~ssestrategy.errors.SSEWarning`, and any other) are printed once each,
    as ``warning: ...`` lines on standard error.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments (default ``sys.argv[1:]``).
    out : file, optional
        Where to print (default standard output).

    Returns
    -------
    int

    Examples
    --------
    >>> import io, contextlib
    >>> err = io.StringIO()
    >>> with contextlib.redirect_stderr(err):
    ...     code = main(["simulate", "--scenarios", "0"], out=io.StringIO())
    >>> code
    2
    >>> print(err.getvalue().strip())  # doctest: +NORMALIZE_WHITESPACE
    ssestrategy simulate: argument --scenarios: expected a positive integer, got '0'
    (see ssestrategy simulate --help)
    """
    return run(argv, out, parser, _COMMANDS)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

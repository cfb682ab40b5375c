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
import contextlib
import json
import math
import os
import sys
import traceback
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from ._version import __version__
from .errors import ModelError, Problem, ResourceError, SSEError, SSEWarning, UsageError

__all__ = ["EXIT_CODES", "main"]

EXIT_CODES: dict[str, int] = {
    "ok": 0,
    "bad input": 1,
    "bad usage": 2,
    "resource limit": 3,
    "internal error": 4,
    "interrupted": 130,
}
"""Exit status of the command line for each outcome (see the module docstring)."""

_PROG = "ssestrategy"


def _load_case(path: str | None) -> Any:
    if path is None or path == "tiznit":
        from .datasets import tiznit

        return tiznit()
    from .io import load

    return load(path)


def _print_json(obj: Any, out: TextIO) -> None:
    json.dump(obj, out, indent=2, ensure_ascii=False, allow_nan=False)
    out.write("\n")


def _warn(problem: Problem) -> None:
    warnings.warn(SSEWarning.of(problem), stacklevel=2)


# --- arguments ------------------------------------------------------------------------------


def _int(text: str, low: int, what: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None
    if value < low:
        raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}")
    return value


def _positive_int(text: str) -> int:
    return _int(text, 1, "a positive integer")


def _seed(text: str) -> int:
    return _int(text, 0, "a non-negative integer")


def _power_of_two(text: str) -> int:
    value = _int(text, 2, "a power of two, at least 2")
    if value & (value - 1):
        raise argparse.ArgumentTypeError(f"expected a power of two, at least 2, got {text!r}")
    return value


def _level(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1], got {text!r}") from None
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1], got {text!r}")
    return value


def _strategy_ids(case: Any, value: str | None, option: str = "--strategies") -> list[str] | None:
    """The strategy ids of ``--strategies`` (None: all), each checked against the case."""
    if value is None:
        return None
    ids = [s.strip() for s in value.split(",") if s.strip()]
    if not ids:
        raise UsageError.at(option, "expected comma-separated strategy ids, got none")
    out: list[str] = []
    for sid in ids:
        out.append(_strategy_id(case, sid, option))
        if out[-1] in out[:-1]:
            raise UsageError.at(option, f"strategy {sid!r} given twice")
    return out


def _strategy_id(case: Any, sid: str, option: str) -> str:
    try:
        return str(case.strategy(sid).id)
    except ModelError:
        known = ", ".join(s.id for s in case.strategies) or "none in this case"
        raise UsageError.at(option, f"unknown strategy {sid!r} (known: {known})") from None


def _output(value: str | None, option: str, suffixes: Sequence[str]) -> Path | None:
    """Check an output path before any work: its folder exists and is writable, it is not a
    directory, its extension is one of ``suffixes``."""
    if value is None:
        return None
    from ._files import check_writable

    return check_writable(value, option, suffixes=suffixes, error=UsageError)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _worker_count(workers: int | None) -> int | None:
    """``--workers``, capped at the CPUs this process may use (with a warning)."""
    if workers is None:
        return None
    cpus = _cpus()
    if workers > cpus:
        warnings.warn(
            SSEWarning(
                f"{workers} workers asked, but this machine gives {cpus} CPU(s): using {cpus}",
                "--workers",
            ),
            stacklevel=2,
        )
        return cpus
    return workers


@contextlib.contextmanager
def _executor(workers: int | None) -> Iterator[Any]:
    """A process pool of ``workers`` (None or 1: run in this process), shut down on exit."""
    if workers is None or workers <= 1:
        yield None
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield pool


def _check(case: Any, commands: tuple[str, ...], **kwargs: Any) -> None:
    """Run ``validate``'s checks for ``commands``: refuse errors, warn about the rest."""
    from .validation import validate_case

    v = validate_case(case, commands=commands, **kwargs)
    v.raise_errors()
    for w in v.warnings:
        _warn(w)


# --- info ---------------------------------------------------------------------------------


def info_dict(case: Any) -> dict[str, Any]:
    """What ``ssestrategy info --json`` prints, as a dict.

    Examples
    --------
    >>> from ssestrategy.datasets import tiznit
    >>> info_dict(tiznit())["actors"]
    437
    """
    t = case.territory
    counts = case.count_values()
    return {
        "case": case.name,
        "territory": t.name,
        "region": t.region,
        "actors": len(t.actors),
        "actors_by_kind": dict(sorted(Counter(a.kind.value for a in t.actors).items())),
        "partnerships": len(t.partnerships),
        "partnerships_by_kind": dict(sorted(Counter(p.kind.value for p in t.partnerships).items())),
        "poles": [
            {"id": p.id, "name": p.name, "value_chain": p.value_chain, "members": len(p.members)}
            for p in t.poles
        ],
        "strategies": [s.id for s in case.strategies],
        "uncertain_parameters": list(case.uncertainties.names()),
        "events": [e.name for e in case.uncertainties.events],
        "constraints": [c.id for c in case.constraints],
        "criteria": [c.label for c in case.criteria.items],
        "horizon_years": case.horizon,
        "periods": case.n_periods,
        "sourced_values": counts["sourced"],
        "assumed_values": counts["assumed"],
        "assumed_values_with_range": counts["assumed_with_range"],
        "unlabelled_values": counts["unlabelled"],
    }


def _cmd_info(args: argparse.Namespace, out: TextIO) -> int:
    case = _load_case(args.case)
    d = info_dict(case)
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

    from .io import dump, write_csv

    case = _load_case(args.case)
    if args.csv:
        from .io import case_to_dict

        folder = Path(args.csv)
        if folder.exists() and not folder.is_dir():
            raise UsageError.at("--csv", f"{folder} is not a folder")
        folder.mkdir(parents=True, exist_ok=True)
        data = case_to_dict(case)
        for section in ("actors", "partnerships"):
            write_csv(case, section, folder / f"{section}.csv")
            data[section] = f"{section}.csv"
        skeleton = folder / "case.json"
        from ._files import atomic_write

        atomic_write(
            skeleton,
            (json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False) + "\n").encode(),
        )
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
    n_strategies = len(strategies) if strategies is not None else len(case.strategies)
    with _executor(workers) as ex:
        ens = simulate(
            case,
            strategies,
            n_scenarios=args.scenarios,
            rng=args.seed,
            sampler=args.sampler,
            executor=ex,
            progress=not args.json and args.scenarios * max(1, n_strategies) >= 4000,
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
            progress=not args.json and args.scenarios >= 4000,
            force=args.force,
        )
    if args.json:
        _print_json(cmp.to_dict(), out)
    else:
        out.write(cmp.format_report() + "\n")  # the report ends with the warnings, if any
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
    if args.json:
        _print_json(d.to_dict(), out)
    else:
        out.write(d.format_report() + "\n")
    out.flush()
    if export is not None:  # after the report is printed
        write = write_gexf if export.suffix.lower() == ".gexf" else write_graphml
        try:
            write(case.territory, export)
        except ModelError as err:
            raise ModelError([Problem("--export", p.message) for p in err.problems]) from None
        sys.stderr.write(f"wrote the network to {export}\n")
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "diagnose": _cmd_diagnose,
    "dump": _cmd_dump,
    "explain": _cmd_explain,
    "template": _cmd_template,
    "info": _cmd_info,
    "validate": _cmd_validate,
    "schema": _cmd_schema,
    "simulate": _cmd_simulate,
    "compare": _cmd_compare,
}


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are :class:`~ssestrategy.errors.UsageError` (the guard
    prints one line and exits 2), not a usage dump and ``SystemExit``."""

    def error(self, message: str) -> NoReturn:
        raise UsageError.at(self.prog, f"{message} (see {self.prog} --help)")


def _parser() -> argparse.ArgumentParser:

    p = _Parser(
        prog=_PROG,
        description="Model a territory's social and solidarity economy strategy.",
        epilog="Exit status: 0 ok, 1 bad input, 2 bad usage, 3 resource limit, 4 internal "
        "error. --debug (anywhere) shows tracebacks.",
    )
    p.add_argument("--version", action="version", version=f"ssestrategy {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks and raw warnings")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    case_help = "case file (.toml, .json or .xlsx), or tiznit; default: the embedded Tiznit case"
    force_help = "run even above the bounds on periods and memory (see docs/limits.md)"

    s = sub.add_parser("info", help="summarise a case")
    s.add_argument("case", nargs="?", help=case_help)
    s.add_argument("--json", action="store_true", help="print JSON")

    s = sub.add_parser("validate", help="check a case file and report every problem")
    s.add_argument("case", nargs="?", help=case_help)
    s.add_argument("--strict", action="store_true", help="also fail on unlabelled numbers")
    s.add_argument(
        "--for",
        dest="for_",
        action="append",
        choices=("diagnose", "simulate", "compare"),
        help="check only what this command needs (repeatable; default: every command)",
    )
    s.add_argument("--force", action="store_true", help=force_help)

    sub.add_parser("schema", help="print the JSON Schema of case files")

    s = sub.add_parser(
        "template",
        help="write an empty case workbook to fill in",
        description="Write an empty case workbook (.xlsx) with an instructions sheet, drop-down "
        "lists and every simulation parameter with its default. Needs the 'excel' extra.",
    )
    s.add_argument("--xlsx", required=True, metavar="FILE", help="workbook to write (.xlsx)")

    s = sub.add_parser(
        "dump",
        help="write a case as a workbook, JSON or TOML file, or CSV tables",
        description="Write a case (default: the embedded Tiznit case) in another form: an "
        ".xlsx workbook (the 'excel' extra), a JSON or TOML case file, or a folder with a JSON "
        "case file whose actors and partnerships are CSV tables beside it.",
    )
    s.add_argument("case", nargs="?", help=case_help)
    where = s.add_mutually_exclusive_group(required=True)
    where.add_argument("--xlsx", metavar="FILE", help="write an .xlsx workbook")
    where.add_argument("--json", dest="json_file", metavar="FILE", help="write a JSON case file")
    where.add_argument("--toml", metavar="FILE", help="write a TOML case file ('toml' extra)")
    where.add_argument(
        "--csv",
        metavar="DIR",
        help="write DIR/case.json with its actors and partnerships as CSV tables beside it",
    )

    def run_options(s: argparse.ArgumentParser, default_n: int) -> None:
        s.add_argument("case", nargs="?", help=case_help)
        s.add_argument(
            "--scenarios", type=_positive_int, default=default_n, help="number of futures"
        )
        s.add_argument("--seed", type=_seed, default=0, help="seed (same seed, same result)")
        s.add_argument("--strategies", help="comma-separated strategy ids (default: all)")
        s.add_argument(
            "--workers",
            type=_positive_int,
            default=None,
            help="worker processes (at most the CPUs; default: this process)",
        )
        s.add_argument("--json", action="store_true", help="print JSON")
        s.add_argument("--force", action="store_true", help=force_help)

    s = sub.add_parser("simulate", help="simulate strategies over uncertain futures")
    run_options(s, 1000)
    s.add_argument("--sampler", choices=("mc", "lhs", "sobol"), default="mc")
    s.add_argument("--save", help="save the ensemble (.npz), after printing the results")

    s = sub.add_parser("compare", help="simulate and rank strategies against the constraints")
    run_options(s, 1000)
    s.add_argument(
        "--method",
        choices=("topsis", "weighted_sum", "vikor", "promethee_ii"),
        default="topsis",
    )
    s = sub.add_parser("diagnose", help="network, poles and weakest factors, MICMAC, MACTOR")
    s.add_argument("case", nargs="?", help=case_help)
    s.add_argument("--threshold", type=_level, default=0.5, help="factor level a pole needs")
    s.add_argument("--seed", type=_seed, default=0, help="seed of sampled metrics")
    s.add_argument("--export", help="also write the network (.graphml or .gexf)")
    s.add_argument("--json", action="store_true", help="print JSON")

    s = sub.add_parser("explain", help="what decides between two strategies, and when it flips")
    s.add_argument("case", nargs="?", help=case_help)
    s.add_argument("--a", required=True, help="first strategy id")
    s.add_argument("--b", required=True, help="second strategy id")
    s.add_argument(
        "--output",
        default="composite",
        metavar="OUTPUT",
        help="'composite' (the criteria's weighted score), an outcome name, or "
        "'margin:<constraint id>' (how far the constraint's outcome is past its target)",
    )
    s.add_argument(
        "--include",
        default="parameters",
        help="inputs to vary, comma-separated: parameters, design (budgets and mechanism "
        "parameters of the two strategies), decision (criterion weights, constraint targets); "
        "default: parameters",
    )
    s.add_argument("--method", choices=("sobol", "morris"), default="sobol")
    s.add_argument(
        "--samples",
        "--n",
        dest="samples",
        type=_power_of_two,
        default=256,
        help="Sobol base sample size (power of 2; --n is its former name)",
    )
    s.add_argument(
        "--scenarios", type=_positive_int, default=2000, help="futures for scenario discovery"
    )
    s.add_argument("--seed", type=_seed, default=0)
    s.add_argument("--top", type=_positive_int, default=8, help="drivers to print")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.add_argument("--force", action="store_true", help=force_help)
    return p


# --- the guard ------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _report(err: ModelError, where: str, command: str, stream: TextIO) -> None:
    """Every problem of ``err`` on its own line; options (``--x``) are prefixed with the
    command, case fields with the case file."""

    def line(p: Problem) -> str:
        if p.path.startswith(_PROG):  # an argparse error: the path is the program
            return _one_line(str(p))
        prefix = f"{_PROG} {command}" if p.path.startswith("-") else where
        return f"{prefix}: {_one_line(str(p))}"

    if len(err.problems) == 1:
        stream.write(line(err.problems[0]) + "\n")
        return
    stream.write(f"{where}: {len(err.problems)} problem(s)\n")
    for p in err.problems:
        stream.write(f"  {_one_line(str(p))}\n")


def _guarded(argv: list[str], out: TextIO, err: TextIO, debug: bool) -> int:
    args: argparse.Namespace | None = None
    command = ""
    try:
        try:
            args = _parser().parse_args(argv)
        except SystemExit as exc:  # --help and --version print and exit 0
            return int(exc.code) if isinstance(exc.code, int) else 0
        command = str(args.command)
        return _COMMANDS[command](args, out)
    except UsageError as exc:
        if debug:
            traceback.print_exc(file=err)
        _report(exc, f"{_PROG} {command}".strip(), command, err)
        return EXIT_CODES["bad usage"]
    except ModelError as exc:
        if debug:
            traceback.print_exc(file=err)
        where = getattr(args, "case", None) or (
            "embedded Tiznit case" if "case" in vars(args or argparse.Namespace()) else _PROG
        )
        _report(exc, str(where), command, err)
        return EXIT_CODES["bad input"]
    except ResourceError as exc:
        if debug:
            traceback.print_exc(file=err)
        err.write(f"{_PROG} {command}: {_one_line(str(exc))}\n")
        return EXIT_CODES["resource limit"]
    except SSEError as exc:
        if debug:
            traceback.print_exc(file=err)
        err.write(f"{_PROG} {command}: {_one_line(str(exc))}\n")
        return EXIT_CODES["bad input"]
    except MemoryError:
        if debug:
            traceback.print_exc(file=err)
        err.write(
            f"{_PROG} {command}: out of memory: use fewer scenarios or workers (docs/limits.md)\n"
        )
        return EXIT_CODES["resource limit"]
    except KeyboardInterrupt:
        err.write("interrupted\n")
        return EXIT_CODES["interrupted"]
    except BrokenPipeError:  # the reader of our output went away (``| head``)
        with contextlib.suppress(Exception):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - no flush error at exit
        return EXIT_CODES["ok"]
    except OSError as exc:  # the system refused a read or write (disk full, permissions)
        if debug:
            traceback.print_exc(file=err)
        name = f" {exc.filename}" if getattr(exc, "filename", None) else ""
        err.write(f"{_PROG} {command}: cannot access{name}: {exc.strerror or exc}\n")
        return EXIT_CODES["bad input"]
    except Exception as exc:
        if debug:
            traceback.print_exc(file=err)
        err.write(
            f"{_PROG} {command}: internal error: {type(exc).__name__}: {_one_line(str(exc))} "
            "(a bug: please report it with the output of --debug)\n"
        )
        return EXIT_CODES["internal error"]


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
    out = out or sys.stdout
    err = sys.stderr
    args = list(sys.argv[1:] if argv is None else argv)
    cut = args.index("--") if "--" in args else len(args)
    debug = "--debug" in args[:cut]
    args = [a for i, a in enumerate(args) if not (a == "--debug" and i < cut)]
    shown: set[str] = set()

    def show(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        text = _one_line(str(message))
        if not issubclass(category, SSEWarning):
            text = f"{category.__name__}: {text}"
        if text not in shown:
            shown.add(text)
            err.write(f"warning: {text}\n")
            if debug:
                err.write(f"  (from {filename}:{lineno})\n")

    with warnings.catch_warnings():
        warnings.simplefilter("always")  # show() prints each distinct warning once
        if not debug:  # deprecations are for developers (Python hides them by default too)
            warnings.filterwarnings("ignore", category=DeprecationWarning)
            warnings.filterwarnings("ignore", category=PendingDeprecationWarning)
        warnings.showwarning = show
        return _guarded(args, out, err, debug)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

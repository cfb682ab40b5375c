"""The machinery of the ``ssestrategy`` command (:mod:`ssestrategy.cli` holds its commands):
argument types, helpers the commands share, and the guard that turns every failure into a
short message and an exit status (:data:`EXIT_CODES`).
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
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from .errors import ModelError, Problem, ResourceError, SSEError, SSEWarning, UsageError

__all__ = ["EXIT_CODES", "Command", "run"]

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


Command = Callable[[argparse.Namespace, TextIO], int]
"""A command: its parsed arguments and where to print -> its exit status."""


PROVINCE_PREFIX = "province:"
"""``province:NAME`` as a CASE: :func:`ssestrategy.datasets.province` (extra ``morocco``)."""


def _load_case(path: str | None) -> Any:
    if path is None or path == "tiznit":
        from .datasets import tiznit

        return tiznit()
    if path.startswith(PROVINCE_PREFIX):
        from .datasets import province

        return province(path[len(PROVINCE_PREFIX) :])
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


def _progress() -> bool:
    """Progress bars only on a terminal: none in a log file or a pipe."""
    from ._progress import on_terminal

    return on_terminal(sys.stderr)


def _money(text: str) -> float:
    """A positive amount of MAD (``30e6``, ``30000000``)."""
    try:
        value = float(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an amount in MAD, got {text!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"expected a positive amount in MAD, got {text!r}")
    return value


def _check(case: Any, commands: tuple[str, ...], **kwargs: Any) -> None:
    """Run ``validate``'s checks for ``commands``: refuse errors, warn about the rest."""
    from .validation import validate_case

    v = validate_case(case, commands=commands, **kwargs)
    v.raise_errors()
    for w in v.warnings:
        _warn(w)


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """``--help`` shows each option's default, unless it has none (None, False)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if "%(default)" in text or default is None or default is False or default == "==SUPPRESS==":
            return text
        if action.option_strings or action.nargs in (argparse.OPTIONAL, argparse.ZERO_OR_MORE):
            return text + " (default: %(default)s)"
        return text


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are :class:`~ssestrategy.errors.UsageError` (the guard
    prints one line and exits 2), not a usage dump and ``SystemExit``; its help shows the
    defaults (:class:`_HelpFormatter`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError.at(self.prog, f"{message} (see {self.prog} --help)")


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


def _guarded(
    argv: list[str],
    out: TextIO,
    err: TextIO,
    debug: bool,
    parser: Callable[[], argparse.ArgumentParser],
    commands: Mapping[str, Command],
) -> int:
    args: argparse.Namespace | None = None
    command = ""
    try:
        try:
            args = parser().parse_args(argv)
        except SystemExit as exc:  # --help and --version print and exit 0
            return int(exc.code) if isinstance(exc.code, int) else 0
        command = str(args.command)
        return commands[command](args, out)
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


def run(
    argv: Sequence[str] | None,
    out: TextIO | None,
    parser: Callable[[], argparse.ArgumentParser],
    commands: Mapping[str, Command],
) -> int:
    """Parse ``argv`` with ``parser`` and run its command, guarded (see ``cli.main``)."""
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
        return _guarded(args, out, err, debug, parser, commands)

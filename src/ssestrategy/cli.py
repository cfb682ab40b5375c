"""The ``ssestrategy`` command.

``CASE`` is a case file (TOML or JSON); it defaults to the embedded Tiznit case. Bad input
exits with status 1 and every problem with its field path, never a traceback.

Examples
--------
>>> main(["info", "--json"])  # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from . import __version__
from .errors import ModelError, SSEError

__all__ = ["main"]


def _load_case(path: str | None) -> Any:
    if path is None:
        from .datasets import tiznit

        return tiznit()
    from .io import load

    return load(path)


def _print_json(obj: Any, out: TextIO) -> None:
    json.dump(obj, out, indent=2, ensure_ascii=False, allow_nan=False)
    out.write("\n")


# --- info ---------------------------------------------------------------------------------


def info_dict(case: Any) -> dict[str, Any]:
    """What ``ssestrategy info --json`` prints, as a dict."""
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
        f"\nNumbers: {d['sourced_values']} sourced, {d['assumed_values']} assumed, "
        f"{d['unlabelled_values']} unlabelled\n"
    )
    return 0


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    case = _load_case(args.case)
    counts = case.count_values()
    out.write(
        f"{args.case or 'embedded Tiznit case'}: valid ({len(case.territory.actors)} actors, "
        f"{len(case.territory.partnerships)} partnerships, {len(case.territory.poles)} poles; "
        f"{counts['unlabelled']} unlabelled numbers)\n"
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


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "info": _cmd_info,
    "validate": _cmd_validate,
    "schema": _cmd_schema,
}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="ssestrategy",
        description="Model a territory's social and solidarity economy strategy.",
    )
    p.add_argument("--version", action="version", version=f"ssestrategy {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    case_help = "case file (.toml or .json); default: the embedded Tiznit case"

    s = sub.add_parser("info", help="summarise a case")
    s.add_argument("case", nargs="?", help=case_help)
    s.add_argument("--json", action="store_true", help="print JSON")

    s = sub.add_parser("validate", help="check a case file and report every problem")
    s.add_argument("case", nargs="?", help=case_help)
    s.add_argument("--strict", action="store_true", help="also fail on unlabelled numbers")

    sub.add_parser("schema", help="print the JSON Schema of case files")
    for extra in _EXTRA_PARSERS:
        extra(sub, case_help)
    return p


_EXTRA_PARSERS: list[Callable[[Any, str], None]] = []


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments (default ``sys.argv[1:]``).
    out : file, optional
        Where to print (default standard output).
    """
    out = out or sys.stdout
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args, out)
    except ModelError as err:
        where = getattr(args, "case", None) or "input"
        sys.stderr.write(f"{where}: {len(err.problems)} problem(s)\n")
        for p in err.problems:
            sys.stderr.write(f"  {p}\n")
        return 1
    except SSEError as err:
        sys.stderr.write(f"error: {err}\n")
        return 1
    except KeyboardInterrupt:  # pragma: no cover
        sys.stderr.write("interrupted\n")
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

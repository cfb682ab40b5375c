"""The ``ssestrategy`` command.

``CASE`` is a case file (TOML, JSON or an ``.xlsx`` workbook); it defaults to the embedded
Tiznit case (also named ``tiznit``). Bad input exits with status 1 and every problem with its
field path (its ``sheet!cell`` in a workbook), never a traceback.

Examples
--------
>>> main(["info", "--json"])  # doctest: +SKIP
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TextIO

from . import __version__
from .errors import ModelError, SSEError

__all__ = ["main"]


def _load_case(path: str | None) -> Any:
    if path is None or path == "tiznit":
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


def _cmd_template(args: argparse.Namespace, out: TextIO) -> int:
    from .io import write_template

    write_template(args.xlsx)
    out.write(f"wrote {args.xlsx}: an empty case workbook (see its instructions sheet)\n")
    return 0


def _cmd_dump(args: argparse.Namespace, out: TextIO) -> int:
    from pathlib import Path

    from .io import dump, write_csv

    case = _load_case(args.case)
    if args.csv:
        from .io import case_to_dict

        folder = Path(args.csv)
        folder.mkdir(parents=True, exist_ok=True)
        data = case_to_dict(case)
        for section in ("actors", "partnerships"):
            write_csv(case, section, folder / f"{section}.csv")
            data[section] = f"{section}.csv"
        skeleton = folder / "case.json"
        skeleton.write_text(
            json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False) + "\n",
            encoding="utf-8",
        )
        out.write(f"wrote {skeleton} with actors.csv and partnerships.csv beside it\n")
        return 0
    target = args.xlsx or args.json_file or args.toml
    dump(case, target, {args.xlsx: "xlsx", args.json_file: "json", args.toml: "toml"}[target])
    out.write(f"wrote {target}\n")
    return 0


@contextlib.contextmanager
def _executor(workers: int | None) -> Iterator[Any]:
    """A process pool of ``workers`` (None: run in this process), shut down on exit."""
    if workers is None or workers <= 1:
        yield None
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield pool


def _strategy_list(value: str | None) -> list[str] | None:
    return [s.strip() for s in value.split(",") if s.strip()] if value else None


def _cmd_simulate(args: argparse.Namespace, out: TextIO) -> int:
    from .simulation import simulate

    case = _load_case(args.case)
    with _executor(args.workers) as ex:
        ens = simulate(
            case,
            _strategy_list(args.strategies),
            n_scenarios=args.scenarios,
            seed=args.seed,
            sampler=args.sampler,
            executor=ex,
            progress=not args.json and args.scenarios * max(1, len(case.strategies)) >= 4000,
        )
    if args.save:
        ens.save(args.save)
    if args.json:
        _print_json({"provenance": ens.provenance, "outcomes": ens.summary().to_dict()}, out)
    else:
        out.write(ens.format_summary() + "\n")
    return 0


def _cmd_compare(args: argparse.Namespace, out: TextIO) -> int:
    from .comparison import compare

    case = _load_case(args.case)
    with _executor(args.workers) as ex:
        cmp = compare(
            case,
            _strategy_list(args.strategies),
            n_scenarios=args.scenarios,
            seed=args.seed,
            method=args.method,
            executor=ex,
            progress=not args.json and args.scenarios >= 4000,
        )
    if args.json:
        _print_json(cmp.to_dict(), out)
    else:
        out.write(cmp.format_report() + "\n")
    return 0


def _cmd_explain(args: argparse.Namespace, out: TextIO) -> int:
    from .decision.ranking import criteria_weights
    from .explain.study import beats, discover, sensitivity
    from .simulation import simulate

    case = _load_case(args.case)
    a = case.strategy(args.a).id
    b = case.strategy(args.b).id
    sens = sensitivity(
        case, [a, b], output=args.output, method=args.method, n=args.n, seed=args.seed
    )
    ens = simulate(case, [a, b], n_scenarios=args.scenarios, seed=args.seed)
    weights = criteria_weights(case.criteria)[0] if args.output == "composite" else None
    wins = beats(ens, a, b, outcome=args.output, criteria=case.criteria.items, weights=weights)
    # look for where the less frequent order holds: that is where the ranking flips
    flip, who = (~wins, f"{b} beats {a}") if wins.mean() >= 0.5 else (wins, f"{a} beats {b}")
    disc = discover(ens, flip, description=who) if 0 < flip.sum() < flip.size else None
    if args.json:
        _print_json(
            {
                "a": a,
                "b": b,
                "output": sens.output,
                "method": sens.method,
                "mean_difference": sens.mean_output,
                "share_a_ahead_in_design": sens.share_positive,
                "drivers": sens.drivers(),
                "share_a_beats_b": float(wins.mean()),
                "flip": None
                if disc is None
                else {
                    "condition": disc.condition,
                    "share": disc.share,
                    "box": disc.prim.limits.describe(),
                    "coverage": float(disc.prim.coverage[disc.prim.selected]),
                    "density": float(disc.prim.density[disc.prim.selected]),
                },
            },
            out,
        )
        return 0
    out.write(sens.describe(top=args.top) + "\n\n")
    out.write(
        f"Over {args.scenarios} simulated futures, {a} beats {b} on {args.output} in "
        f"{wins.mean():.0%} of them.\n"
    )
    if disc is None:
        out.write("The order never flips in these futures.\n")
    else:
        out.write("The order flips: " + disc.describe() + "\n")
    return 0


def _cmd_diagnose(args: argparse.Namespace, out: TextIO) -> int:
    from .diagnosis import diagnose
    from .network import write_gexf, write_graphml

    case = _load_case(args.case)
    d = diagnose(case, seed=args.seed, threshold=args.threshold)
    if args.export:
        if args.export.endswith(".gexf"):
            write_gexf(case.territory, args.export)
        elif args.export.endswith(".graphml"):
            write_graphml(case.territory, args.export)
        else:
            raise ModelError.at("--export", "use a .graphml or .gexf file name")
    if args.json:
        _print_json(d.to_dict(), out)
    else:
        out.write(d.format_report() + "\n")
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


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="ssestrategy",
        description="Model a territory's social and solidarity economy strategy.",
    )
    p.add_argument("--version", action="version", version=f"ssestrategy {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    case_help = "case file (.toml, .json or .xlsx), or tiznit; default: the embedded Tiznit case"

    s = sub.add_parser("info", help="summarise a case")
    s.add_argument("case", nargs="?", help=case_help)
    s.add_argument("--json", action="store_true", help="print JSON")

    s = sub.add_parser("validate", help="check a case file and report every problem")
    s.add_argument("case", nargs="?", help=case_help)
    s.add_argument("--strict", action="store_true", help="also fail on unlabelled numbers")

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
        s.add_argument("--scenarios", type=int, default=default_n, help="number of futures")
        s.add_argument("--seed", type=int, default=0, help="seed (same seed, same result)")
        s.add_argument("--strategies", help="comma-separated strategy ids (default: all)")
        s.add_argument("--workers", type=int, default=None, help="worker processes")
        s.add_argument("--json", action="store_true", help="print JSON")

    s = sub.add_parser("simulate", help="simulate strategies over uncertain futures")
    run_options(s, 1000)
    s.add_argument("--sampler", choices=("mc", "lhs", "sobol"), default="mc")
    s.add_argument("--save", help="save the ensemble (.npz)")

    s = sub.add_parser("compare", help="simulate and rank strategies against the constraints")
    run_options(s, 1000)
    s.add_argument(
        "--method",
        choices=("topsis", "weighted_sum", "vikor", "promethee_ii"),
        default="topsis",
    )
    s = sub.add_parser("diagnose", help="network, poles and weakest factors, MICMAC, MACTOR")
    s.add_argument("case", nargs="?", help=case_help)
    s.add_argument("--threshold", type=float, default=0.5, help="factor level a pole needs")
    s.add_argument("--seed", type=int, default=0, help="seed of sampled metrics")
    s.add_argument("--export", help="also write the network (.graphml or .gexf)")
    s.add_argument("--json", action="store_true", help="print JSON")

    s = sub.add_parser("explain", help="what decides between two strategies, and when it flips")
    s.add_argument("case", nargs="?", help=case_help)
    s.add_argument("--a", required=True, help="first strategy id")
    s.add_argument("--b", required=True, help="second strategy id")
    s.add_argument("--output", default="composite", help="outcome name or 'composite'")
    s.add_argument("--method", choices=("sobol", "morris"), default="sobol")
    s.add_argument("--n", type=int, default=256, help="Sobol base sample size (power of 2)")
    s.add_argument("--scenarios", type=int, default=2000, help="futures for scenario discovery")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--top", type=int, default=8, help="drivers to print")
    s.add_argument("--json", action="store_true", help="print JSON")
    return p


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

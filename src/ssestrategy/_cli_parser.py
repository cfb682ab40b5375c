"""The parser of the ``ssestrategy`` command: its options, then one sub-parser per command
(the commands themselves are in :mod:`ssestrategy.cli`)."""

from __future__ import annotations

import argparse
from typing import Any

from ._cli import _PROG, _level, _money, _Parser, _positive_int, _power_of_two, _seed
from ._options import Lang, Method, Sampler, SensitivityMethod, Split
from ._validate import choices
from ._version import __version__

__all__ = ["parser"]

_CASE_HELP = "case file (.toml, .json or .xlsx), or tiznit; default: the embedded Tiznit case"
_FORCE_HELP = "run even above the bounds on periods and memory (see docs/limits.md)"


def parser() -> argparse.ArgumentParser:
    """The command line: the program's options, then one sub-parser per command."""
    p = _Parser(
        prog=_PROG,
        description="Model a territory's social and solidarity economy strategy.",
        epilog="Exit status: 0 ok, 1 bad input, 2 bad usage, 3 resource limit, 4 internal "
        "error. --debug (anywhere) shows tracebacks.",
    )
    p.add_argument("--version", action="version", version=f"ssestrategy {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks and raw warnings")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    for add in (
        _info_parser,
        _validate_parser,
        _schema_parser,
        _template_parser,
        _dump_parser,
        _simulate_parser,
        _compare_parser,
        _design_parser,
        _diagnose_parser,
        _explain_parser,
        _report_parser,
    ):
        add(sub)
    return p


def _info_parser(sub: Any) -> None:
    """``ssestrategy info``."""
    s = sub.add_parser("info", help="summarise a case")
    s.add_argument("case", nargs="?", help=_CASE_HELP)
    s.add_argument("--json", action="store_true", help="print JSON")


def _validate_parser(sub: Any) -> None:
    """``ssestrategy validate``."""
    s = sub.add_parser("validate", help="check a case file and report every problem")
    s.add_argument("case", nargs="?", help=_CASE_HELP)
    s.add_argument("--strict", action="store_true", help="also fail on unlabelled numbers")
    s.add_argument(
        "--for",
        dest="for_",
        action="append",
        choices=("diagnose", "simulate", "compare"),
        help="check only what this command needs (repeatable; default: every command)",
    )
    s.add_argument("--force", action="store_true", help=_FORCE_HELP)


def _schema_parser(sub: Any) -> None:
    """``ssestrategy schema``."""
    sub.add_parser("schema", help="print the JSON Schema of case files")


def _template_parser(sub: Any) -> None:
    """``ssestrategy template``."""
    s = sub.add_parser(
        "template",
        help="write an empty case workbook to fill in",
        description="Write an empty case workbook (.xlsx) with an instructions sheet, drop-down "
        "lists and every simulation parameter with its default. Needs the 'excel' extra.",
    )
    s.add_argument("--xlsx", required=True, metavar="FILE", help="workbook to write (.xlsx)")


def _dump_parser(sub: Any) -> None:
    """``ssestrategy dump``."""
    s = sub.add_parser(
        "dump",
        help="write a case as a workbook, JSON or TOML file, or CSV tables",
        description="Write a case (default: the embedded Tiznit case) in another form: an "
        ".xlsx workbook (the 'excel' extra), a JSON or TOML case file, or a folder with a JSON "
        "case file whose actors and partnerships are CSV tables beside it.",
    )
    s.add_argument("case", nargs="?", help=_CASE_HELP)
    where = s.add_mutually_exclusive_group(required=True)
    where.add_argument("--xlsx", metavar="FILE", help="write an .xlsx workbook")
    where.add_argument("--json", dest="json_file", metavar="FILE", help="write a JSON case file")
    where.add_argument("--toml", metavar="FILE", help="write a TOML case file ('toml' extra)")
    where.add_argument(
        "--csv",
        metavar="DIR",
        help="write DIR/case.json with its actors and partnerships as CSV tables beside it",
    )


_WORKERS_HELP = "worker processes (at most the CPUs; default: this process)"


def _run_options(s: argparse.ArgumentParser, default_n: int, *, cases: bool = False) -> None:
    """The options of the commands that simulate (``cases``: several CASE arguments)."""
    if cases:
        s.add_argument(
            "cases",
            nargs="*",
            metavar="CASE",
            help=_CASE_HELP + ", or province:NAME (a province built from the census, extra "
            "'morocco'); several: compare the same strategies in each province",
        )
    else:
        s.add_argument("case", nargs="?", help=_CASE_HELP)
    s.add_argument("--scenarios", type=_positive_int, default=default_n, help="number of futures")
    s.add_argument("--seed", type=_seed, default=0, help="seed (same seed, same result)")
    s.add_argument("--strategies", help="comma-separated strategy ids (default: all)")
    s.add_argument("--workers", type=_positive_int, default=None, help=_WORKERS_HELP)
    s.add_argument("--json", action="store_true", help="print JSON")
    s.add_argument("--force", action="store_true", help=_FORCE_HELP)


def _simulate_parser(sub: Any) -> None:
    """``ssestrategy simulate``."""
    s = sub.add_parser("simulate", help="simulate strategies over uncertain futures")
    _run_options(s, 1000)
    s.add_argument(
        "--sampler",
        choices=choices(Sampler),
        default="mc",
        help="how futures are drawn: Monte Carlo, Latin hypercube or scrambled Sobol'",
    )
    s.add_argument("--save", help="save the ensemble (.npz), after printing the results")


def _compare_parser(sub: Any) -> None:
    """``ssestrategy compare``."""
    s = sub.add_parser(
        "compare",
        help="simulate and rank strategies against the constraints (one or several provinces)",
        description="Simulate the strategies over the same futures and rank them. With several "
        "CASEs, compare the same strategies in each province, pool the rankings and, with "
        "--budget, split a shared donor budget across the provinces.",
    )
    _run_options(s, 1000, cases=True)
    s.add_argument(
        "--method",
        choices=choices(Method),
        default="topsis",
        help="multi-criteria method that ranks the feasible strategies",
    )
    s.add_argument(
        "--budget",
        type=_money,
        default=None,
        metavar="MAD",
        help="a shared donor budget in MAD over the programme, split across the provinces by "
        "--split; each province's strategies and budget constraints are scaled to its part",
    )
    s.add_argument(
        "--split",
        choices=choices(Split),
        default="population",
        help="how --budget is split: by population, by need (unemployed people, from the "
        "census labour indicators) or equally",
    )
    _lang_option(s)


def _lang_option(s: Any) -> None:
    """``--lang``: the language of the labels (names from the case are kept as they are)."""
    s.add_argument(
        "--lang",
        choices=choices(Lang),
        default="en",
        help="language of the headings, labels and sentences: en, fr or ar",
    )


def _report_parser(sub: Any) -> None:
    """``ssestrategy report``."""
    s = sub.add_parser(
        "report", help="write a shareable HTML report: diagnosis, comparison, drivers, assumptions"
    )
    s.add_argument("case", nargs="?", help=_CASE_HELP)
    s.add_argument("--out", default="report.html", help="the HTML file to write")
    s.add_argument("--scenarios", type=_positive_int, default=200, help="futures simulated")
    s.add_argument("--seed", type=_seed, default=0, help="root of the randomness")
    _lang_option(s)


def _design_parser(sub: Any) -> None:
    """``ssestrategy design``."""
    s = sub.add_parser(
        "design",
        help="search mixes of the lever menu for robust strategies",
        description="Search budget shares, start years (and instrument parameters) over the "
        "lines of the case's strategies with NSGA-II (the 'design' extra: pymoo), check the "
        "Pareto set on fresh futures, and compare it with every template.",
    )
    s.add_argument("case", nargs="?", help=_CASE_HELP)
    s.add_argument(
        "--scenarios", type=_positive_int, default=48, help="futures of the search (shared)"
    )
    s.add_argument(
        "--check", type=_positive_int, default=200, help="fresh futures of the out-of-sample check"
    )
    s.add_argument("--seed", type=_seed, default=0, help="seed (same seed, same result)")
    s.add_argument("--population", type=_positive_int, default=32, help="NSGA-II population")
    s.add_argument("--generations", type=_positive_int, default=15, help="NSGA-II generations")
    s.add_argument(
        "--objectives",
        help="comma-separated outcome:statistic[@year] (jobs:mean, survival:p10...); "
        "default: the case's criteria",
    )
    s.add_argument(
        "--workers",
        type=_positive_int,
        default=None,
        help="worker processes (at most the CPUs; default: this process)",
    )
    s.add_argument("--json", action="store_true", help="print JSON")
    s.add_argument("--save", metavar="DIR", help="also write DIR/design.json and DIR/report.txt")


def _diagnose_parser(sub: Any) -> None:
    """``ssestrategy diagnose``."""
    s = sub.add_parser("diagnose", help="network, poles and weakest factors, MICMAC, MACTOR")
    s.add_argument("case", nargs="?", help=_CASE_HELP)
    s.add_argument("--threshold", type=_level, default=0.5, help="factor level a pole needs")
    s.add_argument("--seed", type=_seed, default=0, help="seed of sampled metrics")
    s.add_argument("--export", help="also write the network (.graphml or .gexf)")
    s.add_argument("--json", action="store_true", help="print JSON")
    _lang_option(s)


def _explain_parser(sub: Any) -> None:
    """``ssestrategy explain``."""
    s = sub.add_parser("explain", help="what decides between two strategies, and when it flips")
    s.add_argument("case", nargs="?", help=_CASE_HELP)
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
        "parameters of the two strategies), decision (criterion weights, constraint targets)",
    )
    s.add_argument(
        "--method",
        choices=choices(SensitivityMethod),
        default="sobol",
        help="sensitivity method: Sobol' indices or Morris screening",
    )
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
    s.add_argument("--seed", type=_seed, default=0, help="seed (same seed, same result)")
    s.add_argument("--top", type=_positive_int, default=8, help="drivers to print")
    s.add_argument("--workers", type=_positive_int, default=None, help=_WORKERS_HELP)
    s.add_argument("--json", action="store_true", help="print JSON")
    s.add_argument("--force", action="store_true", help=_FORCE_HELP)

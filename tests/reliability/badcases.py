"""A small valid case in the file layout, and helpers to break it and run the CLI on it."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import re
import warnings
from pathlib import Path
from typing import Any

from ssestrategy.cli import EXIT_CODES, main

CAPS = {"financing": 0.3, "networking": 0.4, "innovation": 0.2, "governance": 0.5}


def small_case() -> dict[str, Any]:
    """Seven actors (six cooperatives and a council), six ties, a pole, two strategies, an
    uncertain parameter, an event, two constraints and two criteria; 3 years of quarters."""
    actors: list[dict[str, Any]] = [
        {
            "id": f"coop-{i}",
            "name": f"Cooperative {i}",
            "kind": "cooperative",
            "capacities": dict(CAPS),
            "members": 10 + i,
            "women_share": 0.5,
            "rural": i % 2 == 0,
            "value_chain": "argan",
        }
        for i in range(6)
    ]
    actors.append(
        {"id": "council", "name": "Council", "kind": "public_authority", "capacities": dict(CAPS)}
    )
    ties = [
        {"source": f"coop-{i}", "target": f"coop-{i + 1}", "kind": "market", "intensity": 0.5}
        for i in range(5)
    ]
    ties.append({"source": "council", "target": "coop-0", "kind": "convention", "intensity": 0.4})
    return {
        "name": "small",
        "horizon": 3,
        "territory": {"name": "T"},
        "actors": actors,
        "partnerships": ties,
        "poles": [
            {
                "id": "argan",
                "name": "Argan",
                "value_chain": "argan",
                "members": ["coop-0", "coop-1", "coop-2"],
                "anchor": "coop-0",
            }
        ],
        "strategies": [
            {"id": "status-quo", "name": "Status quo"},
            {
                "id": "fund",
                "name": "Fund",
                "interventions": [
                    {
                        "name": "training",
                        "lever": "innovation",
                        "target": {"kinds": ["cooperative"]},
                        "budget": 100000.0,
                        "duration": 2.0,
                    },
                    {
                        "name": "platform",
                        "lever": "ties",
                        "hub": "@anchor",
                        "target": {"poles": ["argan"]},
                        "budget": 50000.0,
                    },
                ],
            },
        ],
        "uncertainties": {
            "parameters": [
                {
                    "parameter": "learning_rate",
                    "distribution": {"kind": "uniform", "low": 0.1, "high": 0.3},
                }
            ],
            "events": [
                {
                    "name": "drought",
                    "annual_probability": 0.2,
                    "severity": {"kind": "uniform", "low": 0.1, "high": 0.3},
                }
            ],
        },
        "constraints": [
            {"id": "cap", "outcome": "spend", "op": "<=", "target": 1e6, "category": "budget"},
            {"id": "alive", "outcome": "survival", "op": ">=", "target": 0.5, "probability": 0.8},
        ],
        "criteria": {
            "items": [
                {"outcome": "jobs", "weight": 0.6},
                {"outcome": "survival", "statistic": "percentile", "q": 10, "weight": 0.4},
            ]
        },
    }


def edited(**changes: Any) -> dict[str, Any]:
    """The small case with top-level sections replaced."""
    d = copy.deepcopy(small_case())
    d.update(changes)
    return d


def write_case(tmp_path: Path, data: Any, name: str = "case.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


class Run:
    """What one ``main(argv)`` call did."""

    def __init__(self, code: int, out: str, err: str, caught: list[Any]) -> None:
        self.code, self.out, self.err = code, out, err
        self.warnings = caught

    @property
    def lines(self) -> list[str]:
        return self.err.strip().splitlines()


FOREIGN_WARNING = re.compile(r"^warning: \w*Warning: ", re.MULTILINE)
"""A warning line of the CLI for a warning that is not the library's (NumPy's, SciPy's)."""


def cli(*argv: str) -> Run:
    """Run the command line in this process; nothing may escape it: no exception, no
    traceback, no warning but the library's, an exit status of :data:`EXIT_CODES`."""
    out, err = io.StringIO(), io.StringIO()
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stderr(err):
        warnings.simplefilter("always")
        code = main(list(argv), out=out)
    text = err.getvalue()
    assert not caught, [str(w.message) for w in caught]  # main shows its warnings itself
    assert "Traceback" not in text, text
    assert not FOREIGN_WARNING.search(text), text
    assert code in EXIT_CODES.values()
    return Run(code, out.getvalue(), text, list(caught))

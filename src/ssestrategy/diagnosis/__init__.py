"""Diagnose a territory: its actor network, key actors, poles and their weakest factors, the
communities the network itself suggests, its resilience, and MICMAC / MACTOR when given.

:func:`diagnose` turns the study day's request — "diagnose assets and opportunities and
identify constraints" — into one call. Every sentence of the assets, opportunities and
weaknesses (the study day's "constraints") is derived from a number computed here and cites it;
the rules are listed in ``docs/diagnosis.md``.

- :mod:`~ssestrategy.diagnosis.workflow`: :func:`diagnose` and its checks;
- :mod:`~ssestrategy.diagnosis.findings`: the rules that turn numbers into findings;
- :mod:`~ssestrategy.diagnosis.report`: the dict export, the text report, the HTML summary;
- :mod:`~ssestrategy.diagnosis.result`: :class:`Diagnosis` and its parts.

Examples
--------
>>> import ssestrategy as sse
>>> from ssestrategy.diagnosis import diagnose
>>> d = diagnose(sse.datasets.tiznit(), rng=0)
>>> poles = d.to_dict()["poles"]
>>> len(poles) == len(d.profiles.pole_ids), all(p["weakest_factor"] for p in poles)
(True, True)
>>> print(d.format_report().splitlines()[0])
Diagnosis of Tiznit (case: ...)
"""

from __future__ import annotations

from .findings import MIN_CANDIDATE_SIZE, Finding
from .result import MAX_CANDIDATES, CandidatePole, Diagnosis, NetworkSummary
from .workflow import diagnose, diagnosis_problems, diagnosis_warnings, foresight_analyses

__all__ = [
    "MAX_CANDIDATES",
    "MIN_CANDIDATE_SIZE",
    "CandidatePole",
    "Diagnosis",
    "Finding",
    "NetworkSummary",
    "diagnose",
    "diagnosis_problems",
    "diagnosis_warnings",
    "foresight_analyses",
]

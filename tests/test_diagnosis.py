"""diagnose(): network summary, key actors, poles with their weakest factor, findings."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

import ssestrategy as sse
from ssestrategy.diagnosis import Diagnosis, diagnose
from ssestrategy.errors import ModelError
from ssestrategy.model import Actor, Case, Foresight, Partnership, Pole, Territory

CAPS = {"financing": 0.2, "networking": 0.4, "innovation": 0.6, "governance": 0.55}


def _caps(f: float) -> dict[str, float]:
    return {**CAPS, "financing": f}


def _case(foresight: Foresight | None = None) -> Case:
    """Two poles around a chamber; a donor tied to the argan pole only; one isolated artisan."""
    argan = [f"ar{i}" for i in range(5)]
    silver = [f"si{i}" for i in range(4)]
    actors = [
        Actor(id="chamber", name="Chamber of Handicraft", kind="chamber", capacities=_caps(0.5)),
        Actor(id="afd", name="AFD", kind="development_agency", capacities=_caps(0.9)),
        Actor(
            id="council", name="Provincial council", kind="public_authority", capacities=_caps(0.6)
        ),
        Actor(id="lonely", name="Lonely artisan", kind="artisan", capacities=_caps(0.1)),
    ]
    actors += [
        Actor(
            id=i,
            name=f"Argan coop {i}",
            kind="cooperative",
            capacities=_caps(0.3),
            value_chain="argan",
        )
        for i in argan
    ]
    actors += [
        Actor(
            id=i,
            name=f"Silver coop {i}",
            kind="cooperative",
            capacities=_caps(0.1),
            value_chain="silver",
        )
        for i in silver
    ]
    ties = [("chamber", x, "training") for x in argan + silver]
    ties += [(argan[i], argan[i + 1], "federation") for i in range(4)]
    ties += [(silver[i], silver[i + 1], "market") for i in range(3)]
    ties += [("afd", argan[0], "financing"), ("council", "chamber", "convention")]
    t = Territory(
        name="Demo province",
        actors=actors,
        partnerships=[Partnership(source=u, target=v, kind=k, intensity=0.6) for u, v, k in ties],
        poles=[
            Pole(id="argan", name="Argan pole", value_chain="argan", members=tuple(argan)),
            Pole(id="silver", name="Silver pole", value_chain="silver", members=tuple(silver)),
        ],
    )
    return Case(name="demo", territory=t, foresight=foresight)


def test_every_pole_has_a_weakest_factor_and_profile() -> None:
    d = diagnose(_case())
    assert isinstance(d, Diagnosis)
    out = d.to_dict()
    assert [p["id"] for p in out["poles"]] == ["argan", "silver"]
    for p in out["poles"]:
        assert p["weakest_factor"] in {"financing", "networking", "innovation", "governance"}
        assert (
            set(p["levels"])
            == set(p["gaps"])
            == {"financing", "networking", "innovation", "governance"}
        )
        assert 0.0 <= p["success"] <= max(p["levels"].values())
    assert out["poles"][1]["weakest_factor"] == "financing"
    assert out["poles"][1]["levels"]["financing"] == pytest.approx(0.1)
    assert out["poles"][1]["gaps"]["financing"] == pytest.approx(0.4)


def test_to_dict_is_strict_json_and_deterministic() -> None:
    a = diagnose(_case(), rng=3).to_dict(actors=True)
    b = diagnose(_case(), rng=3).to_dict(actors=True)
    text = json.dumps(a, allow_nan=False)  # no NaN sneaks into the JSON
    assert text == json.dumps(b, allow_nan=False)
    assert len(a["actors"]) == 13
    lonely = next(x for x in a["actors"] if x["id"] == "lonely")
    assert lonely["burt_constraint"] is None and lonely["degree"] == 0
    for key in ("summary", "key_actors", "communities", "resilience", "conventions"):
        assert key in a
    assert a["conventions"]["threshold"] == 0.5


def test_summary_and_key_actors() -> None:
    d = diagnose(_case())
    s = d.summary
    assert s.n_actors == 13 and s.n_ties == 18 and s.isolated == 1
    assert s.actors_by_kind["cooperative"] == 9
    assert s.n_components == 2 and s.largest_component_share == pytest.approx(12 / 13)
    assert s.density == pytest.approx(2 * 18 / (13 * 12))
    assert d.key_actors[0].id == "chamber"  # the hub of the network
    assert d.metrics.betweenness.sampled is False


def test_findings_cite_numbers() -> None:
    d = diagnose(_case())
    for sentence in d.assets + d.opportunities + d.weaknesses:
        assert re.search(r"\d", sentence), sentence
    joined = " ".join(d.weaknesses)
    assert "Silver pole is held back by financing: level 0.10, 0.40 below the 0.5 threshold" in (
        joined
    )
    assert "1 actors (8%) have no partnership" in joined
    # removing the chamber splits the two poles apart: a dependence on one broker
    assert "The network depends on Chamber of Handicraft" in joined
    # the silver pole has no financing tie while a donor exists: a bridging opportunity
    assert any(
        "have no tie to any of the 1 financing actor" in o and "Silver pole" in o
        for o in d.opportunities
    )
    # the chamber is the main broker
    assert any(a.startswith("Chamber of Handicraft (chamber) is a broker") for a in d.assets)


def test_resilience_of_key_institutions() -> None:
    d = diagnose(_case())
    labels = [r.label for r in d.resilience.removals]
    assert labels[0] == "chamber: chamber"
    assert any(lbl.startswith("donor: afd") for lbl in labels)
    chamber = d.resilience.removals[0]
    assert chamber.connectivity.n_components > d.resilience.baseline.n_components
    custom = diagnose(_case(), removals={"both": ["chamber", "council"]})
    assert [r.label for r in custom.resilience.removals] == ["both"]


def test_communities_vs_declared_poles() -> None:
    d = diagnose(_case())
    cmp = d.comparison
    assert cmp.agreement.n == 9
    assert -1.0 <= cmp.agreement.ari <= 1.0
    assert d.candidate_poles and all(c.size >= 3 for c in d.candidate_poles)
    assert sum(c.size for c in d.candidate_poles) <= 13


def test_foresight_results_included() -> None:
    fs = Foresight(
        variables=("financing", "networking", "innovation"),
        influence=((0, 2, 1), (3, 0, 2), (1, 1, 0)),
        actors=("council", "chamber"),
        objectives=("platform",),
        mdi=((0, 3), (1, 0)),
        mao=((2,), (3,)),
    )
    d = diagnose(_case(fs))
    assert d.micmac is not None and d.mactor is not None
    out = d.to_dict()
    assert out["micmac"]["labels"] == ["financing", "networking", "innovation"]
    assert out["mactor"]["actors"] == ["council", "chamber"]
    report = d.format_report()
    assert "MICMAC" in report and "MACTOR" in report
    assert diagnose(_case()).to_dict()["micmac"] is None


def test_report_and_html() -> None:
    d = diagnose(_case())
    report = d.format_report()
    for section in (
        "Network",
        "Key actors",
        "Poles",
        "Communities",
        "Resilience",
        "Assets",
        "Opportunities",
        "Weaknesses",
    ):
        assert f"\n{section}" in report
    assert "Silver pole" in report and "financing (0.40)" in report
    html = d._repr_html_()
    assert html.startswith("<table>") and "Silver pole" in html


def test_inputs_and_seeds() -> None:
    t = _case().territory
    d = diagnose(t, rng=np.random.default_rng(1))
    assert d.case == "Demo province" and d.seed is None and d.micmac is None
    with pytest.raises(ModelError) as err:
        diagnose(t, threshold=2.0)
    assert err.value.path == "threshold"
    with pytest.raises(ModelError) as err:
        diagnose(t, rng="zero")  # type: ignore[arg-type]
    assert err.value.path == "rng"
    with pytest.raises(ModelError):
        diagnose("tiznit")  # type: ignore[arg-type]


def test_tiznit_lists_every_pole_with_its_weakest_factor() -> None:
    case = sse.datasets.tiznit()
    out = diagnose(case).to_dict()
    assert [p["id"] for p in out["poles"]] == [p.id for p in case.territory.poles]
    assert all(p["weakest_factor"] for p in out["poles"])
    json.dumps(out, allow_nan=False)


def test_edge_cases_empty_and_tieless() -> None:
    empty = diagnose(Territory(name="Nowhere"))
    assert empty.summary.n_actors == 0 and empty.to_dict()["poles"] == []
    json.dumps(empty.to_dict(), allow_nan=False)
    empty.format_report()
    lone = Territory(
        name="Lone",
        actors=[Actor(id="a", name="A", kind="cooperative", capacities=CAPS)],
        poles=[Pole(id="p", name="P", value_chain="x", members=("a",))],
    )
    d = diagnose(lone)
    assert d.profiles.weakest == ("financing",)
    json.dumps(d.to_dict(actors=True), allow_nan=False)


def test_findings_carry_the_provenance_of_their_numbers() -> None:
    """Tiznit's pole findings rest on generated capacities (assumptions), its network findings
    on partnerships that are mostly generated (mixed); a territory whose records all cite a
    source gives sourced findings."""
    from ssestrategy.datasets import tiznit
    from ssestrategy.model import Actor, Partnership, Pole, Source, Territory

    d = diagnose(tiznit())
    by = {f.rests_on: f for f in d.findings}
    assert by["capacities"].basis == "assumed" and by["capacities"].sourced == 0
    assert by["ties"].basis == "mixed" and by["ties"].sourced > 0
    weakest = next(f for f in d.findings if "weakest factor in" in f.text)
    assert weakest.basis == "assumed" and weakest.category == "weakness"
    assert [f.text for f in d.findings if f.category == "weakness"] == list(d.weaknesses)
    assert "[assumed: capacities]" in d.format_report()
    assert d.to_dict()["findings"][0]["basis"] in {"sourced", "assumed", "mixed"}
    src = Source("workshop scores, 2021", label="official")
    caps = {"financing": 0.2, "networking": 0.4, "innovation": 0.6, "governance": 0.5}
    t = Territory(
        name="T",
        actors=[
            Actor(id=f"c{i}", name=f"C{i}", kind="cooperative", capacities=caps, provenance=src)
            for i in range(4)
        ],
        partnerships=[
            Partnership(source="c0", target=f"c{i}", kind="market", intensity=0.5, provenance=src)
            for i in range(1, 4)
        ],
        poles=[Pole(id="p", name="P", value_chain="argan", members=("c0", "c1", "c2"))],
    )
    assert {f.basis for f in diagnose(t).findings} == {"sourced"}

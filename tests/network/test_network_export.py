"""GraphML and GEXF export, re-read by networkx."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from ssestrategy.model import Actor, Assumption, Partnership, Pole, Source, Territory
from ssestrategy.network import export_graph, write_gexf, write_graphml

CAPS = {"financing": 0.2, "networking": 0.4, "innovation": 0.0, "governance": 1.0}


def _territory() -> Territory:
    return Territory(
        name="Export",
        region="Souss-Massa",
        actors=(
            Actor(
                id="council",
                name="Council",
                kind="public_authority",
                capacities=CAPS,
                provenance=Source("HCP 2024", label="official"),
            ),
            Actor(
                id="coop",
                name="Coop",
                kind="cooperative",
                capacities=CAPS,
                members=12,
                women_share=0.5,
                rural=True,
                value_chain="argan",
                provenance=Assumption("guess", low=0.1, high=0.3),
            ),
            Actor(id="art", name="Artisan", kind="artisan", capacities=CAPS),
        ),
        partnerships=(
            Partnership(
                source="council",
                target="coop",
                kind="convention",
                intensity=0.5,
                start=2019,
                budget=2e5,
            ),
            Partnership(
                source="coop", target="council", kind="financing", intensity=0.25, directed=True
            ),
            Partnership(source="coop", target="art", kind="market", intensity=1.0),
        ),
        poles=(Pole(id="argan", name="Argan", value_chain="argan", members=("coop", "art")),),
    )


def test_export_graph_types_are_file_friendly() -> None:
    g = export_graph(_territory())
    allowed = (str, int, float, bool)
    for _, data in g.nodes(data=True):
        assert all(isinstance(v, allowed) for v in data.values())
    for _, _, data in g.edges(data=True):
        assert all(isinstance(v, allowed) for v in data.values())
        assert "start" not in data
    assert g.nodes["council"]["provenance"] == "HCP 2024 [official]"
    assert g.nodes["coop"]["provenance"] == "assumption: guess [0.1, 0.3]"
    assert g.nodes["coop"]["poles"] == "argan" and g.nodes["coop"]["label"] == "Coop"
    assert "women_share" not in g.nodes["council"]  # None is left out
    assert g.graph["poles"] == "argan"


def test_graphml_reread_by_networkx(tmp_path: Path) -> None:
    path = tmp_path / "t.graphml"
    write_graphml(_territory(), path)
    g = nx.read_graphml(path)
    assert set(g) == {"council", "coop", "art"}
    assert g.is_multigraph() and g.number_of_edges() == 3  # parallel ties kept
    assert g.nodes["coop"]["kind"] == "cooperative"
    assert g.nodes["coop"]["members"] == 12 and g.nodes["coop"]["rural"] is True
    assert g.nodes["art"]["networking"] == pytest.approx(0.4)
    ties = sorted((d["kind"], d["intensity"]) for _, _, d in g.edges(data=True))
    assert ties == [("convention", 0.5), ("financing", 0.25), ("market", 1.0)]
    conv = next(d for _, _, d in g.edges(data=True) if d["kind"] == "convention")
    assert conv["start_year"] == 2019 and conv["budget"] == pytest.approx(2e5)
    assert g.graph["name"] == "Export"


def test_gexf_reread_by_networkx(tmp_path: Path) -> None:
    path = tmp_path / "t.gexf"
    write_gexf(_territory(), path)
    g = nx.read_gexf(path)
    assert set(g) == {"council", "coop", "art"}
    assert g.nodes["council"]["label"] == "Council"
    assert g.nodes["coop"]["value_chain"] == "argan"
    assert g.nodes["coop"]["governance"] == pytest.approx(1.0)
    weights = sorted(d["weight"] for _, _, d in g.edges(data=True))
    assert weights[-1] == pytest.approx(1.0)
    assert any(d.get("start_year") == 2019 for _, _, d in g.edges(data=True))

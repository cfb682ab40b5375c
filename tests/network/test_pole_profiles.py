"""Pole profiles and the shared array helpers of network.poles."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from network_strategies import small_territories

from ssestrategy.errors import ModelError
from ssestrategy.model import DEFAULT_PARAMETERS, Actor, Partnership, Pole, Territory
from ssestrategy.network import (
    ces_success,
    internal_strength,
    membership_matrix,
    pole_levels,
    pole_profiles,
    territory_network,
)


def _tiny() -> Territory:
    def caps(f: float, n: float, i: float, g: float) -> dict[str, float]:
        return {"financing": f, "networking": n, "innovation": i, "governance": g}

    return Territory(
        name="Tiny",
        actors=[
            Actor(id="a", name="A", kind="cooperative", capacities=caps(0.2, 0.6, 0.4, 0.8)),
            Actor(id="b", name="B", kind="cooperative", capacities=caps(0.4, 0.2, 0.6, 0.6)),
            Actor(id="c", name="C", kind="artisan", capacities=caps(0.6, 0.4, 0.2, 0.4)),
            Actor(
                id="bank",
                name="Bank",
                kind="financial_institution",
                capacities=caps(0.9, 0.5, 0.5, 0.9),
            ),
        ],
        partnerships=[
            Partnership(source="a", target="b", kind="federation", intensity=0.5),
            Partnership(source="b", target="a", kind="market", intensity=0.25, directed=True),
            Partnership(source="b", target="c", kind="market", intensity=0.75),
            Partnership(source="bank", target="a", kind="financing", intensity=1.0),
        ],
        poles=[
            Pole(id="p", name="P", value_chain="argan", members=("a", "b", "c")),
            Pole(id="q", name="Q", value_chain="silver", members=("c",)),
        ],
    )


def test_profiles_by_hand() -> None:
    """Pole P = {a, b, c}: means financing (0.2+0.4+0.6)/3 = 0.4, networking capacity 0.4,
    innovation 0.4, governance 0.6. Internal ties a-b 0.5 + 0.25 (parallel, directed counts
    once) and b-c 0.75 (the bank tie is external): s = 2 * 1.5 / 3 = 1, cohesion
    1 - e^-1 = 0.6321, networking level (0.4 + 0.6321) / 2 = 0.5161. Weakest: financing and
    innovation tie at 0.4 -> financing (canonical order). Success with rho = -4:
    (mean(L**-4))**(-1/4). Pole Q = {c} alone: s = 0, networking (0.4 + 0) / 2 = 0.2."""
    prof = pole_profiles(_tiny())
    coh = 1 - math.exp(-1)
    np.testing.assert_allclose(prof.internal_strength, [1.0, 0.0])
    np.testing.assert_allclose(prof.cohesion, [coh, 0.0])
    expected_p = np.array([0.4, (0.4 + coh) / 2, 0.4, 0.6])
    np.testing.assert_allclose(prof.levels[0], expected_p)
    np.testing.assert_allclose(prof.levels[1], [0.6, 0.2, 0.2, 0.4])
    assert prof.weakest == ("financing", "networking")
    assert prof.success[0] == pytest.approx(np.mean(expected_p**-4.0) ** -0.25)
    np.testing.assert_allclose(prof.gaps[0], [0.1, 0.0, 0.1, 0.0])
    np.testing.assert_allclose(prof.gaps[1], [0.0, 0.3, 0.3, 0.1])
    np.testing.assert_allclose(prof.mean_capacities[0], [0.4, 0.4, 0.4, 0.6])
    assert prof.threshold == 0.5 and prof.ces_rho == DEFAULT_PARAMETERS["ces_rho"].value
    rec = prof.records()[0]
    assert rec["weakest_factor"] == "financing" and rec["members"] == 3
    assert rec["gaps"]["financing"] == pytest.approx(0.1)


def test_profiles_parameters_and_errors() -> None:
    prof = pole_profiles(_tiny(), threshold=0.7, ces_rho=-np.inf, cohesion_scale=2.0)
    assert prof.success[0] == pytest.approx(prof.levels[0].min())  # weakest link
    assert prof.cohesion[0] == pytest.approx(1 - math.exp(-0.5))
    for kwargs, path in (
        ({"threshold": 1.5}, "threshold"),
        ({"ces_rho": 0.5}, "ces_rho"),
        ({"cohesion_scale": -1.0}, "cohesion_scale"),
        ({"ces_rho": float("nan")}, "ces_rho"),
    ):
        with pytest.raises(ModelError) as err:
            pole_profiles(_tiny(), **kwargs)  # type: ignore[arg-type]
        assert err.value.path == path


@settings(max_examples=60, deadline=None)
@given(small_territories(), st.sampled_from([-1.0, -4.0, -10.0]))
def test_success_bounded_and_zero_when_a_level_is_zero(t: Territory, rho: float) -> None:
    prof = pole_profiles(t, ces_rho=rho)
    for i in range(len(prof.pole_ids)):
        lv = prof.levels[i]
        assert prof.success[i] <= lv.max() + 1e-12
        assert prof.success[i] >= lv.min() - 1e-12
        if (lv == 0).any():
            assert prof.success[i] == 0.0
        # the first factor (canonical order) at the minimum, up to rounding
        assert prof.weakest[i] == prof.factors[int(np.argmax(lv <= lv.min() + 1e-12))]
        np.testing.assert_allclose(prof.gaps[i], np.maximum(0.0, 0.5 - lv))


def test_success_is_zero_when_members_lack_financing() -> None:
    t = _tiny()
    broke = Territory(
        name="Broke",
        actors=[
            Actor(
                id=a.id,
                name=a.name,
                kind=a.kind,
                capacities={**a.capacities.as_dict(), "financing": 0.0},
            )
            for a in t.actors
        ],
        partnerships=t.partnerships,
        poles=t.poles,
    )
    prof = pole_profiles(broke)
    np.testing.assert_array_equal(prof.success, [0.0, 0.0])
    assert prof.weakest == ("financing", "financing")


# --- shared array helpers (used by the simulation's compile step too) -----------------------


def test_membership_matrix_and_internal_strength_with_scenario_axis() -> None:
    m = membership_matrix([[0, 1, 2], [2], []], 4)
    assert m.shape == (4, 3)
    np.testing.assert_array_equal(m.toarray().sum(axis=0), [3, 1, 0])
    src, dst = np.array([0, 1, 2, 0]), np.array([1, 2, 3, 1])
    w = np.array([[0.5, 1.0, 0.7, 0.5], [0.0, 0.0, 0.0, 0.0], [1.0, 1.0, 1.0, 1.0]])
    got = internal_strength(src, dst, w, m)
    assert got.shape == (3, 3)
    np.testing.assert_allclose(got[0], [2 * 2.0 / 3, 0.0, 0.0])
    np.testing.assert_allclose(got[2], [2 * 3.0 / 3, 0.0, 0.0])
    np.testing.assert_allclose(got[1], 0.0)
    for row in range(3):  # one scenario at a time gives the same
        np.testing.assert_allclose(internal_strength(src, dst, w[row], m), got[row])
    empty = internal_strength(np.zeros(0, int), np.zeros(0, int), np.zeros(0), m)
    np.testing.assert_array_equal(empty, [0.0, 0.0, 0.0])


def test_pole_levels_with_scenario_axis() -> None:
    rng = np.random.default_rng(0)
    caps = rng.uniform(size=(5, 6, 4))  # scenarios x actors x factors
    m = membership_matrix([[0, 1], [2, 3, 4], []], 6)
    coh = rng.uniform(size=(5, 3))
    got = pole_levels(caps, m, coh)
    assert got.shape == (5, 3, 4)
    for s in range(5):
        np.testing.assert_allclose(pole_levels(caps[s], m, coh[s]), got[s])
        ref = caps[s, [2, 3, 4]].mean(axis=0)
        ref[1] = (ref[1] + coh[s, 1]) / 2
        np.testing.assert_allclose(got[s, 1], ref)
    np.testing.assert_array_equal(got[:, 2], 0.0)  # empty pole
    np.testing.assert_array_equal(ces_success(got[:, 2], -4.0), 0.0)


def test_profiles_accept_a_network() -> None:
    t = _tiny()
    a, b = pole_profiles(t), pole_profiles(territory_network(t))
    np.testing.assert_array_equal(a.levels, b.levels)

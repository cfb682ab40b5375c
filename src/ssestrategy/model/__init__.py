"""Domain model: frozen, validated attrs types for a territory's SSE and a study of it.

Examples
--------
>>> from ssestrategy.model import Factor, ActorKind
>>> Factor("networking"), ActorKind("cooperative")
(<Factor.NETWORKING: 'networking'>, <ActorKind.COOPERATIVE: 'cooperative'>)
"""

from .case import AssumptionRef, Case, ValueRef
from .design_spec import DEFAULT_START, DesignSpec
from .factors import FACTORS, Capacities, Factor
from .menu import MENU, Instrument, instrument
from .outcomes import OUTCOMES, OutcomeInfo
from .parameters import DEFAULT_PARAMETERS, Parameter
from .provenance import Assumption, Label, Provenance, Source
from .strategy import LEVER_PARAMETERS, ActorIndex, Intervention, Lever, Selector, Strategy
from .targets import Constraint, ConstraintCategory, Criteria, Criterion, Foresight, Statistic
from .territory import (
    TARGET_KINDS,
    Actor,
    ActorKind,
    ActorStatus,
    Indicator,
    Partnership,
    PartnershipKind,
    Pole,
    Territory,
)
from .uncertainty import Distribution, DistributionKind, Event, ScenarioSpace, Uncertainty

__all__ = [
    "DEFAULT_PARAMETERS",
    "DEFAULT_START",
    "FACTORS",
    "LEVER_PARAMETERS",
    "MENU",
    "OUTCOMES",
    "TARGET_KINDS",
    "Actor",
    "ActorIndex",
    "ActorKind",
    "ActorStatus",
    "Assumption",
    "AssumptionRef",
    "Capacities",
    "Case",
    "Constraint",
    "ConstraintCategory",
    "Criteria",
    "Criterion",
    "DesignSpec",
    "Distribution",
    "DistributionKind",
    "Event",
    "Factor",
    "Foresight",
    "Indicator",
    "Instrument",
    "Intervention",
    "Label",
    "Lever",
    "OutcomeInfo",
    "Parameter",
    "Partnership",
    "PartnershipKind",
    "Pole",
    "Provenance",
    "ScenarioSpace",
    "Selector",
    "Source",
    "Statistic",
    "Strategy",
    "Territory",
    "Uncertainty",
    "ValueRef",
    "instrument",
]

"""Hypothesis strategies for the library's types, for our tests and for downstream projects.

``ssestrategy.testing`` needs `hypothesis <https://hypothesis.readthedocs.io>`_ (the
``testing`` extra: ``pip install 'ssestrategy[testing]'``). Every strategy generates objects
that are valid by construction; :func:`mutate_case_dict` and :func:`invalid_case_mutations`
break a valid case file in one place and say where the loader must report it. See
``docs/testing.md``.

Examples
--------
>>> from hypothesis import given, settings
>>> from ssestrategy.testing import cases
>>> @settings(max_examples=10, database=None)
... @given(cases(max_actors=4))
... def test_every_partnership_joins_two_actors(case):
...     ids = {a.id for a in case.territory.actors}
...     for p in case.territory.partnerships:
...         assert p.source in ids and p.target in ids and p.source != p.target
>>> test_every_partnership_joins_two_actors()
"""

try:
    import hypothesis  # noqa: F401
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "ssestrategy.testing needs hypothesis: pip install 'ssestrategy[testing]'"
    ) from exc

from .strategies import *  # noqa: F403  (the public strategies)
from .strategies import __all__ as __all__

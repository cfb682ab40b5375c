"""The one randomness convention of the library (SPEC 7).

Every public function that draws random numbers takes an ``rng`` argument, typed
:data:`RNGLike`, whose default is a fixed integer (0, or the seed that defines an embedded
dataset): a call without ``rng`` gives the same result every time.

- an int >= 0: ``SeedSequence(rng)`` is the root of the run; the same int gives the same
  result;
- a :class:`numpy.random.SeedSequence`: the root itself; it is never consumed, so the same
  sequence gives the same result;
- a :class:`numpy.random.Generator`: consumed, as SPEC 7 asks — used as it is where the run needs
  one stream, streams spawned from it (:meth:`numpy.random.Generator.spawn`) where it needs
  several, one child sequence spawned from it where the run needs a root. Two generators
  created and used alike give the same result; one generator passed twice gives two different
  results;
- ``None``: fresh entropy from the operating system. The call is not reproducible by itself,
  but results record their root's entropy and spawn key, and passing them back
  (``SeedSequence(entropy, spawn_key=...)``) repeats the run.

From the root, a run derives its streams by spawn key without consuming it: stream ``i`` is
``SeedSequence(root.entropy, spawn_key=(*root.spawn_key, i))`` (:func:`child`) — e.g. scenario
*k* of a simulation, or the sampling and bootstrap streams of a Sobol' analysis. A run that needs
one stream uses the root itself (:func:`generator`).

Examples
--------
>>> import numpy as np
>>> seed_sequence(42).entropy
42
>>> child(seed_sequence(42), 3).spawn_key
(3,)
>>> float(generator(7).random()) == float(np.random.default_rng(7).random())
True
>>> seed_sequence(-1)
Traceback (most recent call last):
...
ssestrategy.errors.ModelError: rng: expected a non-negative integer, got -1
"""

from __future__ import annotations

from typing import Any, TypeAlias

import numpy as np

from .errors import ModelError

__all__ = [
    "RNGLike",
    "check_rng",
    "child",
    "describe",
    "generator",
    "generators",
    "provenance",
    "seed_sequence",
    "streams_provenance",
    "unconsumed",
]

RNGLike: TypeAlias = int | np.integer[Any] | np.random.SeedSequence | np.random.Generator | None
"""What an ``rng`` argument accepts: None, an int >= 0, a ``SeedSequence`` or a ``Generator``."""


def check_rng(rng: Any, path: str = "rng") -> None:
    """Raise :class:`~ssestrategy.errors.ModelError` at ``path`` unless ``rng`` is
    :data:`RNGLike`.

    Examples
    --------
    >>> check_rng("zero")
    Traceback (most recent call last):
    ...
    ssestrategy.errors.ModelError: rng: expected None, an int, a numpy SeedSequence or \
Generator, got str
    """
    if rng is None or isinstance(rng, np.random.SeedSequence | np.random.Generator):
        return
    if isinstance(rng, int | np.integer) and not isinstance(rng, bool):
        if int(rng) < 0:
            raise ModelError.at(path, f"expected a non-negative integer, got {rng!r}")
        return
    raise ModelError.at(
        path,
        f"expected None, an int, a numpy SeedSequence or Generator, got {type(rng).__name__}",
    )


def seed_sequence(rng: RNGLike, path: str = "rng") -> np.random.SeedSequence:
    """The root :class:`~numpy.random.SeedSequence` of a run.

    An int gives ``SeedSequence(rng)``; a ``SeedSequence`` is returned as it is; ``None`` draws
    fresh entropy; a ``Generator`` spawns one child sequence (so the generator is consumed).

    Examples
    --------
    >>> ss = np.random.SeedSequence(5, spawn_key=(1,))
    >>> seed_sequence(ss) is ss
    True
    >>> root = seed_sequence(np.random.default_rng(5))
    >>> root.entropy, root.spawn_key
    (5, (0,))
    """
    check_rng(rng, path)
    if isinstance(rng, np.random.SeedSequence):
        return rng
    if isinstance(rng, np.random.Generator):
        return _spawn_sequences(rng, 1)[0]
    if rng is None:
        return np.random.SeedSequence()
    return np.random.SeedSequence(int(rng))


def child(root: np.random.SeedSequence, index: int) -> np.random.SeedSequence:
    """Stream ``index`` of ``root``: ``SeedSequence(root.entropy, spawn_key=(*root.spawn_key,
    index))``; ``root`` is not consumed (unlike :meth:`~numpy.random.SeedSequence.spawn`).

    Examples
    --------
    >>> child(np.random.SeedSequence(1, spawn_key=(2,)), 0).spawn_key
    (2, 0)
    """
    return np.random.SeedSequence(
        root.entropy, spawn_key=(*root.spawn_key, index), pool_size=root.pool_size
    )


def unconsumed(root: np.random.SeedSequence) -> np.random.SeedSequence:
    """A fresh sequence equal to ``root`` (same entropy, spawn key and pool size, nothing
    spawned yet): what to hand to code that spawns from a generator's seed sequence (SciPy's
    quasi-random engines do), so that ``root`` — the caller's — is never consumed.

    Examples
    --------
    >>> root = np.random.SeedSequence(3)
    >>> copy = unconsumed(root)
    >>> _ = copy.spawn(2)
    >>> root.n_children_spawned, copy.generate_state(1) == root.generate_state(1)
    (0, array([ True]))
    """
    return np.random.SeedSequence(root.entropy, spawn_key=root.spawn_key, pool_size=root.pool_size)


def generator(rng: RNGLike, path: str = "rng") -> np.random.Generator:
    """The generator of a run that needs one stream: a ``Generator`` as it is, otherwise
    ``numpy.random.default_rng(seed_sequence(rng))``.

    Examples
    --------
    >>> g = np.random.default_rng(3)
    >>> generator(g) is g
    True
    """
    if isinstance(rng, np.random.Generator):
        return rng
    return np.random.default_rng(seed_sequence(rng, path))


def generators(rng: RNGLike, n: int, path: str = "rng") -> list[np.random.Generator]:
    """``n`` independent generators: streams ``0 .. n-1`` of the root (:func:`child`), or, for a
    ``Generator``, ``n`` generators spawned from it.

    Examples
    --------
    >>> a = [float(g.random()) for g in generators(9, 2)]
    >>> b = [float(g.random()) for g in generators(np.random.default_rng(9), 2)]
    >>> a == b
    True
    """
    if isinstance(rng, np.random.Generator):
        try:
            return list(rng.spawn(n))
        except TypeError:  # a seedless bit generator
            return [np.random.default_rng(s) for s in _spawn_sequences(rng, n)]
    root = seed_sequence(rng, path)
    return [np.random.default_rng(child(root, i)) for i in range(n)]


def describe(root: np.random.SeedSequence) -> str:
    """A root in words, for a provenance note: ``"seed 3"``, with its spawn key if any.

    Examples
    --------
    >>> describe(np.random.SeedSequence(3)), describe(child(np.random.SeedSequence(3), 1))
    ('seed 3', 'seed 3, spawn key (1,)')
    """
    out = f"seed {provenance(root)['entropy']}"
    return out + f", spawn key {tuple(root.spawn_key)}" if root.spawn_key else out


def provenance(root: np.random.SeedSequence) -> dict[str, Any]:
    """JSON-ready record of a root: its entropy (an int, or a list of ints) and spawn key.

    Examples
    --------
    >>> provenance(np.random.SeedSequence(4, spawn_key=(1, 2)))
    {'entropy': 4, 'spawn_key': [1, 2]}
    """
    entropy: Any = (
        int(root.entropy)
        if isinstance(root.entropy, int | np.integer)
        else [int(v) for v in np.atleast_1d(np.asarray(root.entropy))]
    )
    return {"entropy": entropy, "spawn_key": [int(k) for k in root.spawn_key]}


def streams_provenance(streams: list[np.random.Generator]) -> dict[str, Any]:
    """JSON-ready record of the streams of a run (from :func:`generators`): their entropy and
    the spawn key of each.

    Examples
    --------
    >>> streams_provenance(generators(4, 2))
    {'entropy': 4, 'spawn_keys': [[0], [1]]}
    """
    seqs = [getattr(g.bit_generator, "seed_seq", None) for g in streams]
    known = [s for s in seqs if isinstance(s, np.random.SeedSequence)]
    entropy = provenance(known[0])["entropy"] if known else None
    keys = [[int(k) for k in s.spawn_key] if s in known else None for s in seqs]
    return {"entropy": entropy, "spawn_keys": keys}


def _spawn_sequences(rng: np.random.Generator, n: int) -> list[np.random.SeedSequence]:
    """``n`` child sequences spawned from a generator's seed sequence (which advances it); a
    generator without one (a seedless bit generator) gives sequences seeded by its draws."""
    seq = getattr(rng.bit_generator, "seed_seq", None)
    if isinstance(seq, np.random.SeedSequence):
        return list(seq.spawn(n))
    return [np.random.SeedSequence(int(rng.integers(0, 2**63 - 1))) for _ in range(n)]

"""Run chunks of a study on an executor, shipping what every chunk shares once.

A study (a simulation, a design search) splits its columns into chunks; every chunk needs the
same compiled case, which can be large (94 MB for a national territory of 60,000 actors). A
job that carried it would pickle it again for each chunk. Instead :func:`run_chunks` ships it
once per study and per worker, and each job carries only a small handle:

- in this process, or on a thread pool: the object itself (nothing is copied);
- on a :class:`~concurrent.futures.ProcessPoolExecutor` (workers on this machine): the
  object, pickled once, in a block of shared memory (:mod:`multiprocessing.shared_memory`);
  each worker reads it the first time it meets the study and keeps it (a small per-process
  cache, bounded);
- on a Dask cluster (a ``distributed.Client``, or its ``get_executor()``): the object
  scattered to every worker once (``client.scatter(..., broadcast=True)``), the jobs referring
  to the scattered future.

Only objects the library itself built cross processes this way (never a user's file), and a
worker unpickles a shared block only if its HMAC matches the one its job carries.
Results come back in completion order; the caller places them by index, so they do not depend
on the executor. At most ``2 x workers + 1`` chunks are in flight, so memory stays bounded.

Examples
--------
>>> from concurrent.futures import ThreadPoolExecutor
>>> def job(shared, k):
...     return shared["base"] + k
>>> got = {}
>>> with ThreadPoolExecutor(2) as pool:
...     run_chunks(job, {"base": 10}, [0, 1, 2], lambda k, r: got.update({k: r}),
...                executor=pool)
>>> dict(sorted(got.items()))  # completion order varies; the caller places by index
{0: 10, 1: 11, 2: 12}
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import hashlib
import hmac
import os
import pickle
import secrets
import threading
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import attrs

from ..errors import ModelError, SimulationError

__all__ = ["is_dask", "run_chunks", "worker_count"]

J = TypeVar("J")
R = TypeVar("R")

_CACHE_SIZE = 2
_cache: OrderedDict[str, Any] = OrderedDict()  # per worker process: token -> shared object
_cache_lock = threading.Lock()


@attrs.frozen
class _InMemory:
    """The shared object itself (serial or thread executors: no copy)."""

    obj: Any

    def get(self) -> Any:
        return self.obj


def _digest(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()


@attrs.frozen
class _SharedBlock:
    """The shared object pickled in a named shared-memory block, read once per process.

    The block lives in ``/dev/shm``, where another process of the same user could rewrite it;
    so the handle (which travels through the pool's own channel) carries a per-run key and the
    HMAC-SHA256 of the bytes, and a worker unpickles only bytes that match them.
    """

    token: str
    name: str
    size: int
    key: bytes
    digest: bytes

    def get(self) -> Any:
        with _cache_lock:
            hit = _cache.get(self.token)
            if hit is not None:
                _cache.move_to_end(self.token)
                return hit
        from multiprocessing import shared_memory

        block = shared_memory.SharedMemory(name=self.name)
        try:
            buf = block.buf
            if buf is None:  # pragma: no cover - a closed block
                raise SimulationError("the shared block of the study was released")
            data = bytes(buf[: self.size])
        finally:
            block.close()
        # not a user file: the compiled case this run's parent process pickled into a block it
        # created, checked against the key and digest that came with the job (the pool's own
        # pickled channel) before anything is unpickled
        if not hmac.compare_digest(_digest(self.key, data), self.digest):
            raise SimulationError(
                "the shared block of the study was altered after it was written; run it again"
            )
        obj = pickle.loads(data)
        with _cache_lock:
            _cache[self.token] = obj
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
        return obj


# --- the allocator while chunks run -----------------------------------------------------------
# A chunk allocates array temporaries of a few megabytes every period and frees them at once.
# glibc serves them from its heap, but returns the heap's top to the system whenever the free
# space there exceeds its trim threshold, and the next period faults the same pages in again:
# how often depends on the order of the allocations (an unrelated change to the kernel moved
# Tiznit's serial compare of 500 futures from 110,000 to 1.3 million minor page faults and from
# 3.6 to 6.3 s of CPU). Dask's nanny makes it worse: it starts workers with
# MALLOC_TRIM_THRESHOLD_=65536, which pins the mmap threshold at 128 KiB, so every temporary is
# mapped and faulted afresh (36.8 against 9.1 ms per chunk-period). So while chunks run
# (in this process or a worker) glibc gets roomy thresholds: arrays up to 32 MiB from the heap,
# and 64 MiB of free top kept. After the last chunk the memory freed is handed back
# (malloc_trim), and thresholds set by the environment are restored; without them the roomy
# ones stay (glibc's adaptive thresholds cannot be switched back on, and they settle there for
# arrays of this size anyway). SSESTRATEGY_MALLOC=system leaves the allocator alone.

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # <malloc.h>
_ROOMY = 32 * 2**20
_malloc_lock = threading.Lock()
_malloc_users = 0


def _glibc() -> Any:
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt, libc.malloc_trim  # noqa: B018 - both must exist
    except (OSError, AttributeError):  # not glibc (macOS, Windows, musl)
        return None
    return libc


def _env_bytes(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@contextlib.contextmanager
def _roomy_malloc() -> Iterator[None]:
    """Roomy glibc thresholds while chunks run (see the comment above)."""
    global _malloc_users
    if os.environ.get("SSESTRATEGY_MALLOC") == "system" or (libc := _glibc()) is None:
        yield
        return
    trim = _env_bytes("MALLOC_TRIM_THRESHOLD_", -1)
    mmap = _env_bytes("MALLOC_MMAP_THRESHOLD_", -1)
    with _malloc_lock:
        _malloc_users += 1
        if _malloc_users == 1:
            libc.mallopt(_M_MMAP_THRESHOLD, _ROOMY)
            libc.mallopt(_M_TRIM_THRESHOLD, 2 * _ROOMY)
    try:
        yield
    finally:
        with _malloc_lock:
            _malloc_users -= 1
            if _malloc_users == 0:
                if trim >= 0:
                    libc.mallopt(_M_TRIM_THRESHOLD, trim)
                if trim >= 0 or mmap >= 0:
                    libc.mallopt(_M_MMAP_THRESHOLD, mmap if mmap >= 0 else 128 * 1024)
                libc.malloc_trim(0)


def _run(fn: Callable[[Any, J], R], handle: Any, job: J) -> R:
    """A chunk in a worker: the shared object from its handle (a Dask worker receives the
    scattered object itself in place of the future)."""
    shared = handle.get() if isinstance(handle, _InMemory | _SharedBlock) else handle
    with _roomy_malloc():
        return fn(shared, job)


def _client_of(executor: Any) -> Any:
    """The Dask client behind ``executor`` (a Client, or its get_executor()), else None."""
    if hasattr(executor, "scatter") and hasattr(executor, "get_executor"):
        return executor
    client = getattr(executor, "_client", None)
    if client is not None and hasattr(client, "scatter"):
        return client
    return None


def is_dask(executor: Any) -> bool:
    """Whether ``executor`` is a Dask client or a Dask client's executor.

    Examples
    --------
    >>> is_dask(None)
    False
    """
    return executor is not None and _client_of(executor) is not None


def worker_count(executor: Any) -> int:
    """How many chunks ``executor`` runs at once (1 for none).

    Examples
    --------
    >>> from concurrent.futures import ThreadPoolExecutor
    >>> with ThreadPoolExecutor(3) as pool:
    ...     worker_count(pool)
    3
    """
    if executor is None:
        return 1
    client = _client_of(executor)
    if client is not None:
        try:
            threads = client.nthreads()
            total = sum(int(v) for v in threads.values())
            if total > 0:
                return total
        except Exception:  # pragma: no cover - a client that cannot tell
            pass
    for attr in ("_max_workers", "max_workers"):
        v = getattr(executor, attr, None)
        if isinstance(v, int) and v > 0:
            return v
    return os.cpu_count() or 1


@contextlib.contextmanager
def _shared(obj: Any, executor: Any) -> Iterator[tuple[Any, Any]]:
    """(handle, submitter) for ``obj`` on ``executor``; releases what it made on exit."""
    client = _client_of(executor) if executor is not None else None
    if client is not None:
        future = client.scatter(obj, broadcast=True, hash=False)
        submit = client.get_executor() if executor is client else executor
        try:
            yield future, submit
        finally:
            with contextlib.suppress(Exception):
                client.cancel([future])
        return
    if isinstance(executor, cf.ProcessPoolExecutor):
        from multiprocessing import shared_memory

        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        block = shared_memory.SharedMemory(create=True, size=max(len(data), 1))
        try:
            buf = block.buf
            if buf is None:  # pragma: no cover - a closed block
                raise SimulationError("could not map a shared block for the workers")
            buf[: len(data)] = data
            key = secrets.token_bytes(32)
            handle = _SharedBlock(uuid.uuid4().hex, block.name, len(data), key, _digest(key, data))
            yield handle, executor
        finally:
            block.close()
            block.unlink()
        return
    yield _InMemory(obj), executor


def run_chunks(
    fn: Callable[[Any, J], R],
    shared: Any,
    jobs: Sequence[J],
    on_result: Callable[[J, R], None],
    *,
    executor: Any = None,
    describe: Callable[[J], str] = repr,
) -> None:
    """Run ``fn(shared, job)`` for every job, on ``executor`` (None: in this process), shipping
    ``shared`` once (see the module docstring), and call ``on_result(job, result)`` in this
    process as results arrive.

    Parameters
    ----------
    fn : callable
        A module-level function (it must pickle for process pools and Dask).
    shared : object
        What every job needs (a compiled case...): pickled at most once per worker.
    jobs : sequence
        Small, picklable job descriptions (a range of columns...).
    on_result : callable
        Called with each job and its result, in completion order.
    executor : concurrent.futures.Executor or distributed.Client, optional
    describe : callable
        Words for a job in the error of a failed chunk.

    Examples
    --------
    >>> got = []
    >>> run_chunks(lambda s, j: s * j, 2, [1, 2], lambda j, r: got.append(r))
    >>> got
    [2, 4]
    """
    if executor is None:
        with _roomy_malloc():
            for job in jobs:
                on_result(job, fn(shared, job))
        return
    if not callable(getattr(executor, "submit", None)):
        raise ModelError.at(
            "executor", f"expected a concurrent.futures.Executor, got {type(executor).__name__}"
        )
    limit = 2 * worker_count(executor) + 1
    with _shared(shared, executor) as (handle, submitter):
        pending = deque(jobs)
        in_flight: dict[Any, J] = {}
        try:
            while pending or in_flight:
                while pending and len(in_flight) < limit:
                    job = pending.popleft()
                    in_flight[submitter.submit(_run, fn, handle, job)] = job
                done, _ = cf.wait(list(in_flight), return_when=cf.FIRST_COMPLETED)
                for fut in done:
                    job = in_flight.pop(fut)
                    try:
                        result = fut.result()
                    except ModelError:
                        raise
                    except Exception as exc:
                        raise SimulationError(
                            f"{describe(job)} failed on the executor: {exc!r}"
                        ) from exc
                    on_result(job, result)
        finally:
            for fut in in_flight:
                fut.cancel()

"""Files written safely: writability checked before the work, atomic replacement after it.

Every file the library writes (case files, saved ensembles, network exports) goes through
:func:`atomic_write`: the content is written to a temporary file in the target folder, flushed
to disk, then renamed over the target in one step (:func:`os.replace`). A failure at any point
removes the temporary file, so the target is either the old file, or the whole new one — never
half a file — and nothing else is left behind.

:func:`check_writable` tells, before any long computation, whether a path can be written, and
says why not (missing folder, a directory, no permission, wrong extension).

Examples
--------
>>> import pathlib, tempfile
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> atomic_write(d / "out.txt", b"hello")
>>> (d / "out.txt").read_bytes(), sorted(p.name for p in d.iterdir())
(b'hello', ['out.txt'])
>>> check_writable(d / "missing" / "out.txt", "path")
Traceback (most recent call last):
...
ssestrategy.errors.ModelError: path: folder ... does not exist
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

from .errors import ModelError

__all__ = ["atomic_open", "atomic_write", "check_writable"]


def check_writable(
    path: str | os.PathLike[str],
    name: str = "path",
    *,
    suffixes: Sequence[str] = (),
    error: type[ModelError] = ModelError,
) -> Path:
    """Raise ``error`` at ``name`` unless ``path`` can be written as a file (nothing is
    created); return it as a :class:`~pathlib.Path`.

    Parameters
    ----------
    path : str or path-like
    name : str
        The argument or option that gave the path (the error's path).
    suffixes : sequence of str
        Allowed file extensions, lower case with the dot (none: any).
    error : type
        The error class raised (:class:`~ssestrategy.errors.ModelError` or a subclass).

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> check_writable(f"{d}/run.npz", "--save", suffixes=(".npz",)).name
    'run.npz'
    >>> check_writable(d, "--save")
    Traceback (most recent call last):
    ...
    ssestrategy.errors.ModelError: --save: ... is a directory, not a file name
    >>> check_writable(f"{d}/run.txt", "--save", suffixes=(".npz",))
    Traceback (most recent call last):
    ...
    ssestrategy.errors.ModelError: --save: use a .npz file name (got 'run.txt')
    """
    if isinstance(path, str) and not path.strip():
        raise error.at(name, "expected a file name, got an empty string")
    try:
        p = Path(path)
    except TypeError:
        raise error.at(name, f"expected a file name, got {type(path).__name__}") from None
    try:
        if p.is_dir():
            raise error.at(name, f"{p} is a directory, not a file name")
        if suffixes and p.suffix.lower() not in suffixes:
            raise error.at(name, f"use a {' or '.join(suffixes)} file name (got {p.name!r})")
        folder = p.parent if str(p.parent) else Path(".")
        if not folder.exists():
            raise error.at(name, f"folder {folder} does not exist")
        if not folder.is_dir():
            raise error.at(name, f"{folder} is not a folder")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise error.at(name, f"folder {folder} is not writable")
        if p.exists() and not os.access(p, os.W_OK):
            raise error.at(name, f"{p} exists and is not writable")
    except OSError as exc:  # e.g. a name too long, a path through a file
        raise error.at(name, f"cannot write {p}: {exc.strerror or exc}") from None
    return p


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str]) -> Iterator[IO[bytes]]:
    """A binary file object whose content replaces ``path`` only if the block ends normally.

    The data go to a temporary file beside ``path`` (same folder, so the final rename is
    atomic); on an exception the temporary file is removed and ``path`` is left untouched.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.bin"
    >>> with atomic_open(p) as f:
    ...     _ = f.write(b"abc")
    >>> p.read_bytes()
    b'abc'
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        _keep_mode(target, tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _keep_mode(target: Path, tmp: str) -> None:
    """Give the new file the old one's permissions, or the default ones (mkstemp uses 0600)."""
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    with contextlib.suppress(OSError):
        os.chmod(tmp, mode)


def atomic_write(path: str | os.PathLike[str], data: bytes | Callable[[IO[bytes]], object]) -> None:
    """Write ``data`` (bytes, or a function writing to a binary file) to ``path`` atomically.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> atomic_write(p, lambda f: f.write(b"written by a function"))
    >>> p.read_text()
    'written by a function'
    """
    with atomic_open(path) as f:
        if isinstance(data, bytes | bytearray | memoryview):
            f.write(data)
        else:
            data(f)

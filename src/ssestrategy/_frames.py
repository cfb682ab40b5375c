"""Optional pandas conversion (``to_frame`` methods); pandas is an optional extra."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .errors import SSEError

__all__ = ["frame", "require_pandas"]


def require_pandas() -> Any:
    """Import pandas or raise an :class:`SSEError` saying how to install it."""
    try:
        import pandas
    except ImportError:
        raise SSEError("to_frame() needs pandas: pip install 'ssestrategy[pandas]'") from None
    return pandas


def frame(rows: Sequence[dict[str, Any]]) -> Any:
    """A DataFrame from a list of row dicts."""
    return require_pandas().DataFrame(list(rows))

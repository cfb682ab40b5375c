"""The one progress bar of the library: a line on standard error, redrawn in place.

Long runs (:func:`~ssestrategy.simulate`, :func:`~ssestrategy.compare`, the model runs of
:func:`~ssestrategy.sensitivity`, :func:`~ssestrategy.compare_territories`) take
``progress=True`` to draw it. The command line turns it on only when standard error is a
terminal (:func:`on_terminal`): a log file or a pipe gets no bar.

Examples
--------
>>> import io
>>> out = io.StringIO()
>>> bar = Progress(4, True, label="simulating", unit="scenarios", stream=out)
>>> bar.update(2); bar.update(2)
>>> out.getvalue().splitlines()[-1].strip().endswith("(4/4 scenarios)")
True
>>> Progress(4, False, stream=out).update(4)  # disabled: draws nothing
"""

from __future__ import annotations

import sys
from typing import TextIO

__all__ = ["Progress", "on_terminal"]

_WIDTH = 30


def on_terminal(stream: TextIO | None = None) -> bool:
    """Whether ``stream`` (default standard error) is an interactive terminal.

    Examples
    --------
    >>> import io
    >>> on_terminal(io.StringIO())
    False
    """
    s = stream if stream is not None else sys.stderr
    isatty = getattr(s, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except (OSError, ValueError):  # a closed stream
        return False


class Progress:
    """A progress bar of ``total`` units: ``label [#####     ]  50.0% (2/4 unit)``.

    Parameters
    ----------
    total : int
        Units of work (scenarios, model runs).
    enabled : bool
        Draw it (False: count silently).
    label, unit : str
        Words before the bar and after the counts.
    stream : file, optional
        Default standard error.
    """

    def __init__(
        self,
        total: int,
        enabled: bool,
        *,
        label: str = "simulating",
        unit: str = "scenarios",
        stream: TextIO | None = None,
    ) -> None:
        self.total = total
        self.done = 0
        self.enabled = enabled
        self.label = label
        self.unit = unit
        self.stream = stream if stream is not None else sys.stderr

    def update(self, n: int) -> None:
        """Count ``n`` more units done and redraw."""
        self.done += n
        if not self.enabled:
            return
        frac = self.done / max(self.total, 1)
        bar = "#" * round(_WIDTH * frac)
        self.stream.write(
            f"\r{self.label} [{bar:<{_WIDTH}}] {100 * frac:5.1f}% "
            f"({self.done}/{self.total} {self.unit})"
        )
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()

    def note(self, text: str) -> None:
        """Write a line of context (which province, which step) when enabled."""
        if self.enabled:
            self.stream.write(text + "\n")
            self.stream.flush()

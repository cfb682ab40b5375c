"""Peak resident memory of this process (Linux ``/proc``; ``getrusage`` elsewhere)."""

from __future__ import annotations

import resource
import sys


def status_mb(field: str) -> float | None:
    """A ``/proc/self/status`` field (``VmRSS``, ``VmHWM``...) in MiB; None if unavailable."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def reset_peak() -> bool:
    """Reset the peak resident set size (``/proc/self/clear_refs``); False if unavailable."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        return False
    return True


def peak_mb() -> float:
    """The peak resident set size since the last :func:`reset_peak` (else the lifetime one)."""
    hwm = status_mb("VmHWM")
    if hwm is not None:
        return hwm
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    return peak / 1024.0 if sys.platform == "darwin" else peak

"""Python's cyclic garbage collector held off during one bulk computation (decision 0057, bench/README.md).

A whole bloc's statistical form or a 100,000-row import creates hundreds of thousands of long-lived objects (rows,
tuples, model instances, audit entries) that hold no cycles, yet creating them sets off full collections that walk
every object of the process again and again: a third of a form's roll-up, ~13 s of an import's ~43 s of CPU.
Reference counting still frees everything; the collector runs again as soon as the work is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off for the block, then as it was found (a collector already off stays off)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

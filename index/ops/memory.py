"""Keep the process's resident memory close to what it actually holds (glibc's allocator; no-op elsewhere).

On a 10k-chunk index, glibc gives every thread that allocates its own arena
(torch's intra-op threads, Chroma's Rust threads, the bot's search workers) and keeps freed memory in
them, so reading the index and answering questions left 100-250 MB of freed but resident memory. Fewer
arenas and an occasional `malloc_trim` return it to the system.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)

# mallopt parameter number of glibc's <malloc.h>.
_M_ARENA_MAX = -8


def _glibc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        libc = ctypes.CDLL(name)
        libc.malloc_trim  # noqa: B018 - only glibc has it
        libc.mallopt  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


_LIBC = _glibc()


def limit_arenas(arenas: int) -> None:
    """Cap glibc's malloc arenas for threads started from now on (0: leave glibc's default)."""
    if arenas > 0 and _LIBC is not None and not _LIBC.mallopt(_M_ARENA_MAX, arenas):
        log.warning("could not limit malloc arenas to %d", arenas)


def release_memory() -> None:
    """Free unreachable Python objects, then hand the allocator's free pages back to the system."""
    gc.collect()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


@contextmanager
def loading_for_good() -> Iterator[None]:
    """Load what a process keeps until it exits (the model, the index) inside this block.

    Python's cycle collector scans every object it tracks each time the young ones pile up: loading the
    model and the index ran about ten such full scans, each longer than the last: 1.3-1.4 s of a bot's
    start-up. Paused while loading, then run once; what was loaded is then
    frozen, so that later full scans, which hold the GIL for everyone, skip its 600,000 objects.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.freeze()
        if was_enabled:
            gc.enable()

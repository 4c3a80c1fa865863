"""Process-wide memory habits of the entry points (index/memory.py)."""

from __future__ import annotations

import gc
import weakref

from index.ops.memory import loading_for_good


class Node:
    """A garbage-collector-tracked object that can point at itself."""

    def __init__(self) -> None:
        self.partner: Node | None = None


def test_what_is_loaded_for_good_is_frozen_and_its_garbage_collected() -> None:
    """The cycle collector is paused inside the block; after it, a reference cycle dropped while loading
    is gone, what was kept is frozen (later collections skip it), and collection is on again."""
    kept: list[Node] = []
    try:
        with loading_for_good():
            paused = not gc.isenabled()
            cycle = Node()
            cycle.partner = cycle
            dropped = weakref.ref(cycle)
            del cycle
            kept.append(Node())
        assert paused
        assert gc.isenabled()
        assert dropped() is None
        assert not any(tracked is kept[0] for tracked in gc.get_objects())
    finally:
        gc.unfreeze()
    assert any(tracked is kept[0] for tracked in gc.get_objects())

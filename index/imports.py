"""torch is imported under one lock, so that it is never imported while hidden.

spaCy's maths library (thinc) imports torch when it is installed, for models the entity recogniser does
not use: in a process that only answers questions, that is a second and 150 MB for nothing.
`without_torch` hides torch during such an import; `import_torch` waits until it is visible again.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

_IMPORTING = threading.Lock()


@contextmanager
def without_torch() -> Iterator[None]:
    """While inside, `import torch` raises ImportError, unless torch is imported already."""
    with _IMPORTING:
        if "torch" in sys.modules:
            yield
            return
        # A None in sys.modules makes the import system raise ImportError for that name.
        sys.modules["torch"] = None  # type: ignore[assignment]
        try:
            yield
        finally:
            del sys.modules["torch"]


def import_torch() -> ModuleType:
    with _IMPORTING:
        import torch

    return torch

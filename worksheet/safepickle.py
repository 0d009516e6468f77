"""Pickles read back from the cache folder with only the classes they may hold.

A cache entry is signed, but a bug or another version could still name a class that was
never kept; ``restricted_loads`` refuses any class but the model's dataclasses and the
``allowed`` names, so an entry can rebuild data and never run code.
"""

from __future__ import annotations

import dataclasses
import io
import pickle
from collections.abc import Collection
from typing import Any

_MODEL = "worksheet.model"


def restricted_loads(body: bytes, allowed: Collection[tuple[str, str]], what: str) -> Any:
    """``pickle.loads(body)`` with only ``worksheet.model``'s dataclasses and ``allowed``
    (module, name) pairs; ``pickle.UnpicklingError`` names ``what`` it is not part of."""

    class Restricted(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> Any:
            model = module == _MODEL and name[:1].isupper() and "." not in name
            if not model and (module, name) not in allowed:
                raise pickle.UnpicklingError(f"{module}.{name} is not part of {what}")
            found = super().find_class(module, name)
            if model and not dataclasses.is_dataclass(found):
                raise pickle.UnpicklingError(f"{module}.{name} is not a model dataclass")
            return found

    return Restricted(io.BytesIO(body)).load()
